/**
 * A memory store's index on disk, so a restart does not re-index what it already knows. The
 * checkpoint is never the source of truth: the journal, the dataset and the memory versions
 * are. At start the store is opened from the checkpoint, every source gives its items again
 * (unchanged text is only re-attached, not re-tokenized), and `settle()` drops whatever the
 * checkpoint held that no source gave: so a stale checkpoint (a crash after it was written, an
 * erasure while the server was down) is corrected, never trusted. A torn, foreign or outdated
 * file is refused and the store is built from the sources.
 *
 * The one exception, which makes a start with a large journal quick: the checkpoint also keeps
 * its turns, their facts and its reflections as records, with the mark of the sources they came
 * from (source-marks.ts). When the journal still begins with the bytes the mark names, and the
 * reflection shards it names are all there unchanged, the store takes those records as they are
 * (`trust`), and only what the sources hold beyond the mark is given again. Any other change to
 * a source (an erasure's rewrite, a compaction, damage) fails the check, and that kind is given
 * again in full as before.
 */
import { CheckpointError, readCheckpoint, writeCheckpoint } from '../search-index/checkpoint-file.ts';
import { indexSections, indexStateFrom } from '../search-index/index-checkpoint.ts';
import { createMemoryStore, type MemoryStore, type MemoryStoreOptions, type StoreCheckpoint } from './memory-store.ts';
import { DEFAULT_KEYWORD_INDEX_OPTIONS } from './keyword-fields.ts';
import { TOKENIZER_VERSION } from './tokenize.ts';
import type { CheckpointSources } from './source-marks.ts';

// 1: one index per character (search-index room). 2: chunks count their own postings. 3: records and the sources' mark.
const STORE_FORMAT = 3;

/** Writes the store's compacted index to `path` atomically; returns the bytes written. */
export async function saveStoreCheckpoint(store: MemoryStore, path: string, sources: CheckpointSources = {}): Promise<number> {
  const checkpoint = store.checkpoint();
  const sections = indexSections(checkpoint.index);
  return writeCheckpoint(path, {
    header: { ...sections.header, storeFormat: STORE_FORMAT, tokenizer: TOKENIZER_VERSION, character: store.character, sources },
    arrays: { ...sections.arrays, 'items.hashes': checkpoint.hashes, 'items.kinds': checkpoint.kinds ?? new Uint8Array(checkpoint.itemIds.length) },
    strings: { ...sections.strings, 'items.ids': checkpoint.itemIds, 'partitions.keys': checkpoint.partitionKeys },
    texts: { 'items.records': checkpoint.records ?? checkpoint.itemIds.map(() => '') },
  });
}

/** The sources' mark a header names, or none when it is not one (an older or damaged header trusts nothing). */
function sourcesOf(value: unknown): CheckpointSources {
  if (typeof value !== 'object' || value === null) return {};
  const { journal, reflections } = value as Record<string, unknown>;
  const isCount = (count: unknown): count is number => typeof count === 'number' && Number.isInteger(count) && count >= 0;
  const sources: CheckpointSources = {};
  if (typeof journal === 'object' && journal !== null && isCount((journal as Record<string, unknown>).bytes) && isCount((journal as Record<string, unknown>).crc32)) {
    sources.journal = { bytes: (journal as { bytes: number }).bytes, crc32: (journal as { crc32: number }).crc32 };
  }
  if (Array.isArray(reflections) && reflections.every((shard) => typeof shard?.file === 'string' && isCount(shard?.bytes))) {
    sources.reflections = reflections.map((shard: { file: string; bytes: number }) => ({ file: shard.file, bytes: shard.bytes }));
  }
  return sources;
}

/** Reads a checkpoint for `character`; throws `CheckpointError` when it is missing, torn or was written for another character, tokenizer or format. */
export async function loadStoreCheckpoint(path: string, character: string): Promise<StoreCheckpoint & { sources: CheckpointSources }> {
  const contents = await readCheckpoint(path);
  const { header } = contents;
  if (header.storeFormat !== STORE_FORMAT) throw new CheckpointError(`${path} is of another store format`);
  if (header.tokenizer !== TOKENIZER_VERSION) throw new CheckpointError(`${path} was written by another tokenizer (${String(header.tokenizer)})`);
  if (header.character !== character) throw new CheckpointError(`${path} belongs to "${String(header.character)}", not "${character}"`);
  const index = indexStateFrom(contents);
  const itemIds = contents.strings['items.ids'];
  const hashes = contents.arrays['items.hashes'];
  const partitionKeys = contents.strings['partitions.keys'];
  const records = contents.texts['items.records'];
  const kinds = contents.arrays['items.kinds'];
  if (!itemIds || !(hashes instanceof Float64Array) || !partitionKeys || itemIds.length !== index.documents || hashes.length !== index.documents || partitionKeys.length < index.partitions) {
    throw new CheckpointError(`${path} has inconsistent item sections`);
  }
  if (!records || !(kinds instanceof Uint8Array) || records.length !== index.documents || kinds.length < index.documents) throw new CheckpointError(`${path} has inconsistent item records`);
  return { index, itemIds, hashes, partitionKeys, records, kinds, sources: sourcesOf(header.sources) };
}

/**
 * A store started from the checkpoint at `path` when it can be trusted, otherwise empty; say
 * which in `loaded`. Add every source's items, then call `settle()`.
 */
export async function openMemoryStore(options: Omit<MemoryStoreOptions, 'checkpoint'> & { checkpointPath: string }): Promise<{ store: MemoryStore; loaded: boolean; problem?: string; sources: CheckpointSources }> {
  const { checkpointPath, ...storeOptions } = options;
  const fieldCount = ({ ...DEFAULT_KEYWORD_INDEX_OPTIONS, ...storeOptions.index }).pairWeight > 0 ? 2 : 1;
  try {
    const checkpoint = await loadStoreCheckpoint(checkpointPath, options.character);
    if (checkpoint.index.fieldCount !== fieldCount) throw new CheckpointError(`${checkpointPath} was written with other index fields`);
    return { store: createMemoryStore({ ...storeOptions, checkpoint }), loaded: true, sources: checkpoint.sources };
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return { store: createMemoryStore(storeOptions), loaded: false, problem: error.message, sources: {} };
  }
}
