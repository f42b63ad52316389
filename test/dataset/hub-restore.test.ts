import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreFromHub } from '../../src/dataset/hub-restore.ts';
import { readConfig } from '../../src/dataset/shard-reader.ts';
import { appendRows } from '../../src/dataset/shard-writer.ts';
import { readStateFile, writeStateFile } from '../../src/dataset/state-files.ts';
import { createHubTestKit, REPO, TOKEN, type HubTestKit } from './hub-test-kit.ts';
import { sampleReflection } from './sample-records.ts';

const key = Buffer.alloc(32, 5);
let kit: HubTestKit;
let emptyDir: string;

beforeEach(async () => {
  kit = await createHubTestKit();
  emptyDir = await mkdtemp(join(tmpdir(), 'reverie-restore-'));
});
afterEach(async () => {
  await kit.dispose();
  await rm(emptyDir, { recursive: true, force: true });
});

describe('restore from the Hub', () => {
  it('brings every shard, state file and the card back into an empty folder', async () => {
    for (let index = 0; index < 4; index++) {
      await appendRows(kit.datasetDir, 'reflections', [sampleReflection(index * 3), sampleReflection(index * 3 + 1)], { key });
    }
    await appendRows(kit.datasetDir, 'dreams', [{ id: 'd1', character: 'alice', kind: 'insight', text: 'Size is a matter of point of view.', createdAt: '2025-03-01T00:00:00.000Z', source: ['r-000000'], importance: 7, version: 2 }], { key });
    await writeStateFile(kit.datasetDir, 'alice-cursor', { chapter: 5 });
    await kit.makeSync().syncNow();

    const logs: string[] = [];
    const result = await restoreFromHub({ token: TOKEN, repo: REPO, hubUrl: kit.hub.url, datasetDir: emptyDir, log: (message) => logs.push(message) });
    expect(result).toMatchObject({ status: 'restored', shards: 5, stateFiles: 1, hasCard: true, configs: { reflections: 4, dreams: 1 } });
    expect(await readConfig(emptyDir, 'reflections')).toEqual(await readConfig(kit.datasetDir, 'reflections'));
    expect(await readConfig(emptyDir, 'dreams')).toEqual([expect.objectContaining({ id: 'd1', version: 2, source: ['r-000000'] })]);
    expect(await readStateFile(emptyDir, 'alice-cursor')).toEqual({ chapter: 5 });
    expect(await readFile(join(emptyDir, 'README.md'), 'utf8')).toContain('config_name: dreams');
    expect(kit.hub.unknownRequests).toEqual([]);
  });

  it('starts empty when the repository does not exist yet', async () => {
    const result = await restoreFromHub({ token: TOKEN, repo: REPO, hubUrl: kit.hub.url, datasetDir: emptyDir, log: () => undefined });
    expect(result).toMatchObject({ status: 'no-repo', shards: 0 });
  });

  it('refuses a shard whose content does not match its name', async () => {
    await appendRows(kit.datasetDir, 'reflections', [sampleReflection(1)], { key });
    await kit.makeSync().syncNow();
    const repo = kit.hub.repos.get(REPO)!;
    const [path, file] = [...repo.files].find(([name]) => name.endsWith('.parquet'))!;
    repo.files.set(path, { ...file, content: Buffer.from('tampered') });
    await expect(
      restoreFromHub({ token: TOKEN, repo: REPO, hubUrl: kit.hub.url, datasetDir: emptyDir, log: () => undefined }),
    ).rejects.toThrow(/does not match its content hash/);
  });
});
