import { readFile } from 'node:fs/promises';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createHubSync } from '../../src/dataset/hub-sync.ts';
import { pseudonymize } from '../../src/dataset/scrub.ts';
import { appendRows } from '../../src/dataset/shard-writer.ts';
import { writeStateFile } from '../../src/dataset/state-files.ts';
import { createHubTestKit, REPO, type HubTestKit } from './hub-test-kit.ts';
import { sampleReflection, sampleTurn } from './sample-records.ts';

const key = Buffer.alloc(32, 9);
let kit: HubTestKit;

beforeEach(async () => {
  kit = await createHubTestKit();
});
afterEach(async () => {
  await kit.dispose();
});

function repoFiles(): string[] {
  return [...(kit.hub.repos.get(REPO)?.files.keys() ?? [])].sort();
}

async function addShard(from: number, count = 2): Promise<string> {
  const records = Array.from({ length: count }, (_, offset) => sampleReflection(from + offset));
  return appendRows(kit.datasetDir, 'reflections', records, { key });
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('hub sync', () => {
  it('creates a private dataset repo with the card on the first sync, in one commit', async () => {
    const first = await addShard(0);
    const second = await addShard(10);
    const sync = kit.makeSync();
    sync.notifyNewShard(first);
    sync.notifyNewShard(second);
    const result = await sync.syncNow();
    expect(result.status).toBe('synced');
    const repo = kit.hub.repos.get(REPO)!;
    expect(repo.type).toBe('dataset');
    expect(repo.isPrivate).toBe(true);
    expect(repoFiles()).toEqual(['README.md', ...[first, second].map((path) => path.slice(kit.datasetDir.length + 1))].sort());
    expect(repo.commits.filter((commit) => commit.added.length > 0)).toHaveLength(1);
    const card = repo.files.get('README.md')!.content.toString();
    const frontMatter = parse(card.split('---')[1]!) as { configs: { config_name: string }[] };
    expect(frontMatter.configs.map((config) => config.config_name)).toEqual(['reflections']);
    expect(sync.status()).toMatchObject({ enabled: true, pending: 0, lastError: null });
    expect(sync.status().lastSyncAt).not.toBeNull();
    expect(kit.hub.unknownRequests).toEqual([]);
  });

  it('creates a public repo when told to', async () => {
    await addShard(0);
    await kit.makeSync({ isPrivate: false }).syncNow();
    expect(kit.hub.repos.get(REPO)!.isPrivate).toBe(false);
  });

  it('uploads only the new shard on the next sync and nothing when nothing changed', async () => {
    const sync = kit.makeSync();
    sync.notifyNewShard(await addShard(0));
    await sync.syncNow();
    const added = await addShard(20);
    sync.notifyNewShard(added);
    const second = await sync.syncNow();
    expect(second.uploaded).toEqual([added.slice(kit.datasetDir.length + 1)]);
    const third = await sync.syncNow();
    expect(third.status).toBe('up-to-date');
    expect([...kit.hub.uploadCounts.values()]).toEqual([1, 1]);
  });

  it('keeps the queue through an outage and a restart, then uploads everything exactly once', async () => {
    const first = await addShard(0);
    const sync = kit.makeSync({ maxAttempts: 3 });
    sync.notifyNewShard(first);
    kit.hub.fail({ route: 'preupload', kind: 'status', status: 503, times: 3 });
    await waitFor(() => sync.status().pending === 1);
    const failed = await sync.syncNow();
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(sync.status().lastError).toMatch(/503/);
    expect(sync.status().pending).toBe(1);
    expect(kit.sleeps).toHaveLength(2);

    // A new process: the queue comes back from disk.
    const second = await addShard(30);
    const restarted = kit.makeSync({ maxAttempts: 6 });
    restarted.notifyNewShard(second);
    await waitFor(() => restarted.status().pending === 2);
    kit.hub.fail({ route: 'preupload', kind: 'status', status: 503, times: 3 });
    kit.hub.fail({ route: 'upload', kind: 'drop' });
    const recovered = await restarted.syncNow();
    expect(recovered).toMatchObject({ status: 'synced', attempts: 5 });
    expect(restarted.status().pending).toBe(0);
    expect(repoFiles().filter((path) => path.endsWith('.parquet'))).toHaveLength(2);
    expect([...kit.hub.uploadCounts.values()]).toEqual([1, 1]);
  });

  it('backs off exponentially with jitter on 429 and 500', async () => {
    await addShard(0);
    kit.hub.fail({ route: 'commit', kind: 'status', status: 429, times: 2 });
    kit.hub.fail({ route: 'tree', kind: 'status', status: 500 });
    const result = await kit.makeSync({ baseDelayMs: 100, maxDelayMs: 10_000 }).syncNow();
    expect(result).toMatchObject({ status: 'synced', attempts: 4 });
    expect(kit.sleeps).toHaveLength(3);
    kit.sleeps.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual((100 * 2 ** index) / 2);
      expect(delay).toBeLessThanOrEqual(100 * 2 ** index);
    });
  });

  it('does not retry a refusal such as 403, and is disabled by a token that is not hf_', async () => {
    await addShard(0);
    kit.hub.fail({ route: 'preupload', kind: 'status', status: 403 });
    const result = await kit.makeSync().syncNow();
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(kit.sleeps).toEqual([]);
    const badToken = kit.makeSync({ token: 'not-a-hub-token' });
    expect(badToken.status()).toMatchObject({ enabled: false, reason: 'the Hub token does not start with hf_' });
  });

  it('refetches the head and retries when the parent commit went stale', async () => {
    await addShard(0);
    const sync = kit.makeSync();
    await sync.syncNow();
    await addShard(40);
    kit.hub.fail({ route: 'commit', kind: 'stale-parent' });
    const result = await sync.syncNow();
    expect(result).toMatchObject({ status: 'synced', attempts: 2 });
    expect(kit.sleeps).toEqual([]);
    expect(repoFiles().filter((path) => path.endsWith('.parquet'))).toHaveLength(2);
  });

  it('says it is disabled, once, without a token or repo', async () => {
    const logs: string[] = [];
    const sync = createHubSync({
      hubUrl: kit.hub.url,
      datasetDir: kit.datasetDir,
      statePath: kit.statePath,
      syncEvery: 1,
      syncIntervalMs: 1000,
      log: (message) => logs.push(message),
      cardInput: { prettyName: 'x', license: 'mit', books: [] },
    });
    sync.start();
    sync.notifyNewShard(await addShard(0));
    expect(await sync.syncNow()).toMatchObject({ status: 'disabled' });
    await sync.stop();
    expect(sync.status()).toMatchObject({ enabled: false, reason: 'no Hub token configured' });
    expect(logs).toEqual(['Hub sync disabled: no Hub token configured']);
    expect(kit.hub.requests).toEqual([]);
  });

  it('syncs by itself once enough shards are waiting', async () => {
    const sync = kit.makeSync({ syncEvery: 2 });
    sync.notifyNewShard(await addShard(0));
    sync.notifyNewShard(await addShard(10));
    await waitFor(() => repoFiles().filter((path) => path.endsWith('.parquet')).length === 2);
  });

  it('syncs on the interval and pushes what is left on stop', async () => {
    const sync = kit.makeSync({ syncIntervalMs: 20 });
    sync.start();
    sync.notifyNewShard(await addShard(0));
    await waitFor(() => repoFiles().length === 2);
    await sync.stop();
    sync.notifyNewShard(await addShard(50));
    await waitFor(() => sync.status().pending === 1);
    await sync.stop();
    expect(repoFiles().filter((path) => path.endsWith('.parquet'))).toHaveLength(2);
  });

  it('uploads state files only when they change', async () => {
    const sync = kit.makeSync();
    await writeStateFile(kit.datasetDir, 'alice-cursor', { chapter: 3 });
    expect((await sync.syncNow()).uploaded).toEqual(['README.md', 'state/alice-cursor.json']);
    expect((await sync.syncNow()).status).toBe('up-to-date');
    await writeStateFile(kit.datasetDir, 'alice-cursor', { chapter: 4 });
    expect((await sync.syncNow()).uploaded).toEqual(['state/alice-cursor.json']);
    const stored = kit.hub.repos.get(REPO)!.files.get('state/alice-cursor.json')!.content.toString();
    expect(JSON.parse(stored)).toEqual({ chapter: 4 });
  });

  it('publishes rows scrubbed and with pseudonymous visitors, and conversations only on opt-in', async () => {
    const turn = sampleTurn(0, { visitor: 'cookie-123', text: 'Write to me at jane.doe@example.org or +44 20 7946 0958, card 4111 1111 1111 1111' });
    await appendRows(kit.datasetDir, 'conversations', [turn], { key });
    await addShard(0);
    await kit.makeSync().syncNow();
    expect(repoFiles().some((path) => path.startsWith('data/conversations/'))).toBe(false);

    await kit.makeSync({ isPublishingConversations: true }).syncNow();
    const path = repoFiles().find((file) => file.startsWith('data/conversations/'))!;
    const content = kit.hub.repos.get(REPO)!.files.get(path)!.content;
    const rows = await parquetReadObjects({ file: content.buffer.slice(content.byteOffset, content.byteOffset + content.length) as ArrayBuffer });
    expect(rows[0]!.text).toBe('Write to me at [email] or [phone], card [number]');
    expect(rows[0]!.visitor).toBe(pseudonymize('cookie-123', key));
    expect(content.includes('cookie-123')).toBe(false);
    const card = await readFile(`${kit.datasetDir}/README.md`, 'utf8');
    expect(card).toContain('config_name: conversations');
  });
});
