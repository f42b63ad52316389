import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSse } from '../helpers/sse.ts';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function tryMountTmpfs(folder: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('disk full', () => {
  it('answers 507 JSON before any stream, keeps what was stored, and recovers when space returns', async (context) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'reverie-full-'));
    const dataDir = path.join(root, 'data');
    await mkdir(dataDir);
    if (!tryMountTmpfs(dataDir, '2m')) {
      await rm(root, { recursive: true, force: true });
      context.skip();
    }
    cleanups.push(async () => {
      try { execFileSync('umount', [dataDir]); } catch { /* already gone */ }
      await rm(root, { recursive: true, force: true });
    });
    const server: TestServer = await startTestServer({}, { dataDir });
    cleanups.push(() => server.close());
    const visitorId = 'disk-full-visitor-0123456789';
    const first = await postMessage(server.baseUrl, 'alice', { message: 'Remember the golden key', visitorId });
    expect(first.status).toBe(200);
    const filler = path.join(dataDir, 'filler');
    await writeFile(filler, Buffer.alloc(4 * 1024 * 1024)).catch(() => {});
    // The journal's last page may still have room: long messages use it up until the disk says no.
    let refused = await postMessage(server.baseUrl, 'alice', { message: `And now something new ${'x'.repeat(3900)}`, visitorId });
    for (let attempt = 0; attempt < 6 && refused.status === 200; attempt += 1) {
      refused = await postMessage(server.baseUrl, 'alice', { message: `And now something new ${'x'.repeat(3900)}`, visitorId });
    }
    expect(refused.status).toBe(507);
    expect(refused.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(refused.text)).toMatchObject({ error: { message: expect.stringMatching(/nothing was saved/) } });
    await rm(filler);
    const after = await postMessage(server.baseUrl, 'alice', { message: 'Is there room again?', visitorId });
    expect(after.status).toBe(200);
    await server.close();
    const restarted = await startTestServer({}, { dataDir });
    cleanups.push(() => restarted.close());
    const turns = (await (await fetch(`${restarted.baseUrl}/api/characters/alice/conversation?visitorId=${visitorId}`)).json()) as Array<{ text: string }>;
    const texts = turns.map((turn) => turn.text);
    expect(texts).toContain('Remember the golden key');
    expect(texts).toContain('Is there room again?');
    expect(turns.length).toBeGreaterThanOrEqual(4);
  });
});

describe('every provider and the Hub down', () => {
  it('keeps chatting on the offline voice and keeps the sync queue retrying', async () => {
    const [anthropicPort, openaiPort, hubPort] = [await closedPort(), await closedPort(), await closedPort()];
    const server = await startTestServer({
      ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: `http://127.0.0.1:${anthropicPort}`,
      OPENAI_BASE_URL: `http://127.0.0.1:${openaiPort}/v1`, OPENAI_API_KEY: 'x', OPENAI_MODEL: 'm',
      HF_TOKEN: 'hf_test', HF_DATASET_REPO: 'ns/name', HF_ENDPOINT: `http://127.0.0.1:${hubPort}`,
      LLM_FIRST_TOKEN_TIMEOUT_MS: '2000',
    });
    cleanups.push(() => server.destroy());
    for (let index = 0; index < 3; index += 1) {
      const reply = await postMessage(server.baseUrl, 'alice', { message: `Tell me about the Cheshire Cat ${index}` });
      expect(reply.status).toBe(200);
      const done = parseSse(reply.text).at(-1)!;
      expect(done.event).toBe('done');
      expect(done.data).toMatchObject({ provider: 'offline' });
    }
    await server.reverie.reflection.reflectNow({ character: 'alice', kind: 'chapter' });
    await server.reverie.dataset.syncNow().catch(() => undefined);
    const status = (await (await fetch(`${server.baseUrl}/api/status`)).json()) as { sync: unknown };
    expect(JSON.stringify(status.sync)).toMatch(/error|fail|retry|pending|queued/i);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});
