import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCard } from '../../src/characters/card-import.ts';
import { validateCard } from '../../src/characters/validate-card.ts';
import { startBookServer, type BookServer } from './book-server.ts';
import { buildEpub } from './epub-kit.ts';
import { BUNDLED_CORPUS, FIXTURES } from './temp-corpus.ts';

const TOKEN = 'test-admin-token';
const admin = { authorization: `Bearer ${TOKEN}` };
let bookServer: BookServer;
let base: string;
let corpus: { dir: string };
let characters: { dir: string };
const ingested: string[] = [];
const saved: string[] = [];

beforeAll(async () => {
  bookServer = await startBookServer({
    adminToken: TOKEN,
    maxUploadBytes: 1024 * 1024,
    onBookIngested: async (id) => void ingested.push(id),
    onCharacterSaved: async (id) => void saved.push(id),
    prepare: (corpusDir) => cp(path.join(BUNDLED_CORPUS, 'alice'), path.join(corpusDir, 'alice'), { recursive: true }),
  });
  base = bookServer.base;
  corpus = { dir: bookServer.corpusDir };
  characters = { dir: bookServer.charactersDir };
});

afterAll(async () => bookServer.close());

function readEvents(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim().length > 0)
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = frame.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

function form(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  return body;
}

describe('POST /api/books', () => {
  it('streams progress and then the ingestion result, and lists the new book', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'gutenberg.txt'));
    const response = await fetch(`${base}/api/books`, { method: 'POST', headers: admin, body: form(bytes, 'river.txt', { id: 'river' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = readEvents(await response.text());
    const stages = events.filter((event) => event.event === 'progress').map((event) => (event.data as { stage: string }).stage);
    expect(stages).toEqual(['reading', 'cleaning', 'chapters', 'passages', 'speech', 'indexing', 'done']);
    const done = events.find((event) => event.event === 'done')!.data as { id: string; title: string; chapters: unknown[] };
    expect(done).toMatchObject({ id: 'river', title: 'The River House' });
    expect(done.chapters).toHaveLength(2);
    expect(ingested).toContain('river');

    const list = (await (await fetch(`${base}/api/books`)).json()) as { books: Array<{ id: string; chapters: number }> };
    expect(list.books).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'alice', title: "Alice's Adventures in Wonderland", chapters: 12 }),
      expect.objectContaining({ id: 'river', chapters: 2 }),
    ]));
  });

  it('accepts an EPUB sent as a raw body with the title in the query', async () => {
    const bytes = await buildEpub('Sea', 'A. Sailor', [
      { heading: 'Chapter I', paragraphs: ['The grey water came in over the stones near the harbour wall. '.repeat(8)] },
      { heading: 'Chapter II', paragraphs: ['The boat went out towards the light over the grey water. '.repeat(8)] },
    ]);
    const response = await fetch(`${base}/api/books?title=Grey%20Sea`, { method: 'POST', headers: { ...admin, 'content-type': 'application/epub+zip' }, body: new Uint8Array(bytes) });
    const done = readEvents(await response.text()).find((event) => event.event === 'done')?.data;
    expect(done).toMatchObject({ id: 'grey-sea', format: 'epub', author: 'A. Sailor' });
  });

  it('refuses uploads without the admin token', async () => {
    const response = await fetch(`${base}/api/books`, { method: 'POST', body: form(new TextEncoder().encode('text'), 'a.txt') });
    expect(response.status).toBe(401);
  });

  it('answers empty, binary, oversized, bomb and badly named uploads with 4xx and a clear message', async () => {
    const cases: Array<[FormData, number, RegExp]> = [
      [form(new Uint8Array(), 'empty.txt'), 400, /empty/],
      [form(Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256), 'noise.bin'), 415, /binary/],
      [form(new Uint8Array(2 * 1024 * 1024).fill(0x61), 'big.txt'), 413, /limit/],
      [form(await buildEpub('Bomb', 'X', [{ heading: 'Chapter I', paragraphs: ['x'] }], { 'bomb.txt': '0'.repeat(4 * 1024 * 1024) }), 'bomb.epub'), 413, /zip bomb|limit/],
      [form(new TextEncoder().encode('Chapter 1\n\nSome text.'), 'a.txt', { id: '../escape' }), 400, /book id/i],
    ];
    for (const [body, status, message] of cases) {
      const response = await fetch(`${base}/api/books`, { method: 'POST', headers: admin, body });
      expect(response.status).toBe(status);
      const json = (await response.json()) as { error: { message: string } };
      expect(json.error.message).toMatch(message);
    }
  });
});

describe('GET /api/books/:id and drafting', () => {
  it('shows chapters and discovered characters', async () => {
    const book = (await (await fetch(`${base}/api/books/alice`)).json()) as { chapters: Array<{ number: number; title: string; words: number }>; characters: Array<{ name: string }> };
    expect(book.chapters).toHaveLength(12);
    expect(book.chapters[0]).toMatchObject({ number: 1, title: 'Down the Rabbit-Hole' });
    expect(book.characters.map((character) => character.name)).toContain('Alice');
  });

  it('answers path-like ids with 400 and unknown books with 404', async () => {
    expect((await fetch(`${base}/api/books/..%2F..%2Fetc`)).status).toBe(400);
    expect((await fetch(`${base}/api/books/%00`)).status).toBe(400);
    expect((await fetch(`${base}/api/books/nothing-here`)).status).toBe(404);
  });

  it('drafts a valid card for a discovered character and 404s for an unknown one', async () => {
    const response = await fetch(`${base}/api/books/alice/characters`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'the Hatter' }) });
    expect(response.status).toBe(200);
    const { card } = (await response.json()) as { card: unknown };
    expect(validateCard(card, 'draft').data.name).toBe('The Hatter');
    const unknown = await fetch(`${base}/api/books/alice/characters`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Sherlock' }) });
    expect(unknown.status).toBe(404);
  });
});

describe('studio cards', () => {
  async function draft(name: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${base}/api/books/alice/characters`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    return ((await response.json()) as { card: Record<string, unknown> }).card;
  }
  const put = (id: string, body: string) => fetch(`${base}/api/characters/${id}/card`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body });

  it('saves a valid card atomically, calls back, and serves it and its exports', async () => {
    const card = await draft('Dormouse');
    const response = await put('dormouse', JSON.stringify(card));
    expect(response.status).toBe(200);
    expect(saved).toContain('dormouse');
    const stored = JSON.parse(await readFile(path.join(characters.dir, 'dormouse', 'card.json'), 'utf8')) as unknown;
    expect(validateCard(stored, 'stored').data.name).toBe('The Dormouse');

    const full = await fetch(`${base}/api/characters/dormouse/card`, { headers: admin });
    expect(((await full.json()) as { data: { name: string } }).data.name).toBe('The Dormouse');
    const json = await fetch(`${base}/api/characters/dormouse/card.json`, { headers: admin });
    expect(((await json.json()) as { spec: string }).spec).toBe('chara_card_v3');
    const png = new Uint8Array(await (await fetch(`${base}/api/characters/dormouse/card.png`, { headers: admin })).arrayBuffer());
    expect(importCard(png).card.data.name).toBe('The Dormouse');
  });

  it('lists every problem of an invalid card with its field path, and names a megabyte field', async () => {
    const card = await draft('Dormouse');
    const data = card.data as Record<string, unknown>;
    const broken = { ...card, data: { ...data, first_mes: '', description: 'x'.repeat(1024 * 1024) } };
    const response = await put('dormouse', JSON.stringify(broken));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { problems: Array<{ path: string }> } };
    expect(error.problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['data.description', 'data.first_mes']));
    const wrongBook = { ...card, data: { ...data, extensions: { reverie: { ...(data.extensions as { reverie: object }).reverie, book: 'nope' } } } };
    const missingBook = await put('dormouse', JSON.stringify(wrongBook));
    expect(missingBook.status).toBe(400);
    expect(await missingBook.text()).toContain('data.extensions.reverie.book');
  });

  it('refuses path-like character ids and anonymous writes', async () => {
    const card = JSON.stringify(await draft('Dormouse'));
    expect((await put('..%2F..%2Fescape', card)).status).toBe(400);
    expect((await put('UPPER', card)).status).toBe(400);
    expect((await put('a%00b', card)).status).toBe(400);
    const anonymous = await fetch(`${base}/api/characters/dormouse/card`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: card });
    expect(anonymous.status).toBe(401);
  });

  it('imports a V2 JSON card (multipart) and a PNG card (raw body) as drafts', async () => {
    const v2 = { spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'Bill', description: 'A lizard.', first_mes: 'Here I am!', personality: '', scenario: '', mes_example: '' } };
    const body = form(new TextEncoder().encode(JSON.stringify(v2)), 'bill.json', { book: 'alice' });
    const response = await fetch(`${base}/api/characters/import`, { method: 'POST', headers: admin, body });
    expect(response.status).toBe(200);
    const imported = (await response.json()) as { card: { data: { name: string; extensions: { reverie: { book: string } } } }; isDraft: boolean };
    expect(imported).toMatchObject({ isDraft: true, card: { data: { name: 'Bill', extensions: { reverie: { book: 'alice' } } } } });

    const png = new Uint8Array(await (await fetch(`${base}/api/characters/dormouse/card.png`, { headers: admin })).arrayBuffer());
    const fromPng = await fetch(`${base}/api/characters/import`, { method: 'POST', headers: { ...admin, 'content-type': 'image/png' }, body: png });
    expect(((await fromPng.json()) as { card: { data: { name: string } } }).card.data.name).toBe('The Dormouse');

    const garbage = await fetch(`${base}/api/characters/import`, { method: 'POST', headers: { ...admin, 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) });
    expect(garbage.status).toBe(400);
  });
});
