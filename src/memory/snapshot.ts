import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './memory-store.ts';
import { TOKENIZER_VERSION } from './tokenize.ts';
import type { MemoryItem } from './types.ts';

// 3: book passages moved to their own index partition.
const SNAPSHOT_FORMAT = 3;

const snapshotFileSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  // Index terms come from the tokenizer; a snapshot of another tokenizer's terms is stale.
  tokenizer: z.literal(TOKENIZER_VERSION),
  character: z.string(),
  inputsHash: z.string(),
  items: z.array(z.record(z.string(), z.unknown())),
  indexes: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** A snapshot file that cannot be read or does not match. */
export class SnapshotError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotError';
  }
}

/** A content hash of the items a store is built from (order-independent). */
export function hashItems(items: MemoryItem[]): string {
  const hash = createHash('sha256');
  for (const item of [...items].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))) {
    hash.update(JSON.stringify(item));
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** Writes the store's items and index to `path` (atomically), tagged with the hash of its items. */
export async function saveSnapshot(store: MemoryStore, path: string): Promise<string> {
  const snapshot = store.toSnapshot();
  const inputsHash = hashItems(snapshot.items);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ format: SNAPSHOT_FORMAT, tokenizer: TOKENIZER_VERSION, inputsHash, ...snapshot }));
  await rename(temporary, path);
  return inputsHash;
}

/** Reads a snapshot written by `saveSnapshot`; throws `SnapshotError` when missing, corrupt or another character's. */
export async function loadSnapshot(path: string, character: string, options: Omit<MemoryStoreOptions, 'character' | 'snapshot'> = {}): Promise<{ store: MemoryStore; inputsHash: string }> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SnapshotError(`could not read memory snapshot ${path}`, { cause: error });
  }
  const parsed = snapshotFileSchema.safeParse(value);
  if (!parsed.success) throw new SnapshotError(`memory snapshot ${path} is malformed`, { cause: parsed.error });
  if (parsed.data.character !== character) {
    throw new SnapshotError(`memory snapshot ${path} belongs to "${parsed.data.character}", not "${character}"`);
  }
  const snapshot = {
    character,
    // Written by saveSnapshot from validated store items.
    items: parsed.data.items as unknown as MemoryItem[],
    indexes: parsed.data.indexes as never,
  };
  return { store: createMemoryStore({ ...options, character, snapshot }), inputsHash: parsed.data.inputsHash };
}

/**
 * The store for these items: loaded from the snapshot when its hash matches (no re-indexing),
 * otherwise built fresh and the snapshot rewritten. `rebuilt` says which happened.
 */
export async function openMemoryStore(options: Omit<MemoryStoreOptions, 'snapshot'> & { items: MemoryItem[]; snapshotPath: string }): Promise<{ store: MemoryStore; rebuilt: boolean }> {
  const { items, snapshotPath, ...storeOptions } = options;
  const wanted = hashItems(items);
  try {
    const loaded = await loadSnapshot(snapshotPath, options.character, storeOptions);
    if (loaded.inputsHash === wanted) return { store: loaded.store, rebuilt: false };
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
  }
  const store = createMemoryStore(storeOptions);
  store.add(items);
  await saveSnapshot(store, snapshotPath);
  return { store, rebuilt: true };
}
