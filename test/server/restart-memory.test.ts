import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createReverie } from '../../src/main.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';

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
});
