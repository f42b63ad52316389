import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.ts';

const syncStateSchema = z.object({
  pending: z.array(z.string()),
  deletions: z.array(z.string()),
  lastSyncAt: z.string().nullable(),
});
/** The queue of shards not yet on the Hub, and deletions compaction asked for. */
export type SyncState = z.infer<typeof syncStateSchema>;

/** Raised when the persisted sync state cannot be read. */
export class HubSyncStateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubSyncStateError';
  }
}

/** Reads the persisted queue; a missing file is an empty queue. */
export async function loadSyncState(path: string): Promise<SyncState> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return { pending: [], deletions: [], lastSyncAt: null };
  try {
    return syncStateSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new HubSyncStateError(`Hub sync state ${path} is unreadable; remove it to rescan`, { cause: error });
  }
}

/** Writes the queue atomically, so a restart resumes it. */
export async function saveSyncState(path: string, state: SyncState): Promise<void> {
  await writeFileAtomic(path, Buffer.from(JSON.stringify(state, null, 2)));
}
