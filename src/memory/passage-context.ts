/**
 * Book passages spread over chapters: a fair match from another chapter comes before a second page
 * of a chapter already chosen. When a question's words are ambiguous ("cursed", "the ice"), three
 * pages of one wrong scene would crowd out the right one; several candidate scenes give the
 * model, and the offline voice's later choices, the chance to answer from the right one. The
 * first passage is always the best match, so a clear question is answered as before.
 */
import type { MemoryHit } from './types.ts';

/** How many candidates are ranked per passage returned, the pool the spread chooses from. */
export const CHAPTER_SPREAD_POOL = 8;

/**
 * A page of a chapter not yet chosen goes before a further page of a chosen one when it scores at
 * least this share of it. At 0.5 a strong scene keeps its second page over a weak stranger (the
 * offline voice often needs the next page of the same scene); below it, ambiguity wins.
 */
export const CHAPTER_SPREAD_RATIO = 0.5;

/**
 * `limit` hits from `hits` (best first), chosen in turn: the best left, unless its chapter is
 * already chosen and the best page of an unchosen chapter scores at least `ratio` times as much.
 * Hits without a chapter (lorebook entries) count as one chapter of their own.
 */
export function spreadOverChapters(hits: readonly MemoryHit[], limit: number, ratio = CHAPTER_SPREAD_RATIO): MemoryHit[] {
  const seen = new Set<number | undefined>();
  const left = [...hits];
  const chosen: MemoryHit[] = [];
  while (chosen.length < limit && left.length > 0) {
    const best = left[0]!;
    let pick = 0;
    if (seen.has(best.item.chapter)) {
      const fresh = left.findIndex((hit) => !seen.has(hit.item.chapter));
      if (fresh !== -1 && left[fresh]!.score >= ratio * best.score) pick = fresh;
    }
    const [hit] = left.splice(pick, 1);
    chosen.push(hit!);
    seen.add(hit!.item.chapter);
  }
  return chosen;
}
