import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBookServer, type BookServer } from './book-server.ts';

const TOKEN = 'test-admin-token';
const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const FAMILY = path.resolve(import.meta.dirname, '../fixtures/books/family.txt');
let bookServer: BookServer;
let base: string;
let corpusDir: string;

interface Entry {
  name: string;
  aliases: string[];
  lines: number;
  mentions: number;
}
interface BookView {
  characters: Entry[];
  narrators: unknown[];
  edits: Array<Record<string, unknown> & { applied: boolean }>;
}

beforeAll(async () => {
  bookServer = await startBookServer({
    adminToken: TOKEN,
    prepare: async (dir) => {
      const folder = path.join(dir, 'family');
      await mkdir(folder);
      await cp(FAMILY, path.join(folder, 'text.txt'));
      await writeFile(path.join(folder, 'book.json'), JSON.stringify({ id: 'family', title: 'The Harwoods of Ashcombe', author: 'Test', source: 'test fixture', licence: 'written for the tests', text: 'text.txt' }));
    },
  });
  base = bookServer.base;
  corpusDir = bookServer.corpusDir;
});

afterAll(async () => bookServer.close());

async function edit(body: unknown, headers: Record<string, string> = admin): Promise<{ status: number; json: BookView & { error?: { message: string } } }> {
  const response = await fetch(`${base}/api/books/family/character-edits`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as BookView & { error?: { message: string } } };
}

const entry = (view: BookView, name: string): Entry | undefined => view.characters.find((character) => character.name === name);

describe('correcting discovered characters in the studio', () => {
  it('shows the discovered characters, the narrators and no edits at first', async () => {
    const view = (await (await fetch(`${base}/api/books/family`)).json()) as BookView;
    expect(entry(view, 'Miss Harwood')).toBeDefined();
    expect(entry(view, 'Anne')).toBeDefined();
    expect(view.narrators).toEqual([]);
    expect(view.edits).toEqual([]);
  });

  it('merges two entries into one person whose lines and aliases are both', async () => {
    const before = (await (await fetch(`${base}/api/books/family`)).json()) as BookView;
    const { status, json } = await edit({ op: 'merge', into: 'Anne', from: 'Miss Harwood' });
    expect(status).toBe(201);
    expect(entry(json, 'Miss Harwood')).toBeUndefined();
    const anne = entry(json, 'Anne')!;
    expect(anne.aliases).toContain('Miss Harwood');
    expect(anne.lines).toBe(entry(before, 'Anne')!.lines + entry(before, 'Miss Harwood')!.lines);
    expect(json.edits).toEqual([{ op: 'merge', into: 'Anne', from: 'Miss Harwood', applied: true }]);
  });

  it('splits an alias off into an entry of its own, renames, and marks an entry as not a character', async () => {
    expect((await edit({ op: 'split', from: 'Eleanor', alias: 'Nelly' })).status).toBe(201);
    expect((await edit({ op: 'rename', from: 'Eleanor', to: 'Eleanor Harwood' })).status).toBe(201);
    const { json } = await edit({ op: 'not-character', name: 'Captain Lydgate' });
    expect(entry(json, 'Nelly')?.mentions).toBe(3);
    const eleanor = entry(json, 'Eleanor Harwood')!;
    expect(eleanor.aliases).toContain('Eleanor');
    expect(eleanor.aliases).not.toContain('Nelly');
    expect(eleanor.lines).toBeGreaterThan(3);
    expect(entry(json, 'Captain Lydgate')).toBeUndefined();
    expect(json.edits.map((saved) => saved.op)).toEqual(['merge', 'split', 'rename', 'not-character']);
  });

  it('saves the edits with the book, in its corpus folder', async () => {
    const saved = JSON.parse(await readFile(path.join(corpusDir, 'family', 'character-edits.json'), 'utf8')) as { edits: Array<{ op: string }> };
    expect(saved.edits.map((saved) => saved.op)).toEqual(['merge', 'split', 'rename', 'not-character']);
  });

  it('drafts the merged person’s card from both names’ lines, with both names as aliases', async () => {
    const response = await fetch(`${base}/api/books/family/characters`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Miss Harwood' }) });
    expect(response.status).toBe(200);
    const { card, discovered } = (await response.json()) as { card: { data: { name: string; mes_example: string; first_mes: string; extensions: { reverie: { aliases: string[] } } } }; discovered: Entry };
    expect(discovered.name).toBe('Anne');
    expect(card.data.name).toBe('Anne');
    expect(card.data.extensions.reverie.aliases).toContain('Miss Harwood');
    expect(`${card.data.mes_example}\n${card.data.first_mes}`).toMatch(/Captain Lydgate is very rich|I am honest, mamma|Then he may go away again/);
  });

  it('keeps the edits when the book is uploaded again', async () => {
    const body = new FormData();
    body.append('id', 'family');
    body.append('file', new Blob([await readFile(FAMILY)]), 'family.txt');
    const response = await fetch(`${base}/api/books`, { method: 'POST', headers: { authorization: admin.authorization }, body });
    const done = (await response.text()).split('\n\n').find((frame) => frame.startsWith('event: done'))!;
    const result = JSON.parse(done.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as { characters: Entry[] };
    expect(result.characters.find((character) => character.name === 'Anne')?.aliases).toContain('Miss Harwood');
    expect(result.characters.find((character) => character.name === 'Captain Lydgate')).toBeUndefined();
    const view = (await (await fetch(`${base}/api/books/family`)).json()) as BookView;
    expect(view.edits).toHaveLength(4);
    expect(view.edits.every((saved) => saved.applied)).toBe(true);
  });

  it('undoes one edit', async () => {
    const response = await fetch(`${base}/api/books/family/character-edits/3`, { method: 'DELETE', headers: admin });
    expect(response.status).toBe(200);
    const view = (await response.json()) as BookView;
    expect(entry(view, 'Captain Lydgate')).toBeDefined();
    expect(view.edits).toHaveLength(3);
    expect((await fetch(`${base}/api/books/family/character-edits/9`, { method: 'DELETE', headers: admin })).status).toBe(404);
  });

  it('refuses an edit naming no entry, a malformed edit, and anonymous edits', async () => {
    const unknown = await edit({ op: 'merge', into: 'Anne', from: 'Mr. Nobody' });
    expect(unknown.status).toBe(409);
    expect(unknown.json.error?.message).toMatch(/Mr\. Nobody/);
    expect((await edit({ op: 'explode', name: 'Anne' })).status).toBe(400);
    expect((await edit({ op: 'rename', from: 'Anne' })).status).toBe(400);
    expect((await edit({ op: 'not-character', name: 'Anne' }, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await fetch(`${base}/api/books/family/character-edits/0`, { method: 'DELETE' })).status).toBe(401);
  });
});
