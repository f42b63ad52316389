import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeHub, type FakeHub } from '../fakes/hub-server.ts';
import { createRecordingProvider } from '../helpers/recording-provider.ts';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';

const token = 'test-admin-token-0123456789';
const admin = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function reflectionLines(context: string): string[] {
  return context.split('\n').filter((line) => line.startsWith('[reflection'));
}

describe('restore from the Hub on an empty disk', () => {
  it('brings back the same reflections, retrieved for the same question, after the disk is wiped', async () => {
    const hub: FakeHub = await createFakeHub();
    cleanups.push(() => hub.close());
    const environment = { REVERIE_ADMIN_TOKEN: token, HF_TOKEN: 'hf_testtoken', HF_DATASET_REPO: 'reverie/characters', HF_ENDPOINT: hub.url };
    let chapter = 0;
    const provider = createRecordingProvider((request) => {
      if (request.purpose !== 'reflection') return 'I remember.';
      chapter += 1;
      return `Reading chapter ${chapter} again, I think of the Queen and the croquet-ground, of the flamingo number ${chapter} and my own fear.`;
    });

    const first: TestServer = await startTestServer(environment, { provider });
    for (let index = 0; index < 3; index += 1) {
      const response = await fetch(`${first.baseUrl}/api/characters/alice/reflect`, { method: 'POST', headers: admin, body: JSON.stringify({ kind: 'chapter' }) });
      expect(((await response.json()) as { status: string }).status).toBe('reflected');
    }
    const sync = (await (await fetch(`${first.baseUrl}/api/sync`, { method: 'POST', headers: admin })).json()) as { status: string };
    expect(sync.status).toBe('synced');
    await postMessage(first.baseUrl, 'alice', { message: 'Tell me about the Queen and the flamingo at the croquet-ground' });
    const before = reflectionLines(provider.lastChatContext());
    expect(before.length).toBeGreaterThan(0);
    const diaryBefore = await (await fetch(`${first.baseUrl}/api/characters/alice/reflections`)).json();
    await first.close();
    await rm(first.dataDir, { recursive: true, force: true });

    const second = await startTestServer(environment, { provider, dataDir: first.dataDir });
    cleanups.push(() => second.destroy());
    expect(await (await fetch(`${second.baseUrl}/api/characters/alice/reflections`)).json()).toEqual(diaryBefore);
    await postMessage(second.baseUrl, 'alice', { message: 'Tell me about the Queen and the flamingo at the croquet-ground' });
    expect(reflectionLines(provider.lastChatContext())).toEqual(before);
    const status = (await (await fetch(`${second.baseUrl}/api/status`)).json()) as { characters: Array<{ id: string; chapterCursor: { chapter: number } | null }> };
    expect(status.characters.find((entry) => entry.id === 'alice')!.chapterCursor?.chapter).toBe(3);
  });
});
