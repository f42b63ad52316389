import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/main.ts';
import { someCharacters } from '../helpers/some-characters.ts';
import { postMessage, startTestServer } from '../helpers/reverie-server.ts';
import { parseSse } from '../helpers/sse.ts';

const run = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('reverie forget', () => {
  it('erases a visitor by hand, for one character or all, and says what went', { timeout: 180_000 }, async () => {
    const characters = await someCharacters(['alice', 'mad-hatter']);
    cleanups.push(() => characters.remove());
    const server = await startTestServer({ CHARACTERS_DIR: characters.directory });
    cleanups.push(() => server.destroy());
    const visitorId = 'visitor-cli-0123456789abcdef';
    const said = await postMessage(server.baseUrl, 'alice', { message: 'My name is Ottoline.', visitorId });
    const turnId = (parseSse(said.text).at(-1)!.data as { turnId: string }).turnId;
    const rated = await fetch(`${server.baseUrl}/api/characters/alice/turns/${turnId}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating: -1, note: 'Ottoline did not like it', visitorId }) });
    expect(rated.status).toBe(201);
    await postMessage(server.baseUrl, 'mad-hatter', { message: 'My name is Ottoline too, Hatter.', visitorId });
    await server.close();
    const environment = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: server.dataDir, CHARACTERS_DIR: characters.directory, LLM_CASCADE: 'offline' };
    const cli = (...args: string[]) => run(process.execPath, [path.join(projectRoot, 'bin/reverie.js'), ...args], { cwd: projectRoot, env: environment });

    const hatter = JSON.parse((await cli('forget', visitorId, '--character', 'mad-hatter')).stdout) as { status: string; character: string; counts: { journalTurns: number } };
    expect(hatter).toMatchObject({ status: 'done', character: 'mad-hatter', counts: { journalTurns: 2 } });
    expect(await readFile(path.join(server.dataDir, 'journal.jsonl'), 'utf8')).not.toContain('Ottoline too');
    const all = JSON.parse((await cli('forget', visitorId)).stdout) as { status: string; counts: { journalTurns: number; feedback: number } };
    expect(all).toMatchObject({ status: 'done', counts: { journalTurns: 2, feedback: 1 } });
    expect(await readFile(path.join(server.dataDir, 'feedback.jsonl'), 'utf8')).not.toMatch(/Ottoline|visitor-cli/);
    expect(await readFile(path.join(server.dataDir, 'journal.jsonl'), 'utf8')).not.toMatch(/Ottoline|visitor-cli/);
    await expect(cli('forget', 'short')).rejects.toMatchObject({ code: 2 });
  });
});
