import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactConfig } from '../../src/dataset/compaction.ts';
import { listShards, readConfig } from '../../src/dataset/shard-reader.ts';
import { appendRows } from '../../src/dataset/shard-writer.ts';
import { createHubTestKit, REPO, type HubTestKit } from './hub-test-kit.ts';
import { sampleReflection } from './sample-records.ts';

const key = Buffer.alloc(32, 3);
let kit: HubTestKit;

beforeEach(async () => {
  kit = await createHubTestKit();
});
afterEach(async () => {
  await kit.dispose();
});

async function writeShards(count: number): Promise<string[]> {
  const paths: string[] = [];
  for (let index = 0; index < count; index++) {
    paths.push(await appendRows(kit.datasetDir, 'reflections', [sampleReflection(index * 2), sampleReflection(index * 2 + 1)], { key }));
  }
  return paths;
}

describe('compaction', () => {
  it('merges small shards into one with every row kept', async () => {
    await writeShards(5);
    const before = await readConfig(kit.datasetDir, 'reflections');
    const result = await compactConfig(kit.datasetDir, 'reflections', { minShards: 3 });
    expect(result).toMatchObject({ status: 'compacted', rows: 10 });
    expect(await listShards(kit.datasetDir, 'reflections')).toHaveLength(1);
    expect(await readConfig(kit.datasetDir, 'reflections')).toEqual(before);
  });

  it('leaves a config alone with too few small shards', async () => {
    await writeShards(2);
    expect(await compactConfig(kit.datasetDir, 'reflections', { minShards: 3 })).toMatchObject({ status: 'skipped' });
    expect(await compactConfig(kit.datasetDir, 'reflections', { minShards: 2, smallShardBytes: 10 })).toMatchObject({ status: 'skipped' });
    expect(await listShards(kit.datasetDir, 'reflections')).toHaveLength(2);
  });

  it('replaces the old shards on the Hub in one commit that adds the new and deletes the old', async () => {
    const sync = kit.makeSync();
    const old = await writeShards(4);
    await sync.syncNow();
    const result = await compactConfig(kit.datasetDir, 'reflections', { minShards: 2 });
    if (result.status !== 'compacted') throw new Error('expected compaction');
    sync.notifyCompaction(result);
    const synced = await sync.syncNow();
    expect(synced.status).toBe('synced');
    const repo = kit.hub.repos.get(REPO)!;
    const last = repo.commits.at(-1)!;
    const relativePath = (path: string): string => path.slice(kit.datasetDir.length + 1);
    expect(last.added).toEqual([relativePath(result.created)]);
    expect(last.deleted.sort()).toEqual(old.map(relativePath).sort());
    expect([...repo.files.keys()].filter((path) => path.endsWith('.parquet'))).toEqual([relativePath(result.created)]);
    expect((await sync.syncNow()).status).toBe('up-to-date');
  });

  it('never deletes on the Hub what was never uploaded', async () => {
    const sync = kit.makeSync();
    const paths = await writeShards(3);
    for (const path of paths) sync.notifyNewShard(path);
    const result = await compactConfig(kit.datasetDir, 'reflections', { minShards: 2 });
    if (result.status !== 'compacted') throw new Error('expected compaction');
    sync.notifyCompaction(result);
    const synced = await sync.syncNow();
    expect(synced.deleted).toEqual([]);
    expect(synced.uploaded).toContain(result.created.slice(kit.datasetDir.length + 1));
    expect(kit.hub.uploadCounts.size).toBe(1);
  });
});
