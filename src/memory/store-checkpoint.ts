/**
 * A memory store's index on disk, so a restart does not re-index what it already knows. The
 * checkpoint is never the source of truth: the journal, the dataset and the memory versions
 * are. At start the store is opened from the checkpoint, every source gives its items again
 * (unchanged text is only re-attached, not re-tokenized), and `settle()` drops whatever the
 * checkpoint held that no source gave: so a stale checkpoint (a crash after it was written, an
 * erasure while the server was down) is corrected, never trusted. A torn, foreign or outdated
 * file is refused and the store is built from the sources.
 */
import { CheckpointError, readCheckpoint, writeCheckpoint } from '../search-index/checkpoint-file.ts';
import { indexSections, indexStateFrom } from '../search-index/index-checkpoint.ts';
import { createMemoryStore, type MemoryStore, type MemoryStoreOptions, type StoreCheckpoint } from './memory-store.ts';
import { DEFAULT_KEYWORD_INDEX_OPTIONS } from './keyword-fields.ts';
import { TOKENIZER_VERSION } from './tokenize.ts';

// 1: one index per character (search-index room). 2: chunks count their own postings.
const STORE_FORMAT = 2;

/** Writes the store's compacted index to `path` atomically; returns the bytes written. */
export async function saveStoreCheckpoint(store: MemoryStore, path: string): Promise<number> {
  const checkpoint = store.checkpoint();
  const sections = indexSections(checkpoint.index);
  return writeCheckpoint(path, {
    header: { ...sections.header, storeFormat: STORE_FORMAT, tokenizer: TOKENIZER_VERSION, character: store.character },
    arrays: { ...sections.arrays, 'items.hashes': checkpoint.hashes },
    strings: { ...sections.strings, 'items.ids': checkpoint.itemIds, 'partitions.keys': checkpoint.partitionKeys },
  });
}

/** Reads a checkpoint for `character`; throws `CheckpointError` when it is missing, torn or was written for another character, tokenizer or format. */
export async function loadStoreCheckpoint(path: string, character: string): Promise<StoreCheckpoint> {
  const contents = await readCheckpoint(path);
  const { header } = contents;
  if (header.storeFormat !== STORE_FORMAT) throw new CheckpointError(`${path} is of another store format`);
  if (header.tokenizer !== TOKENIZER_VERSION) throw new CheckpointError(`${path} was written by another tokenizer (${String(header.tokenizer)})`);
  if (header.character !== character) throw new CheckpointError(`${path} belongs to "${String(header.character)}", not "${character}"`);
  const index = indexStateFrom(contents);
  const itemIds = contents.strings['items.ids'];
  const hashes = contents.arrays['items.hashes'];
  const partitionKeys = contents.strings['partitions.keys'];
  if (!itemIds || !(hashes instanceof Float64Array) || !partitionKeys || itemIds.length !== index.documents || hashes.length !== index.documents || partitionKeys.length < index.partitions) {
    throw new CheckpointError(`${path} has inconsistent item sections`);
  }
  return { index, itemIds, hashes, partitionKeys };
}

/**
 * A store started from the checkpoint at `path` when it can be trusted, otherwise empty; say
 * which in `loaded`. Add every source's items, then call `settle()`.
 */
export async function openMemoryStore(options: Omit<MemoryStoreOptions, 'checkpoint'> & { checkpointPath: string }): Promise<{ store: MemoryStore; loaded: boolean; problem?: string }> {
  const { checkpointPath, ...storeOptions } = options;
  const fieldCount = ({ ...DEFAULT_KEYWORD_INDEX_OPTIONS, ...storeOptions.index }).pairWeight > 0 ? 2 : 1;
  try {
    const checkpoint = await loadStoreCheckpoint(checkpointPath, options.character);
    if (checkpoint.index.fieldCount !== fieldCount) throw new CheckpointError(`${checkpointPath} was written with other index fields`);
    return { store: createMemoryStore({ ...storeOptions, checkpoint }), loaded: true };
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return { store: createMemoryStore(storeOptions), loaded: false, problem: error.message };
  }
}
