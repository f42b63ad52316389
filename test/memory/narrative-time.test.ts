import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/memory/memory-store.ts';
import { nearEventBoost, timeAnchorOf } from '../../src/memory/narrative-time.ts';
import type { MemoryItem } from '../../src/memory/types.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

// A tale told in order: the king rides out twice, once before the feast and once after it.
const pages = [
  'The king rode out to the forest with his hounds at dawn.',
  'The cooks roasted an ox, and the great feast began in the hall.',
  'The king rode out to the sea with his hounds at dawn.',
  'The queen danced with the old duke while the minstrels played.',
  'The swans flew over the castle walls.',
];
const passages = (): MemoryItem[] =>
  pages.map((text, position) => ({ id: `tale:${position}`, character: 'king', kind: 'passage', text, createdAt: NOW.toISOString(), source: [], importance: 5, bookId: 'tale', position }));

describe('questions set after or before an event', () => {
  it('reads the event a question is set after or before', () => {
    expect(timeAnchorOf("What became of your father after Elizabeth's death?")).toEqual({ relation: 'after', terms: ['elizabeth', 'death'] });
    expect(timeAnchorOf('Where did the king ride before the feast, at dawn?')).toEqual({ relation: 'before', terms: ['feast'] });
    // What "after that" points to is in an earlier turn; "after all" and "before long" set no time.
    expect(timeAnchorOf('What did you do after that?')).toBeUndefined();
    expect(timeAnchorOf('Was it worth it after all?')).toBeUndefined();
    expect(timeAnchorOf('Did he come back before long?')).toBeUndefined();
    expect(timeAnchorOf('Where did the king ride?')).toBeUndefined();
  });

  it('boosts the event\'s own passage and the next one, on the side asked, and nothing else', () => {
    const after = { relation: 'after' as const, terms: ['feast'] };
    expect([0, 1, 2, 3].map((position) => nearEventBoost(after, 1, position, { window: 2, boost: 0.5 }))).toEqual([1, 1.5, 1.5, 1]);
    const before = { relation: 'before' as const, terms: ['feast'] };
    expect([0, 1, 2, 3].map((position) => nearEventBoost(before, 1, position, { window: 2, boost: 0.5 }))).toEqual([1.5, 1.5, 1, 1]);
  });

  it('ranks what happened after the event above the same words told before it, and the other way round', () => {
    const store = createMemoryStore({ character: 'king', now: () => NOW });
    store.add(passages());
    const top = (question: string) => store.search(question, { kinds: ['passage'] }, 5)[0]!.item.id;
    // The same two pages match "where did the king ride with his hounds": only the feast tells them apart.
    const plain = store.search('Where did the king ride with his hounds?', { kinds: ['passage'] }, 5).map((hit) => hit.item.id).slice(0, 2).sort();
    expect(plain).toEqual(['tale:0', 'tale:2']);
    // The question's own words now include the feast's: the event, not a match for the answer.
    expect(top('Where did the king ride with his hounds after the feast in the hall?')).toBe('tale:2');
    expect(top('Where did the king ride with his hounds before the feast in the hall?')).toBe('tale:0');
  });

  it('is a boost, not a filter: a page far from the event that matches much better still wins', () => {
    const store = createMemoryStore({ character: 'king', now: () => NOW });
    store.add(passages());
    expect(store.search('What did the swans fly over before the feast?', { kinds: ['passage'] }, 5)[0]!.item.id).toBe('tale:4');
  });
});
