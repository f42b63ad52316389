import { expect } from 'vitest';
import type { MemoryHit } from '../../src/memory/types.ts';

/**
 * The same ranking: equal scores rank for rank, and the same items at each score above the last
 * one. Items with exactly equal scores may come in another order (stores built in another order
 * or by another engine break ties differently), so within a tie only the set is compared, and
 * the tie at the cut may be filled by different members.
 */
export function expectSameRanking(actual: MemoryHit[], expected: MemoryHit[], context = ''): void {
  expect(actual.length, context).toBe(expected.length);
  actual.forEach((hit, rank) => expect(hit.score, `${context} rank ${rank + 1}`).toBeCloseTo(expected[rank]!.score, 9));
  const last = expected.at(-1)?.score ?? 0;
  const groups = (hits: MemoryHit[]) => {
    const byScore = new Map<string, string[]>();
    for (const hit of hits) if (hit.score > last + 1e-9) byScore.set(hit.score.toFixed(9), [...(byScore.get(hit.score.toFixed(9)) ?? []), hit.item.id].sort());
    return byScore;
  };
  expect(groups(actual), context).toEqual(groups(expected));
}
