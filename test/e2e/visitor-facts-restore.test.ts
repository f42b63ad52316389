import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeHub } from '../fakes/hub-server.ts';
import { createRecordingProvider } from '../helpers/recording-provider.ts';
import { someCharacters } from '../helpers/some-characters.ts';
import { postMessage, startTestServer } from '../helpers/reverie-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('visitor facts on the Hub', () => {
  it('are published pseudonymously on opt-in and come back to their visitor after the disk is wiped', async () => {
    const hub = await createFakeHub();
    cleanups.push(() => hub.close());
    const characters = await someCharacters(['alice']);
    cleanups.push(() => characters.remove());
    const environment = { CHARACTERS_DIR: characters.directory, HF_TOKEN: 'hf_testtoken', HF_DATASET_REPO: 'reverie/visitors', HF_ENDPOINT: hub.url, HF_PUBLISH_CONVERSATIONS: 'true' };
    const provider = createRecordingProvider(() => 'Curious!');
    const visitorId = 'visitor-restored-0123456789';
    const first = await startTestServer(environment, { provider });
    for (const message of ['My name is Sam.', 'My dog is called Rex.', 'I renamed my dog Max.']) await postMessage(first.baseUrl, 'alice', { message, visitorId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await first.reverie.dataset.syncNow()).status).toBe('synced');
    const published = [...hub.repos.get('reverie/visitors')!.files.keys()].filter((file) => file.startsWith('data/visitor_facts/'));
    expect(published.length).toBeGreaterThan(0);
    const bytes = Buffer.concat([...hub.repos.get('reverie/visitors')!.files.values()].map((file) => file.content)).toString('latin1');
    expect(bytes).not.toContain(visitorId);
    // The operator keeps secret.key (see the README); everything else is gone.
    const keep = path.join(first.dataDir, '..', `${path.basename(first.dataDir)}-key`);
    await copyFile(path.join(first.dataDir, 'secret.key'), keep);
    await first.close();
    await rm(first.dataDir, { recursive: true, force: true });
    await mkdir(first.dataDir, { recursive: true });
    await copyFile(keep, path.join(first.dataDir, 'secret.key'));
    await rm(keep);

    const restored = await startTestServer(environment, { provider, dataDir: first.dataDir });
    // Restarted before the visitor comes back: the restored facts are now kept by the index
    // checkpoint under the pseudonym, and still wait for their visitor.
    await restored.close();
    const second = await startTestServer(environment, { provider, dataDir: first.dataDir });
    cleanups.push(() => second.destroy());
    await postMessage(second.baseUrl, 'alice', { message: 'What is my dog called?', visitorId });
    expect(provider.requests.at(-1)!.grounding.visitorFacts).toEqual([
      { subject: 'visitor', attribute: 'name', value: 'Sam', text: 'Your name is Sam.' },
      { subject: 'dog', attribute: 'name', value: 'Max', text: 'Your dog is called Max.', previous: 'Rex' },
    ]);
    await postMessage(second.baseUrl, 'alice', { message: 'What is my name?', visitorId: 'visitor-stranger-012345678' });
    expect(provider.requests.at(-1)!.grounding.visitorFacts).toEqual([]);
  });
});
