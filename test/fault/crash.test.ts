import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeHub, type FakeHub } from '../fakes/hub-server.ts';
import { parseSse } from '../helpers/sse.ts';
import { spawnServer, waitReady, type ServerProcess } from './server-process.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
async function track(server: ServerProcess) {
  cleanups.push(() => server.kill());
  return server;
}

const adminToken = 'fault-admin-token-0123456789';
const visitorId = (index: number) => `fault-visitor-${String(index).padStart(4, '0')}-abcdef`;

/** Sends one message and reads the stream; resolves with the done event's turn id, if one came. */
async function chat(baseUrl: string, index: number, message: string): Promise<{ visitor: string; turnId?: string }> {
  const visitor = visitorId(index);
  try {
    const response = await fetch(`${baseUrl}/api/characters/alice/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, visitorId: visitor }) });
    const text = await response.text();
    const done = parseSse(text.split('\n\n').filter((block) => block.includes('event: done')).map((block) => `${block}\n\n`).join('')).at(0);
    return { visitor, ...(done ? { turnId: (done.data as { turnId: string }).turnId } : {}) };
  } catch {
    return { visitor };
  }
}

async function parquetFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((entry) => entry.endsWith('.parquet')).map((entry) => path.join(folder, entry));
}

async function readAllShards(files: string[]): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let rows = 0;
  for (const file of files) {
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${file.replaceAll("'", "''")}')`);
    rows += Number(reader.getRowObjects()[0]!.n);
  }
  connection.closeSync();
  return rows;
}

describe('kill -9', () => {
  it('keeps every acknowledged turn through a kill during streamed replies, a reflection and a Hub sync, uploads nothing twice, and resumes the sync', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reverie-fault-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const hub: FakeHub = await createFakeHub();
    cleanups.push(() => hub.close());
    const environment = {
      DATA_DIR: dataDir, OFFLINE_WORD_DELAY_MS: '50', REVERIE_ADMIN_TOKEN: adminToken,
      HF_TOKEN: 'hf_test', HF_DATASET_REPO: 'ns/name', HF_ENDPOINT: hub.url, HF_SYNC_EVERY: '1', HF_SYNC_INTERVAL: '1',
      RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
    };
    const acknowledged: Array<{ visitor: string; turnId: string }> = [];
    const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

    for (let round = 0; round < 3; round += 1) {
      const server = await track(await spawnServer(environment));
      await waitReady(server.baseUrl);
      // Finished replies first (acknowledged), then replies still streaming, a reflection and a sync when the kill lands.
      for (let index = 0; index < 3; index += 1) {
        const result = await chat(server.baseUrl, round * 100 + index, `Tell me about the Queen of Hearts, round ${round}`);
        if (result.turnId) acknowledged.push({ visitor: result.visitor, turnId: result.turnId });
      }
      const inFlight = Array.from({ length: 4 }, (_, index) => chat(server.baseUrl, round * 100 + 50 + index, 'Tell me everything about the caterpillar and the mushroom').then((result) => {
        if (result.turnId) acknowledged.push({ visitor: result.visitor, turnId: result.turnId });
      }));
      void fetch(`${server.baseUrl}/api/characters/alice/reflect`, { method: 'POST', headers: admin, body: JSON.stringify({ kind: round % 2 === 0 ? 'chapter' : 'chat' }) }).catch(() => {});
      void fetch(`${server.baseUrl}/api/sync`, { method: 'POST', headers: admin, body: '{}' }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300 + round * 150));
      await server.kill();
      await Promise.all(inFlight);
    }

    // The index the kills left (checkpoints trusted up to their marks, the rest read again) holds
    // what an index built from the sources alone holds.
    const memoryItems = async (base: string) => ((await (await fetch(`${base}/api/status`)).json()) as { characters: Array<{ id: string; memoryItems: number }> }).characters.find((entry) => entry.id === 'alice')!.memoryItems;
    const rebuiltDir = await mkdtemp(path.join(os.tmpdir(), 'reverie-fault-rebuilt-'));
    cleanups.push(() => rm(rebuiltDir, { recursive: true, force: true }));
    await cp(dataDir, rebuiltDir, { recursive: true });
    await rm(path.join(rebuiltDir, 'index'), { recursive: true, force: true });
    const rebuilt = await track(await spawnServer({ ...environment, DATA_DIR: rebuiltDir, HF_TOKEN: '', HF_DATASET_REPO: '' }));
    await waitReady(rebuilt.baseUrl);
    const fromSources = await memoryItems(rebuilt.baseUrl);
    await rebuilt.kill();

    const server = await track(await spawnServer(environment));
    await waitReady(server.baseUrl);
    expect(await memoryItems(server.baseUrl)).toBe(fromSources);
    for (const { visitor, turnId } of acknowledged) {
      const turns = (await (await fetch(`${server.baseUrl}/api/characters/alice/conversation?visitorId=${visitor}`)).json()) as Array<{ id: string }>;
      expect(turns.map((turn) => turn.id), `turn ${turnId} of ${visitor}`).toContain(turnId);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(9);
    // Let the resumed queue run, then check shards and uploads.
    await fetch(`${server.baseUrl}/api/characters/alice/reflect`, { method: 'POST', headers: admin, body: JSON.stringify({ kind: 'chapter' }) });
    const sync = await fetch(`${server.baseUrl}/api/sync`, { method: 'POST', headers: admin, body: '{}' });
    expect(sync.status).toBeLessThan(500);
    const shards = await parquetFiles(dataDir);
    expect(shards.length).toBeGreaterThan(0);
    expect(await readAllShards(shards)).toBeGreaterThan(0);
    const twice = [...hub.uploadCounts].filter(([, count]) => count > 1);
    expect(twice).toEqual([]);
    const repo = hub.repos.get('datasets/ns/name') ?? [...hub.repos.values()][0];
    expect(repo, 'the sync queue resumed and reached the Hub').toBeDefined();
    expect([...repo!.files.keys()].some((file) => file.endsWith('.parquet'))).toBe(true);
  }, 240_000);
});
