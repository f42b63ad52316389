import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../src/memory/memory-store.ts';
import { openMemoryStore, saveStoreCheckpoint } from '../../src/memory/store-checkpoint.ts';
import { contentHash } from '../../src/memory/item-table.ts';
import type { MemoryItem } from '../../src/memory/types.ts';
import { writeCheckpoint } from '../../src/search-index/checkpoint-file.ts';
import { expectSameRanking } from '../helpers/same-ranking.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
async function checkpointPath(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'reverie-checkpoint-'));
  folders.push(folder);
  return path.join(folder, 'index', 'alice.rvix');
}

function item(overrides: Partial<MemoryItem> & Pick<MemoryItem, 'id' | 'text'>): MemoryItem {
  return { character: 'alice', kind: 'reflection', createdAt: NOW.toISOString(), source: [], importance: 5, ...overrides };
}

function sources(): MemoryItem[] {
  const passages = Array.from({ length: 30 }, (_, index) => item({ id: `p${index}`, kind: 'passage', bookId: 'alice', chapter: 1 + (index % 3), text: `The White Rabbit ran past, and the Queen of Hearts called for croquet, page ${index}. ${index % 2 ? 'The Hatter poured tea.' : 'The Cat grinned.'}` }));
  const shared = Array.from({ length: 20 }, (_, index) => item({ id: `r${index}`, text: `I keep thinking of the rabbit and the tea party, evening ${index}.`, importance: 1 + (index % 10) }));
  const visitorA = Array.from({ length: 8 }, (_, index) => item({ id: `a${index}`, kind: 'turn', visitor: 'visitor-a', text: `My sister Margaret keeps a parrot called Zanzibar, note ${index}.` }));
  const visitorB = Array.from({ length: 5 }, (_, index) => item({ id: `b${index}`, kind: 'turn', visitor: 'visitor-b', text: `I sail to Valparaiso with my dog, note ${index}.` }));
  return [...passages, ...shared, ...visitorA, ...visitorB];
}

const queries: Array<[string, Parameters<MemoryStore['search']>[1]]> = [
  ['rabbit tea party', {}],
  ['what did the queen call for', { kinds: ['passage'], bookId: 'alice' }],
  ['my sister parrot', { visitor: 'visitor-a' }],
  ['my sister parrot', { visitor: 'visitor-b' }],
  ['dog Valparaiso', { visitor: 'visitor-b', kinds: ['turn'] }],
  ['grinned cat hatter tea', { visitor: 'visitor-a' }],
];
const ranking = (store: MemoryStore) => queries.map(([query, filter]) => store.search(query, filter, 8).map((hit) => [hit.item.id, Number(hit.score.toFixed(9))]));
function expectSameAnswers(store: MemoryStore, reference: MemoryStore): void {
  for (const [query, filter] of queries) expectSameRanking(store.search(query, filter, 8), reference.search(query, filter, 8), query);
}

describe('index checkpoints', () => {
  it('hashes content as the checkpoints already on disk were written (another hash would re-index every item)', () => {
    expect([contentHash('', ''), contentHash('hello world', ''), contentHash('I remember it well: the Queen', 'visitor-00001'), contentHash('ü 漢字 😀', '\u0000book')])
      .toEqual([4446763975410778, 7158020387310069, 5667734753686710, 1890990402647349]);
  });

  it('adding the very items it holds again changes nothing', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    const items = sources();
    store.add(items);
    const before = store.search('rabbit tea', {}, 10);
    store.add(items);
    expect(store.size).toBe(items.length);
    expect(store.search('rabbit tea', {}, 10)).toEqual(before);
  });

  it('restores a store that ranks exactly as the one saved, without re-indexing unchanged items', async () => {
    const file = await checkpointPath();
    const original = createMemoryStore({ character: 'alice', now: () => NOW });
    original.add(sources());
    original.remove('r3');
    const expected = ranking(original);
    await saveStoreCheckpoint(original, file);

    const { store, loaded } = await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file });
    expect(loaded).toBe(true);
    // Until a source gives them again, the checkpoint's items are not found.
    expect(store.search('rabbit tea party', {}, 5)).toEqual([]);
    store.add(sources().filter((entry) => entry.id !== 'r3'));
    expect(store.changes).toBe(0);
    expect(store.settle()).toBe(0);
    expect(ranking(store)).toEqual(expected);
    expect(store.size).toBe(original.size);
  });

  it('corrects a stale checkpoint: items gone from the sources are dropped, changed text is re-indexed, new items join', async () => {
    const file = await checkpointPath();
    const before = createMemoryStore({ character: 'alice', now: () => NOW });
    before.add(sources());
    await saveStoreCheckpoint(before, file);

    // While the server was down: visitor B asked to be forgotten, a reflection was rewritten, another came.
    const now = [
      ...sources().filter((entry) => entry.visitor !== 'visitor-b').map((entry) => (entry.id === 'r1' ? { ...entry, text: 'I dreamt of the Duchess and her pepper.' } : entry)),
      item({ id: 'r-new', text: 'The Mock Turtle sang of turtle soup.' }),
    ];
    const { store, loaded } = await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file });
    expect(loaded).toBe(true);
    store.add(now);
    expect(store.settle()).toBe(5);
    const fresh = createMemoryStore({ character: 'alice', now: () => NOW });
    fresh.add(now);
    expectSameAnswers(store, fresh);
    expect(store.search('Valparaiso', { visitor: 'visitor-b' }, 5)).toEqual([]);
    expect(store.search('pepper duchess', {}, 1)[0]?.item.id).toBe('r1');

    // Written again, the checkpoint no longer holds the erased visitor's words or id.
    await saveStoreCheckpoint(store, file);
    const bytes = await readFile(file, 'latin1');
    expect(bytes).not.toContain('valparaiso');
    expect(bytes).not.toContain('visitor-b');
    expect(bytes).toContain('zanzibar');
  });

  it('loads the checkpoint of a store that holds only its book (no shared or private partition yet)', async () => {
    const file = await checkpointPath();
    const books = sources().filter((entry) => entry.kind === 'passage');
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add(books);
    await saveStoreCheckpoint(store, file);
    const opened = await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file });
    expect(opened.problem).toBeUndefined();
    expect(opened.loaded).toBe(true);
    opened.store.add(books);
    expect(opened.store.settle()).toBe(0);
    expect(opened.store.changes).toBe(0);
  });

  it('refuses a torn, damaged or foreign checkpoint and starts empty, so the sources rebuild it', async () => {
    const file = await checkpointPath();
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add(sources());
    await saveStoreCheckpoint(store, file);
    const bytes = await readFile(file);

    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const torn = await openMemoryStore({ character: 'alice', checkpointPath: file });
    expect(torn.loaded).toBe(false);
    expect(torn.problem).toMatch(/torn|damaged/);

    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] = flipped[flipped.length - 5]! ^ 0xff;
    await writeFile(file, flipped);
    expect((await openMemoryStore({ character: 'alice', checkpointPath: file })).problem).toMatch(/checksum/);

    await writeFile(file, bytes);
    expect((await openMemoryStore({ character: 'victor', checkpointPath: file })).problem).toMatch(/belongs to "alice"/);
    await writeCheckpoint(file, { header: { storeFormat: 3, tokenizer: -1, character: 'alice' }, arrays: {}, strings: {} });
    expect((await openMemoryStore({ character: 'alice', checkpointPath: file })).problem).toMatch(/another tokenizer/);
    expect((await openMemoryStore({ character: 'alice', checkpointPath: `${file}.missing` })).loaded).toBe(false);

    const rebuilt = (await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file })).store;
    rebuilt.add(sources());
    expect(rebuilt.settle()).toBe(0);
    expectSameAnswers(rebuilt, store);
  });

  it('keeps turns, their facts and reflections as records that a trusting start takes without their sources, parsed only when read', async () => {
    const file = await checkpointPath();
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    const fact = item({ id: 'fact:a1:0', kind: 'visitor_fact', visitor: 'visitor-a', text: 'Your sister is called Margaret.', subject: 'sister', attribute: 'name', value: 'Margaret' });
    const retired = item({ id: 'fact:a0:0', kind: 'visitor_fact', visitor: 'visitor-a', text: 'You live in Leeds.', subject: 'visitor', attribute: 'lives_in', value: 'Leeds', supersededBy: 'fact:a2:0', validTo: NOW.toISOString() });
    const insight = item({ id: 'dream:1:insight', kind: 'insight', version: 1, text: 'Visitors ask about the tea party.' });
    const drawn = item({ id: 'r0:fact:0', kind: 'visitor_fact', visitor: 'visitor-a', text: 'Your parrot talks.' });
    store.add([...sources(), fact, retired, insight, drawn]);
    // A dream's supersession is not a source's: the memory versions apply it again at start.
    store.markSuperseded('r1', 'dream:1:insight');
    await saveStoreCheckpoint(store, file, { journal: { bytes: 120, crc32: 77 }, reflections: [{ file: 'a.parquet', bytes: 9 }] });

    const opened = await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file });
    expect(opened.loaded).toBe(true);
    expect(opened.sources).toEqual({ journal: { bytes: 120, crc32: 77 }, reflections: [{ file: 'a.parquet', bytes: 9 }] });
    const trusted = opened.store;
    // 20 reflections, 13 turns and two facts of the journal: not the dream's insight nor the fact a reflection drew.
    expect(trusted.trust(['turn', 'visitor_fact', 'reflection'])).toBe(35);
    expect(trusted.get('fact:a1:0')).toEqual(fact);
    expect(trusted.get('fact:a0:0')).toEqual(retired);
    expect(trusted.get('r1')?.supersededBy).toBeUndefined();
    expect(trusted.get('a3')).toEqual(store.get('a3'));
    expect(trusted.get('dream:1:insight')).toBeUndefined();
    // The books are read again at every start; what no source gave again goes.
    trusted.add(sources().filter((entry) => entry.kind === 'passage'));
    expect(trusted.settle()).toBe(2);
    const reference = createMemoryStore({ character: 'alice', now: () => NOW });
    reference.add([...sources(), fact, retired]);
    expectSameAnswers(trusted, reference);
    expect(trusted.items({ visitor: 'visitor-a', kinds: ['visitor_fact'] }, { includeSuperseded: true }).map((entry) => entry.id).sort()).toEqual(['fact:a0:0', 'fact:a1:0']);
    // Private items stay private when they come from records.
    expect(trusted.search('sister parrot Margaret', { visitor: 'visitor-b' }, 10).some((hit) => hit.item.visitor === 'visitor-a')).toBe(false);
    // Saved again, the records not read yet are written as they were.
    await saveStoreCheckpoint(trusted, file, { journal: { bytes: 130, crc32: 78 } });
    const again = (await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file })).store;
    expect(again.trust(['turn', 'visitor_fact', 'reflection'])).toBe(35);
    again.add(sources().filter((entry) => entry.kind === 'passage'));
    expect(again.settle()).toBe(0);
    expectSameAnswers(again, reference);
  });

  it('trusts nothing by itself: untrusted records wait for their sources and go at settle when none gives them', async () => {
    const file = await checkpointPath();
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add(sources());
    await saveStoreCheckpoint(store, file, { journal: { bytes: 1, crc32: 1 } });
    const opened = (await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file })).store;
    expect(opened.size).toBe(0);
    opened.trust(['turn']);
    // The reflections were not trusted and no source gave them: they go, the turns stay.
    expect(opened.settle()).toBe(50);
    expect(opened.items({ visitor: 'visitor-a' }).map((entry) => entry.id).sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
  });
});
