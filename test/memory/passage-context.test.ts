import { describe, expect, it } from 'vitest';
import { spreadOverChapters } from '../../src/memory/passage-context.ts';
import type { MemoryHit } from '../../src/memory/types.ts';

const hit = (id: string, chapter: number | undefined, score: number): MemoryHit => ({
  item: { id, character: 'c', kind: 'passage', text: id, createdAt: new Date(0).toISOString(), source: [], importance: 5, ...(chapter !== undefined ? { chapter } : {}) },
  score,
});
const ids = (hits: MemoryHit[]) => hits.map((entry) => entry.item.id);

describe('spreadOverChapters', () => {
  it('puts a fair match from another chapter before a second page of the first', () => {
    const hits = [hit('a1', 1, 10), hit('a2', 1, 9), hit('a3', 1, 8), hit('b1', 2, 6), hit('c1', 3, 5.5)];
    expect(ids(spreadOverChapters(hits, 3))).toEqual(['a1', 'b1', 'c1']);
  });

  it('keeps a strong scene together over weak strangers', () => {
    const hits = [hit('a1', 1, 10), hit('a2', 1, 9), hit('b1', 2, 4)];
    expect(ids(spreadOverChapters(hits, 2))).toEqual(['a1', 'a2']);
    expect(ids(spreadOverChapters(hits, 3))).toEqual(['a1', 'a2', 'b1']);
  });

  it('always starts with the best match, returns at most the limit, and treats chapterless hits as one group', () => {
    const hits = [hit('x', undefined, 10), hit('y', undefined, 9), hit('a1', 1, 6)];
    expect(ids(spreadOverChapters(hits, 2))).toEqual(['x', 'a1']);
    expect(spreadOverChapters([], 3)).toEqual([]);
    expect(ids(spreadOverChapters(hits, 10))).toEqual(['x', 'a1', 'y']);
  });

  it('with ratio 1 keeps score order unless another chapter ties', () => {
    const hits = [hit('a1', 1, 10), hit('a2', 1, 9), hit('b1', 2, 8)];
    expect(ids(spreadOverChapters(hits, 3, 1))).toEqual(['a1', 'a2', 'b1']);
  });
});
