import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import type { FakeHub } from '../fakes/hub-server.ts';
import { someCharacters } from '../helpers/some-characters.ts';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';

/** The visitor who asks to be forgotten, and one who does not. */
export const forgotten = 'visitor-forgotten-0123456789';
export const stays = 'visitor-stays-0123456789abcd';

/** Every file under a folder, with its text (binary files as latin1, so ids and words are still findable). */
export async function filesUnder(directory: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(directory, { recursive: true }).catch(() => [] as string[])).map(String)) {
    const full = path.join(directory, name);
    const bytes = await readFile(full).catch(() => undefined);
    if (bytes) files.set(name, bytes.toString('latin1'));
  }
  return files;
}

/** Every row of every Parquet file the fake Hub holds, by config. */
export async function hubRows(hub: FakeHub, repo: string): Promise<Map<string, Array<Record<string, unknown>>>> {
  const rows = new Map<string, Array<Record<string, unknown>>>();
  for (const [file, { content }] of hub.repos.get(repo)?.files ?? []) {
    const config = /^data\/([a-z_]+)\//.exec(file)?.[1];
    if (!config) continue;
    const buffer = content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer;
    rows.set(config, [...(rows.get(config) ?? []), ...(await parquetReadObjects({ file: buffer }))]);
  }
  return rows;
}

/** Posts a message as a visitor and waits for the reply to end. */
export async function say(server: TestServer, character: string, visitorId: string, message: string): Promise<void> {
  const reply = await postMessage(server.baseUrl, character, { message, visitorId });
  if (reply.status !== 200) throw new Error(`message refused: ${reply.status} ${reply.text}`);
}

/** Starts a server with Alice and the Hatter, publishing to a fake Hub. */
export async function startPublishingServer(hub: FakeHub, cleanups: Array<() => Promise<void>>, options: Parameters<typeof startTestServer>[1] = {}) {
  const characters = await someCharacters(['alice', 'mad-hatter']);
  cleanups.push(() => characters.remove());
  const environment = {
    CHARACTERS_DIR: characters.directory, HF_TOKEN: 'hf_testtoken', HF_DATASET_REPO: 'reverie/forget', HF_ENDPOINT: hub.url,
    HF_PUBLISH_CONVERSATIONS: 'true', HF_SYNC_EVERY: '1000', DREAM_MIN_NEW_ITEMS: '0',
  };
  return { environment, server: await startTestServer(environment, options) };
}

/** The conversations both visitors have: facts, a chat reflection on each, a dream, a sync. */
export async function livedIn(server: TestServer): Promise<void> {
  await say(server, 'alice', forgotten, 'Hello Alice! My name is Rosalind and I live in Aberdeen.');
  await say(server, 'alice', forgotten, 'My dog is called Biscuit and he chases the seagulls on the beach every single morning.');
  await say(server, 'alice', forgotten, 'I renamed my dog Crumpet.');
  await say(server, 'alice', forgotten, 'Did I say? My name is Rosalind.');
  await say(server, 'mad-hatter', forgotten, 'My name is Rosalind. I love strong tea with lemon.');
  await say(server, 'alice', stays, 'My name is Theodore and I study astronomy.');
  const reverie = server.reverie;
  for (let index = 0; index < 2; index += 1) await reverie.reflection.reflectNow({ character: 'alice', kind: 'chat' });
  await reverie.reflection.reflectNow({ character: 'mad-hatter', kind: 'chat' });
  const dream = await reverie.dreams.service.dream('alice', { mode: 'apply', force: true });
  if (dream.status !== 'applied') throw new Error(`the dream was ${dream.status}: ${dream.reason}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const sync = await reverie.dataset.syncNow();
  if (sync.status !== 'synced') throw new Error(`sync ${sync.status}: ${sync.error}`);
}
