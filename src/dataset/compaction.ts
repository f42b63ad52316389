import { rm, stat } from 'node:fs/promises';
import type { ShardReplacement } from './hub-sync.ts';
import { listShards, readShard } from './shard-reader.ts';
import { writeShard } from './shard-writer.ts';
import type { ConfigName } from './schema.ts';

/** Options of compaction: which shards count as small, and how many make it worthwhile. */
export interface CompactionOptions {
  /** Shards smaller than this are merged (default 8 MiB). */
  smallShardBytes?: number;
  /** Merge only when at least this many small shards exist (default 4). */
  minShards?: number;
}

/** What compaction did: the new shard and the shards it replaced, or nothing. */
export type CompactionResult = ({ status: 'compacted'; rows: number } & ShardReplacement) | { status: 'skipped'; reason: string };

/**
 * Merges the small shards of a config into one new shard, then deletes them locally.
 * Pass the result to `hubSync.notifyCompaction` so the next sync makes one commit that adds the
 * new shard and deletes the old ones. Rows are copied as they are (already scrubbed).
 */
export async function compactConfig(datasetDir: string, config: ConfigName, options: CompactionOptions = {}): Promise<CompactionResult> {
  const smallShardBytes = options.smallShardBytes ?? 8 * 1024 * 1024;
  const minShards = options.minShards ?? 4;
  const small: string[] = [];
  for (const path of await listShards(datasetDir, config)) {
    if ((await stat(path)).size < smallShardBytes) small.push(path);
  }
  if (small.length < Math.max(2, minShards)) {
    return { status: 'skipped', reason: `${small.length} small shard(s), fewer than ${Math.max(2, minShards)}` };
  }
  const parts = await Promise.all(small.map((path) => readShard(path, config)));
  const rows = parts.flat();
  // The new shard is durable before any old one goes: a crash in between leaves duplicates, never a loss.
  const created = await writeShard(datasetDir, config, rows);
  const removed = small.filter((path) => path !== created);
  await Promise.all(removed.map((path) => rm(path, { force: true })));
  return { status: 'compacted', rows: rows.length, created, removed };
}
