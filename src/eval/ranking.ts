import type { MemoryStore } from '../memory/memory-store.ts';
import type { RetrievalFilter } from '../memory/types.ts';

/**
 * The ids of the items a character would recall for a query, best first: the same
 * `MemoryStore.search` the chat uses, so figures measured here are the product's.
 */
export function rankItemIds(store: MemoryStore, query: string, filter: RetrievalFilter, limit: number): string[] {
  return store.search(query, filter, limit).map((hit) => hit.item.id);
}

/** 1-based rank of the first gold id in a ranking, or null when none is there. */
export function firstGoldRank(ranking: string[], gold: ReadonlySet<string>): number | null {
  const index = ranking.findIndex((id) => gold.has(id));
  return index === -1 ? null : index + 1;
}

/** Share of the gold ids found in the first k of a ranking (0 when there is no gold). */
export function recallAt(ranking: string[], gold: ReadonlySet<string>, k: number): number {
  if (gold.size === 0) return 0;
  let found = 0;
  for (const id of ranking.slice(0, k)) if (gold.has(id)) found += 1;
  return found / gold.size;
}

/** Hit rates and mean reciprocal rank over a set of questions. */
export interface HitMetrics {
  questions: number;
  'hit@1': number;
  'hit@3': number;
  'hit@5': number;
  mrr: number;
}

/** Summarises first-gold ranks (null: not found) as hit@1/3/5 and MRR. */
export function summariseRanks(ranks: Array<number | null>): HitMetrics {
  const questions = ranks.length;
  const share = (predicate: (rank: number) => boolean): number =>
    questions === 0 ? 0 : ranks.filter((rank) => rank !== null && predicate(rank)).length / questions;
  const mrr = questions === 0 ? 0 : ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / questions;
  return { questions, 'hit@1': share((rank) => rank <= 1), 'hit@3': share((rank) => rank <= 3), 'hit@5': share((rank) => rank <= 5), mrr };
}
