import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createReverie, type Reverie, type ReverieOptions } from '../../src/main.ts';

/** A Reverie listening on 127.0.0.1 with a temporary DATA_DIR, for end-to-end tests. */
export interface TestServer {
  reverie: Reverie;
  baseUrl: string;
  dataDir: string;
  /** Closes the server (keeps DATA_DIR). */
  close(): Promise<void>;
  /** Closes and removes DATA_DIR. */
  destroy(): Promise<void>;
}

/** Starts a server; pass `dataDir` to restart on an existing one. */
export async function startTestServer(
  environment: Record<string, string> = {},
  options: ReverieOptions & { dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'reverie-test-')));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, OFFLINE_WORD_DELAY_MS: '0', REFLECTION_ENABLED: 'false', ...environment }, {});
  const reverie = await createReverie(config, { log: () => {}, ...options });
  const { port } = await reverie.listen();
  await reverie.ready;
  let isClosed = false;
  const close = async () => {
    if (isClosed) return;
    isClosed = true;
    await reverie.close();
  };
  return {
    reverie,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    close,
    async destroy() {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Posts a chat message and returns the status, headers and raw SSE body. */
export async function postMessage(baseUrl: string, characterId: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/characters/${characterId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
