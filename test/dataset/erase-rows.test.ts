import { access } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { removeShards, rewriteShardsWithout, toShardChange } from '../../src/dataset/erase-rows.ts';
import { listShards, readConfig } from '../../src/dataset/shard-reader.ts';
import { writeShard } from '../../src/dataset/shard-writer.ts';
import { createHubTestKit, REPO, type HubTestKit } from './hub-test-kit.ts';
import { sampleReflection } from './sample-records.ts';

let kit: HubTestKit | undefined;
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

describe('rewriting shards without a visitor\'s rows', () => {
  it('writes a new shard without the rows, keeps the old one until told, and the Hub follows in one commit', async () => {
    kit = await createHubTestKit();
    const mixed = await writeShard(kit.datasetDir, 'reflections', [sampleReflection(1, { conversationId: 'c-gone' }), sampleReflection(2), sampleReflection(3)]);
    const theirs = await writeShard(kit.datasetDir, 'reflections', [sampleReflection(5, { conversationId: 'c-gone' })]);
    const untouched = await writeShard(kit.datasetDir, 'reflections', [sampleReflection(7)]);
    const sync = kit.makeSync();
    expect((await sync.syncNow()).status).toBe('synced');
    const commitsBefore = kit.hub.repos.get(REPO)!.commits.length;

    const rewrite = await rewriteShardsWithout(kit.datasetDir, 'reflections', (row) => row.conversationId === 'c-gone');
    expect(rewrite.rows).toBe(2);
    expect(rewrite.replacements.map((replacement) => replacement.removed).sort()).toEqual([mixed, theirs].sort());
    expect(rewrite.replacements.find((replacement) => replacement.removed === theirs)?.created).toBeUndefined();
    // Nothing is deleted yet: a crash here leaves the old shards beside the new one.
    await access(mixed);
    const change = toShardChange([rewrite]);
    await removeShards(change.removed);
    expect((await readConfig(kit.datasetDir, 'reflections')).map((row) => row.id).sort()).toEqual(['r-000002', 'r-000003', 'r-000007']);
    expect(await listShards(kit.datasetDir, 'reflections')).toContain(untouched);

    const result = await sync.replaceShards(change);
    expect(result.status).toBe('synced');
    const commits = kit.hub.repos.get(REPO)!.commits.slice(commitsBefore);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.deleted.sort()).toEqual([mixed, theirs].map((path) => path.slice(kit!.datasetDir.length + 1)).sort());
    expect(commits[0]!.added).toContain(change.created[0]!.slice(kit.datasetDir.length + 1));
    const remote = [...kit.hub.repos.get(REPO)!.files.keys()].filter((path) => path.startsWith('data/reflections/'));
    expect(remote).toHaveLength(2);
  });
});
