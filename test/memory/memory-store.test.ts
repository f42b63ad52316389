import { describe, expect, it } from 'vitest';
import { createMemoryStore, DEFAULT_RETRIEVAL_WEIGHTS, MemoryStoreError } from '../../src/memory/memory-store.ts';
import { speaksOfAsker } from '../../src/memory/partition-scoring.ts';
import type { MemoryItem } from '../../src/memory/types.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

function item(overrides: Partial<MemoryItem> & Pick<MemoryItem, 'id' | 'text'>): MemoryItem {
  return { character: 'alice', kind: 'reflection', createdAt: NOW.toISOString(), source: [], importance: 5, ...overrides };
}

describe('createMemoryStore', () => {
  it('indexes items added one by one and finds each at once, without a rebuild', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add([item({ id: 'a', text: 'The Cheshire Cat grinned from the tree.' })]);
    expect(store.search('cat grinning', {}, 5).map((hit) => hit.item.id)).toEqual(['a']);
    store.add([item({ id: 'b', text: 'The Queen shouted for the croquet game.' })]);
    expect(store.search('croquet', {}, 5).map((hit) => hit.item.id)).toEqual(['b']);
    expect(store.search('cat', {}, 5).map((hit) => hit.item.id)).toEqual(['a']);
    expect(store.size).toBe(2);
  });

  it('replaces an item re-added with the same id instead of duplicating it', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add([item({ id: 'a', text: 'a rabbit with a pocket watch' })]);
    store.add([item({ id: 'a', text: 'a caterpillar on a mushroom' })]);
    expect(store.size).toBe(1);
    expect(store.search('rabbit', {}, 5)).toEqual([]);
    expect(store.search('mushroom', {}, 5).map((hit) => hit.item.id)).toEqual(['a']);
  });

  it('never returns one visitor\'s turns to another visitor, even for the exact words', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    const secret = 'my sister Margaret lives in Valparaiso';
    store.add([item({ id: 'turn-a', kind: 'turn', text: secret, visitor: 'visitor-a' })]);
    expect(store.search(secret, { visitor: 'visitor-b' }, 10)).toEqual([]);
    expect(store.search(secret, {}, 10)).toEqual([]);
    expect(store.retrieve(secret, { visitor: 'visitor-b', passages: 5, memories: 5 }).memories).toEqual([]);
    expect(store.items({ visitor: 'visitor-b' })).toEqual([]);
    expect(store.search(secret, { visitor: 'visitor-a' }, 10).map((hit) => hit.item.id)).toEqual(['turn-a']);
    // Re-added under another visitor, it leaves the first visitor's memory entirely.
    store.add([item({ id: 'turn-a', kind: 'turn', text: secret, visitor: 'visitor-c' })]);
    expect(store.search(secret, { visitor: 'visitor-a' }, 10)).toEqual([]);
    expect(store.search(secret, { visitor: 'visitor-c' }, 10).map((hit) => hit.item.id)).toEqual(['turn-a']);
  });

  it('excludes superseded items by default but still lists them when asked', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add([item({ id: 'old', text: 'the hatter is rude' }), item({ id: 'new', text: 'the hatter is rude but kind' })]);
    store.markSuperseded('old', 'new');
    expect(store.search('hatter rude', {}, 5).map((hit) => hit.item.id)).toEqual(['new']);
    expect(store.items({}, { includeSuperseded: true }).map((entry) => entry.id).sort()).toEqual(['new', 'old']);
    expect(store.get('old')?.supersededBy).toBe('new');
  });

  it('ranks a recent memory above an old one with the same words, and an important one above a trivial one', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW, weights: { importanceWeight: 0.5, recencyFloor: 0.5, halfLifeDays: 30 } });
    store.add([
      item({ id: 'old', text: 'tea party at the march hare', createdAt: '2024-01-01T00:00:00Z' }),
      item({ id: 'recent', text: 'tea party at the march hare', createdAt: '2025-05-31T00:00:00Z' }),
    ]);
    expect(store.search('tea party', {}, 5).map((hit) => hit.item.id)).toEqual(['recent', 'old']);
    store.add([
      item({ id: 'trivial', text: 'the dormouse fell asleep', importance: 1 }),
      item({ id: 'defining', text: 'the dormouse fell asleep', importance: 10 }),
    ]);
    const hits = store.search('dormouse asleep', {}, 5);
    expect(hits.map((hit) => hit.item.id)).toEqual(['defining', 'trivial']);
    // score = bm25 * (1 + 0.5 * importance/10) * recency: 1.5 / 1.05 between them.
    expect(hits[0]!.score / hits[1]!.score).toBeCloseTo(1.5 / 1.05, 5);
  });

  it('does not age book passages', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add([
      item({ id: 'p-old', kind: 'passage', text: 'down the rabbit hole', createdAt: '1865-01-01T00:00:00Z', bookId: 'alice' }),
      item({ id: 'p-new', kind: 'passage', text: 'down the rabbit hole', createdAt: '2025-01-01T00:00:00Z', bookId: 'alice' }),
    ]);
    const [first, second] = store.search('rabbit hole', {}, 5);
    expect(first!.score).toBeCloseTo(second!.score, 9);
  });

  it('retrieves passages of the asked book and memories including the visitor\'s own facts', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add([
      item({ id: 'p1', kind: 'passage', text: 'The garden of bright flowers', bookId: 'alice' }),
      item({ id: 'p2', kind: 'passage', text: 'A garden in Geneva', bookId: 'frankenstein' }),
      item({ id: 'r1', kind: 'reflection', text: 'I long for the garden' }),
      item({ id: 'f1', kind: 'visitor_fact', text: 'The visitor keeps a garden', visitor: 'v1' }),
      item({ id: 'f2', kind: 'visitor_fact', text: 'Another keeps a garden too', visitor: 'v2' }),
    ]);
    const result = store.retrieve('garden', { visitor: 'v1', bookId: 'alice', passages: 5, memories: 5 });
    expect(result.passages.map((hit) => hit.item.id)).toEqual(['p1']);
    expect(result.memories.map((hit) => hit.item.id).sort()).toEqual(['f1', 'r1']);
  });

  it('forgets removed items and filters by time', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add([item({ id: 'a', text: 'white rabbit', createdAt: '2025-01-01T00:00:00Z' }), item({ id: 'b', text: 'white rabbit', createdAt: '2025-03-01T00:00:00Z' })]);
    expect(store.search('rabbit', { before: '2025-02-01T00:00:00Z' }, 5).map((hit) => hit.item.id)).toEqual(['a']);
    expect(store.remove('a')).toBe(true);
    expect(store.remove('a')).toBe(false);
    expect(store.search('rabbit', {}, 5).map((hit) => hit.item.id)).toEqual(['b']);
  });

  it('scores the same query the same way whatever was searched before, after items were replaced or removed', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add(['c', 'd'].map((id) => item({ id, text: `the white rabbit ran past ${id}` })));
    store.add([item({ id: 'e', text: 'the rabbit hole went down' }), item({ id: 'f', text: 'a hole in the garden wall' })]);
    // Added after the others, so they come last in the index's postings for "rabbit".
    store.add(['a', 'b'].map((id) => item({ id, text: `the white rabbit ran past ${id}` })));
    store.add([item({ id: 'a', text: 'a caterpillar on a mushroom' })]);
    store.remove('b');
    const before = store.search('rabbit hole', {}, 1)[0]?.score;
    store.search('white rabbit', {}, 5);
    expect(store.search('rabbit hole', {}, 1)[0]?.score).toBe(before);
    // Three documents are left with "rabbit": c, d and e.
    const fresh = createMemoryStore({ character: 'alice', now: () => NOW });
    fresh.add(['c', 'd'].map((id) => item({ id, text: `the white rabbit ran past ${id}` })));
    fresh.add([item({ id: 'e', text: 'the rabbit hole went down' }), item({ id: 'f', text: 'a hole in the garden wall' }), item({ id: 'a', text: 'a caterpillar on a mushroom' })]);
    expect(before).toBeCloseTo(fresh.search('rabbit hole', {}, 1)[0]?.score as number, 9);
  });

  it('ranks the book\'s passages the same however much the character reflects on them', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    const passage = (id: string, text: string) => item({ id, kind: 'passage', text, bookId: 'alice', chapter: 1 });
    store.add([passage('p1', 'The White Rabbit took a watch out of its waistcoat-pocket.'), passage('p2', 'Alice fell down the rabbit-hole past cupboards and book-shelves.'), passage('p3', 'The Queen ordered the croquet game to begin.')]);
    const passagesFor = (query: string) => store.search(query, { kinds: ['passage'], bookId: 'alice' }, 3).map((hit) => [hit.item.id, hit.score]);
    const before = passagesFor('rabbit watch pocket');
    store.add(Array.from({ length: 20 }, (_, index) => item({ id: `r${index}`, text: `I keep thinking of the rabbit and its watch, evening ${index}.`, bookId: 'alice', chapter: 1 })));
    expect(passagesFor('rabbit watch pocket')).toEqual(before);
    // Searched together, the reflections and passages still share one scale.
    expect(store.search('rabbit watch pocket', {}, 30).map((hit) => hit.item.id)).toEqual(expect.arrayContaining(['p1', 'r0']));
  });

  it('refuses another character\'s items and out-of-range importance with a clear error', () => {
    const store = createMemoryStore({ character: 'alice' });
    expect(() => store.add([item({ id: 'x', text: 'x', character: 'victor' })])).toThrow(MemoryStoreError);
    expect(() => store.add([item({ id: 'y', text: 'y', importance: 11 })])).toThrow(/importance/);
    expect(() => store.add([item({ id: 'z', text: 'z', createdAt: 'yesterday' })])).toThrow(/createdAt/);
  });

  it('scores a visitor\'s own items on the same scale as the shared ones', () => {
    // Alone in a visitor's small index, "sister" is in one of three turns and would weigh a third
    // of what it weighs among the book's many texts, so the visitor's own memories would lose to
    // any shared text. On one scale the same words score the same wherever they are kept.
    const store = createMemoryStore({ character: 'alice', now: () => NOW, weights: { selfReferenceBoost: 1, importanceWeight: 0, recencyFloor: 1 } });
    store.add(Array.from({ length: 40 }, (_, index) => item({ id: `p${index}`, kind: 'passage', text: `The ship sailed north over the grey sea, day ${index}.` })));
    const text = 'My sister is called Margaret and she writes.';
    store.add([
      item({ id: 'copy', kind: 'turn', text }),
      item({ id: 'own', kind: 'turn', visitor: 'v1', text }),
      item({ id: 'own-2', kind: 'turn', visitor: 'v1', text: 'The ship sailed north over the cold sea.' }),
      item({ id: 'own-3', kind: 'turn', visitor: 'v1', text: 'The ice closed around the ship at night.' }),
    ]);
    const scores = new Map(store.search('sister called Margaret', { visitor: 'v1' }, 5).map((hit) => [hit.item.id, hit.score]));
    const ratio = (scores.get('own') ?? 0) / (scores.get('copy') ?? 1);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
  });

  it('favours the asker\'s own items when the question speaks of the asker', () => {
    const store = createMemoryStore({ character: 'alice', now: () => NOW });
    store.add([
      item({ id: 'shared', text: 'The garden roses were painted red.' }),
      item({ id: 'own', kind: 'turn', visitor: 'v1', text: 'The roses in the garden were painted red, all of them.' }),
    ]);
    const ranking = (query: string) => store.search(query, { visitor: 'v1' }, 2).map((hit) => [hit.item.id, hit.score] as const);
    const [firstPerson, neutral] = [ranking('what roses did I paint in my garden'), ranking('what roses were painted in the garden')];
    expect(firstPerson[0]?.[0]).toBe('own');
    const ownScore = (pairs: ReadonlyArray<readonly [string, number]>) => pairs.find(([id]) => id === 'own')?.[1] ?? 0;
    const sharedScore = (pairs: ReadonlyArray<readonly [string, number]>) => pairs.find(([id]) => id === 'shared')?.[1] ?? 0;
    expect(ownScore(firstPerson) / sharedScore(firstPerson)).toBeCloseTo(DEFAULT_RETRIEVAL_WEIGHTS.selfReferenceBoost * (ownScore(neutral) / sharedScore(neutral)), 5);
    expect(speaksOfAsker('Do you remember my dog?')).toBe(true);
    expect(speaksOfAsker('Did I tell you?')).toBe(true);
    expect(speaksOfAsker('What did the Queen say to you?')).toBe(false);
  });
});
