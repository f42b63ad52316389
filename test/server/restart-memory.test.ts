import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createReverie } from '../../src/main.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';
import { createJournal } from '../../src/memory/journal.ts';
import { readTurnFacts } from '../../src/memory/visitor-facts/fact-items.ts';
import { appendRows } from '../../src/dataset/shard-writer.ts';
import { readShard } from '../../src/dataset/shard-reader.ts';
import type { MemoryItem, ReflectionRecord, TurnRecord } from '../../src/memory/types.ts';
import type { MemoryStore } from '../../src/memory/memory-store.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0).reverse()) await server.destroy();
});

/**
 * A server whose restore from the Hub takes `delayMs` (a Hub that answers slowly holds the restore,
 * and with it readiness), listening on a fresh DATA_DIR while `run` talks to it.
 */
async function withSlowRestore(delayMs: number, options: Parameters<typeof createReverie>[1], run: (base: string, reverie: Awaited<ReturnType<typeof createReverie>>) => Promise<void>): Promise<void> {
  const slowHub = http.createServer((_request, response) => {
    setTimeout(() => response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Repository not found"}'), delayMs);
  });
  await new Promise<void>((resolve) => slowHub.listen(0, '127.0.0.1', () => resolve()));
  const hubUrl = `http://127.0.0.1:${(slowHub.address() as AddressInfo).port}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reverie-ready-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, OFFLINE_WORD_DELAY_MS: '0', REFLECTION_ENABLED: 'false', HF_TOKEN: 'hf_test', HF_DATASET_REPO: 'ns/name', HF_ENDPOINT: hubUrl }, {});
  const reverie = await createReverie(config, { log: () => {}, ...options });
  try {
    const { port } = await reverie.listen();
    await run(`http://127.0.0.1:${port}`, reverie);
  } finally {
    await reverie.close();
    await new Promise((resolve) => slowHub.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('memory across a restart', () => {
  it('saves each index on close, starts from it, keeps visitors apart, and drops what the journal no longer has', async () => {
    const first = await startTestServer();
    servers.push(first);
    expect((await fetch(`${first.baseUrl}/readyz`)).status).toBe(200);
    expect((await postMessage(first.baseUrl, 'alice', { message: 'My parrot Zanzibar sings sea shanties.', visitorId: 'visitor-aaaa-0001' })).status).toBe(200);
    expect((await postMessage(first.baseUrl, 'alice', { message: 'I sail boats near Valparaiso every summer.', visitorId: 'visitor-bbbb-0002' })).status).toBe(200);
    const { dataDir } = first;
    await first.close();
    const checkpoint = path.join(dataDir, 'index', 'alice.rvix');
    expect((await stat(checkpoint)).size).toBeGreaterThan(0);

    // While it is down, visitor B's turns leave the journal (as an erasure would).
    const journal = path.join(dataDir, 'journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n').filter((line) => line && !line.includes('visitor-bbbb-0002'));
    await writeFile(journal, `${lines.join('\n')}\n`);

    const logs: string[] = [];
    const second = await startTestServer({}, { dataDir, log: (line) => logs.push(line) });
    servers.push(second);
    expect(logs.join('\n')).toMatch(/alice: dropped 1 item\(s\)/);
    expect(logs.join('\n')).not.toMatch(/alice: indexed from its sources/);
    const memory = second.reverie.runtimes.get('alice')!.memory;
    expect(memory.search('parrot Zanzibar', { visitor: 'visitor-aaaa-0001', kinds: ['turn'] }, 3).map((hit) => hit.item.visitor)).toContain('visitor-aaaa-0001');
    expect(memory.search('parrot Zanzibar', { visitor: 'visitor-bbbb-0002' }, 3).filter((hit) => hit.item.visitor !== undefined)).toEqual([]);
    expect(memory.search('Valparaiso boats', { visitor: 'visitor-bbbb-0002', kinds: ['turn'] }, 3)).toEqual([]);
  });

  it('is live at once but ready (and taking messages) only once memory is loaded', async () => {
    // No waiting for memory here, so an early message is refused at once.
    await withSlowRestore(1500, { readyWaitMs: 0 }, async (base, reverie) => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const waiting = await fetch(`${base}/readyz`);
      expect(waiting.status).toBe(503);
      expect(waiting.headers.get('retry-after')).toBe('2');
      expect(await waiting.json()).toMatchObject({ ready: false });
      const early = await postMessage(base, 'alice', { message: 'Hello?' });
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).toBe('2');
      await reverie.ready;
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true });
      expect((await postMessage(base, 'alice', { message: 'Hello?' })).status).toBe(200);
    });
  });

  it('holds a message that comes while memory loads until it is ready, within the wait', async () => {
    await withSlowRestore(800, {}, async (base) => {
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      // Sent before memory is ready, answered once it is.
      const early = await postMessage(base, 'alice', { message: 'Hello?' });
      expect(early.status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true });
    });
  });

  it('starts from the records its checkpoint holds when the journal only grew, reading only the turns after its mark, as a start from the sources would', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reverie-trust-'));
    const datasetDir = path.join(dataDir, 'dataset');
    const reflection = (id: string, text: string): ReflectionRecord => ({ id, character: 'alice', kind: 'chapter', chapter: 1, text, createdAt: '2025-01-01T00:00:00.000Z', evidence: [], mood: 0, importance: 5, provider: 'offline', model: 'offline-diary', inputTokens: 0, outputTokens: 0, verdict: 'accepted' });
    await appendRows(datasetDir, 'reflections', [reflection('r-1', 'I keep thinking of the lobster quadrille.')], { key: Buffer.alloc(32, 7) });
    await appendRows(datasetDir, 'reflections', [reflection('r-2', 'The mock turtle wept over his soup.')], { key: Buffer.alloc(32, 7) });
    const first = await startTestServer({}, { dataDir });
    servers.push(first);
    expect((await postMessage(first.baseUrl, 'alice', { message: 'My name is Nadia and I live in Lyon.', visitorId: 'visitor-nadia-0001' })).status).toBe(200);
    expect((await postMessage(first.baseUrl, 'alice', { message: 'I keep a parrot called Zanzibar.', visitorId: 'visitor-omar-0002' })).status).toBe(200);
    await first.close();

    // While it is down (or as a kill -9 left it): turns journaled after the checkpoint was written,
    // one of them changing what Nadia told before, and a reflection shard written.
    const journal = createJournal({ path: path.join(dataDir, 'journal.jsonl') });
    await journal.replay();
    const later = (id: string, visitor: string, text: string): TurnRecord => ({ id, character: 'alice', visitor, conversationId: `late-${visitor}`, role: 'visitor', text, createdAt: new Date().toISOString(), ...readTurnFacts(text) });
    await journal.append(later('t-late-1', 'visitor-nadia-0001', 'I moved to Paris last month.'));
    await journal.append(later('t-late-2', 'visitor-sam-0003', 'My dog is called Rex.'));
    await journal.close();
    await appendRows(datasetDir, 'reflections', [reflection('r-3', 'The Duchess sneezed and the baby howled.')], { key: Buffer.alloc(32, 7) });
    const fromSources = await mkdtemp(path.join(os.tmpdir(), 'reverie-trust-sources-'));
    await cp(dataDir, fromSources, { recursive: true });
    await rm(path.join(fromSources, 'index'), { recursive: true, force: true });

    const logs: string[] = [];
    const second = await startTestServer({}, { dataDir, log: (line) => logs.push(line) });
    servers.push(second);
    const reference = await startTestServer({}, { dataDir: fromSources });
    servers.push(reference);
    expect(logs.join('\n')).not.toMatch(/alice: (indexed from its sources|dropped)/);
    const memory = second.reverie.runtimes.get('alice')!.memory;
    const everything = (store: MemoryStore) => store.items({}, { includeSuperseded: true }).length + ['visitor-nadia-0001', 'visitor-omar-0002', 'visitor-sam-0003'].flatMap((visitor) => store.items({ visitor }, { includeSuperseded: true }).filter((entry) => entry.visitor === visitor)).length;
    const byId = (list: MemoryItem[]) => [...list].sort((left, right) => left.id.localeCompare(right.id));
    for (const visitor of ['visitor-nadia-0001', 'visitor-omar-0002', 'visitor-sam-0003']) {
      expect(byId(memory.items({ visitor }, { includeSuperseded: true }))).toEqual(byId(reference.reverie.runtimes.get('alice')!.memory.items({ visitor }, { includeSuperseded: true })));
    }
    expect(everything(memory)).toBe(everything(reference.reverie.runtimes.get('alice')!.memory));
    const facts = memory.items({ visitor: 'visitor-nadia-0001', kinds: ['visitor_fact'] }, { includeSuperseded: true });
    expect(facts.find((fact) => fact.value === 'Lyon')?.validTo).toBeDefined();
    expect(facts.find((fact) => fact.value === 'Paris')?.validTo).toBeUndefined();
    expect(memory.search('lobster quadrille', { kinds: ['reflection'] }, 3).map((hit) => hit.item.id)).toEqual(['r-1']);
    expect(memory.search('Duchess sneezed baby', { kinds: ['reflection'] }, 3).map((hit) => hit.item.id)).toEqual(['r-3']);
    // The conversation log has every turn, the ones the start did not parse included.
    expect(second.reverie.conversations.counts()).toEqual(reference.reverie.conversations.counts());
    expect(second.reverie.conversations.turnsFor('alice', 'visitor-nadia-0001').map((entry) => entry.text)).toEqual(reference.reverie.conversations.turnsFor('alice', 'visitor-nadia-0001').map((entry) => entry.text));
    expect((await (await fetch(`${second.baseUrl}/api/characters/alice/reflections`)).json() as unknown[]).length).toBe(3);
    await second.close();

    // A shard gone while down (an erasure's rewrite, say) takes its reflections with it: the
    // checkpoint's word for the shards it named is not taken.
    const shards = (await readdir(path.join(datasetDir, 'data', 'reflections'))).filter((name) => name.endsWith('.parquet')).sort();
    const third = await startTestServer({}, { dataDir });
    servers.push(third);
    const memoryAfter = () => third.reverie.runtimes.get('alice')!.memory;
    expect(memoryAfter().items({ kinds: ['reflection'] }).length).toBe(3);
    await third.close();
    for (const shard of shards) {
      const file = path.join(datasetDir, 'data', 'reflections', shard);
      if ((await readShard(file, 'reflections')).some((record) => record.id === 'r-1')) await rm(file);
    }
    const fourth = await startTestServer({}, { dataDir });
    servers.push(fourth);
    expect(fourth.reverie.runtimes.get('alice')!.memory.items({ kinds: ['reflection'] }).map((entry) => entry.id).sort()).toEqual(['r-2', 'r-3']);
    await rm(fromSources, { recursive: true, force: true });
  });
});
