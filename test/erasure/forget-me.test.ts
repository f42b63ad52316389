import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pseudonymize } from '../../src/dataset/scrub.ts';
import { createFakeHub } from '../fakes/hub-server.ts';
import { startTestServer } from '../helpers/reverie-server.ts';
import { filesUnder, forgotten, hubRows, livedIn, say, startPublishingServer, stays } from './erasure-kit.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const forgottenWords = /Rosalind|Aberdeen|Biscuit|Crumpet|seagulls|strong tea with lemon/;

async function erase(baseUrl: string, query: string) {
  const response = await fetch(`${baseUrl}/api/visitors/me?${query}`, { method: 'DELETE' });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { status?: string; erased?: Record<string, unknown>; error?: { code: string; message: string } } };
}

describe('DELETE /api/visitors/me', () => {
  it('asks for confirmation, and needs somebody to forget', async () => {
    const hub = await createFakeHub();
    cleanups.push(() => hub.close());
    const { server } = await startPublishingServer(hub, cleanups);
    cleanups.push(() => server.destroy());
    const unconfirmed = await erase(server.baseUrl, `visitorId=${forgotten}`);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error).toMatchObject({ code: 'confirmation_required', message: expect.stringMatching(/confirm=yes/) });
    expect((await erase(server.baseUrl, 'confirm=yes')).body.error?.code).toBe('no_visitor');
    expect((await erase(server.baseUrl, `confirm=yes&visitorId=${forgotten}&character=nobody`)).status).toBe(404);
  });

  it('erases one character\'s memory of the visitor, then everything, from every file and the Hub in one commit, and leaves the rest alone', async () => {
    const hub = await createFakeHub();
    cleanups.push(() => hub.close());
    const { server } = await startPublishingServer(hub, cleanups);
    cleanups.push(() => server.destroy());
    await livedIn(server);
    const key = await readFile(path.join(server.dataDir, 'secret.key'), 'utf8').then((text) => Buffer.from(text.trim(), 'hex'));
    const pseudonym = pseudonymize(forgotten, key);
    const before = await filesUnder(server.dataDir);
    expect([...before.values()].some((text) => forgottenWords.test(text))).toBe(true);
    const alicePassages = server.reverie.runtimes.get('alice')!.memory.items({ kinds: ['passage'] }).length;

    // The Hatter only.
    const hatter = await erase(server.baseUrl, `confirm=yes&visitorId=${forgotten}&character=mad-hatter`);
    expect(hatter.status).toBe(200);
    expect(hatter.body).toMatchObject({ status: 'done', character: 'mad-hatter', erased: { journalTurns: 2, conversations: 1 } });
    expect(server.reverie.runtimes.get('mad-hatter')!.memory.items({ visitor: forgotten }, { includeSuperseded: true }).filter((item) => item.visitor === forgotten)).toEqual([]);
    expect(server.reverie.runtimes.get('alice')!.memory.items({ visitor: forgotten }).some((item) => item.visitor === forgotten)).toBe(true);
    expect(await readFile(path.join(server.dataDir, 'journal.jsonl'), 'utf8')).toContain('Aberdeen');

    // Everything.
    const commitsBefore = hub.repos.get('reverie/forget')!.commits.length;
    const all = await erase(server.baseUrl, `confirm=yes&visitorId=${forgotten}`);
    expect(all.status).toBe(200);
    expect(all.headers.get('set-cookie')).toMatch(/visitor=;/);
    expect(all.body.erased).toMatchObject({ journalTurns: 8, conversations: 1, versionFiles: 1, reflections: 1, hub: { status: 'synced' } });
    expect((all.body.erased as { versionItems: number }).versionItems).toBeGreaterThan(0);
    expect((all.body.erased as { datasetRows: Record<string, number> }).datasetRows).toMatchObject({ visitor_facts: expect.any(Number), reflections: expect.any(Number) });
    // One commit rewrote the affected shards.
    const commits = hub.repos.get('reverie/forget')!.commits.slice(commitsBefore);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.deleted.length).toBeGreaterThan(0);

    // Nothing of theirs is left in any file, any store, or on the Hub.
    const after = await filesUnder(server.dataDir);
    for (const [file, text] of after) {
      if (file === 'erasures.json') continue;
      expect(text, file).not.toMatch(forgottenWords);
      expect(text, file).not.toContain(forgotten);
      expect(text, file).not.toContain(pseudonym);
    }
    expect(await readFile(path.join(server.dataDir, 'erasures.json'), 'utf8')).not.toMatch(new RegExp(`${forgotten}|${pseudonym}|Rosalind`));
    for (const runtime of server.reverie.runtimes.values()) {
      expect(runtime.memory.items({ visitor: forgotten }, { includeSuperseded: true }).filter((item) => item.visitor === forgotten)).toEqual([]);
      expect(runtime.memory.items({}, { includeSuperseded: true }).map((item) => item.text).join('\n')).not.toMatch(forgottenWords);
    }
    const rows = await hubRows(hub, 'reverie/forget');
    expect(JSON.stringify([...rows.values()], (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))).not.toMatch(new RegExp(`${pseudonym}|Rosalind|Aberdeen|Biscuit|Crumpet|seagulls`));
    for (const text of [...hub.repos.get('reverie/forget')!.files.values()].map((file) => file.content.toString('latin1'))) expect(text).not.toMatch(forgottenWords);

    // The other visitor and the book are untouched.
    expect(await readFile(path.join(server.dataDir, 'journal.jsonl'), 'utf8')).toContain('Theodore');
    expect(rows.get('visitor_facts')!.some((row) => row.value === 'Theodore')).toBe(true);
    expect(server.reverie.runtimes.get('alice')!.memory.items({ kinds: ['passage'] })).toHaveLength(alicePassages);
    const conversation = await (await fetch(`${server.baseUrl}/api/characters/alice/conversation?visitorId=${stays}`)).json();
    expect(conversation).toHaveLength(2);
    expect(await (await fetch(`${server.baseUrl}/api/characters/alice/conversation?visitorId=${forgotten}`)).json()).toEqual([]);

    // A restart brings none of it back, and the visitor starts afresh.
    await server.close();
    const restarted = await startTestServer({ CHARACTERS_DIR: server.reverie.config.CHARACTERS_DIR, HF_PUBLISH_CONVERSATIONS: 'true' }, { dataDir: server.dataDir });
    cleanups.push(() => restarted.close());
    expect(restarted.reverie.runtimes.get('alice')!.memory.items({ visitor: forgotten }, { includeSuperseded: true }).filter((item) => item.visitor === forgotten)).toEqual([]);
    await say(restarted, 'alice', forgotten, 'What is my name?');
    expect(await readFile(path.join(server.dataDir, 'journal.jsonl'), 'utf8')).not.toMatch(forgottenWords);
  });
});

describe('an erasure interrupted halfway', () => {
  for (const crashAfter of ['journal', 'versions', 'dataset'] as const) {
    it(`is finished on restart when the process dies after the ${crashAfter} step`, async () => {
      const hub = await createFakeHub();
      cleanups.push(() => hub.close());
      const crash = { isArmed: true };
      const { server, environment } = await startPublishingServer(hub, cleanups, {
        afterErasureStep: (step) => {
          if (crash.isArmed && step === crashAfter) throw new Error(`simulated crash after ${step}`);
        },
      });
      cleanups.push(() => server.destroy());
      await livedIn(server);
      const failed = await erase(server.baseUrl, `confirm=yes&visitorId=${forgotten}`);
      expect(failed.status).toBe(500);
      const intents = JSON.parse(await readFile(path.join(server.dataDir, 'erasures.json'), 'utf8')) as { erasures: Array<{ status: string; done: string[] }> };
      expect(intents.erasures).toEqual([expect.objectContaining({ status: 'pending', done: expect.arrayContaining([crashAfter]) })]);
      // The process dies: nothing more of this erasure runs in it.
      crash.isArmed = false;
      await server.close();

      const restarted = await startTestServer(environment, { dataDir: server.dataDir });
      cleanups.push(() => restarted.close());
      const done = JSON.parse(await readFile(path.join(server.dataDir, 'erasures.json'), 'utf8')) as { erasures: Array<{ status: string; plan?: unknown }> };
      expect(done.erasures).toEqual([expect.objectContaining({ status: 'done' })]);
      expect(done.erasures[0]!.plan).toBeUndefined();
      for (const [file, text] of await filesUnder(server.dataDir)) {
        expect(text, file).not.toMatch(forgottenWords);
        expect(text, file).not.toContain(forgotten);
      }
      for (const runtime of restarted.reverie.runtimes.values()) {
        expect(runtime.memory.items({ visitor: forgotten }, { includeSuperseded: true }).filter((item) => item.visitor === forgotten)).toEqual([]);
      }
      for (const text of [...hub.repos.get('reverie/forget')!.files.values()].map((file) => file.content.toString('latin1'))) expect(text).not.toMatch(forgottenWords);
      expect(await readFile(path.join(server.dataDir, 'journal.jsonl'), 'utf8')).toContain('Theodore');
    });
  }
});
