import { rm } from 'node:fs/promises';
import type { ShardChange } from './hub-sync.ts';
import type { DatasetRecord } from './row-codec.ts';
import { listShards, readShard } from './shard-reader.ts';
import { writeShard } from './shard-writer.ts';
import type { ConfigName } from './schema.ts';

/** What rewriting one config's shards without some rows did. */
export interface ShardRewrite {
  config: ConfigName;
  /** Rows taken out. */
  rows: number;
  /** Each rewritten shard: the new one (absent when no row was left) and the old one it replaces. */
  replacements: Array<{ created?: string; removed: string }>;
}

/**
 * Writes, for every shard of `config` holding a row `isErased` picks, a new shard without those
 * rows (rows copied as stored: already scrubbed). Old shards are left in place: delete them with
 * `removeShards` once the rewrite is recorded, so a crash in between leaves both, never neither.
 */
export async function rewriteShardsWithout(datasetDir: string, config: ConfigName, isErased: (row: DatasetRecord) => boolean): Promise<ShardRewrite> {
  const result: ShardRewrite = { config, rows: 0, replacements: [] };
  for (const path of await listShards(datasetDir, config)) {
    const rows = (await readShard(path, config)) as DatasetRecord[];
    const kept = rows.filter((row) => !isErased(row));
    if (kept.length === rows.length) continue;
    result.rows += rows.length - kept.length;
    const created = kept.length > 0 ? await writeShard(datasetDir, config, kept) : undefined;
    result.replacements.push({ ...(created ? { created } : {}), removed: path });
  }
  return result;
}

/** Deletes shards a rewrite replaced (absent ones are fine: deleting twice is deleting once). */
export async function removeShards(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true })));
}

/** The rewrites as one change for the Hub: new shards to upload, old ones to delete, in one commit. */
export function toShardChange(rewrites: readonly ShardRewrite[]): ShardChange {
  const replacements = rewrites.flatMap((rewrite) => rewrite.replacements);
  return { created: replacements.flatMap((replacement) => (replacement.created ? [replacement.created] : [])), removed: replacements.map((replacement) => replacement.removed) };
}
