/**
 * How retrieval weighs what it finds beside plain keyword relevance: a memory's importance and
 * age, the asker's own items, and the passages the asked character is in.
 */
import type { MemoryItem } from './types.ts';

/** A day in milliseconds, the unit of a memory's age. */
export const DAY_MS = 86_400_000;

/** How memories are weighted beside plain keyword relevance (see `MemoryStore.search`). */
export interface RetrievalWeights {
  /** α: how much importance (1..10) multiplies the score; 0 ignores it. */
  importanceWeight: number;
  /** β: the share of the score an infinitely old memory keeps (1 ignores age). */
  recencyFloor: number;
  /** Age at which the recency part has halved. */
  halfLifeDays: number;
  /**
   * How much the asking visitor's own items (their turns and facts) multiply when the query
   * speaks of the asker ("my", "I", "me"): "What is my dog called?" is about the visitor,
   * not about a reflection that mentions dogs. 1 turns it off.
   */
  selfReferenceBoost: number;
}

/**
 * Defaults: a defining memory counts 1.5x a trivial one at most; old memories keep 70 % of
 * their score; a first-person question multiplies the asker's own items by four, enough for the
 * visitor's own "I live in Brighton" to stay above a diary entry that only says a visitor told
 * where they live (bench/evolution.ts visitor probes).
 */
export const DEFAULT_RETRIEVAL_WEIGHTS: RetrievalWeights = { importanceWeight: 0.5, recencyFloor: 0.7, halfLifeDays: 30, selfReferenceBoost: 4 };

/** The recency-and-importance multiplier of a memory at time `now` (1 for passages). */
export function memoryWeight(item: MemoryItem, nowMs: number, weights: RetrievalWeights): number {
  if (item.kind === 'passage') return 1;
  const ageDays = Math.max(0, (nowMs - Date.parse(item.createdAt)) / DAY_MS);
  const recency = weights.recencyFloor + (1 - weights.recencyFloor) * 0.5 ** (ageDays / weights.halfLifeDays);
  return (1 + (weights.importanceWeight * item.importance) / 10) * recency;
}

/**
 * A bounded prior for passages the character is in: a passage's score is multiplied by one plus
 * the weight of the strongest way it is there (narrating it, speaking in it, or named in it).
 * A boost, not a filter: a character can be asked about things it only heard of.
 */
export interface PresencePrior {
  name: string;
  weights: { narrating: number; speaking: number; named: number };
}

/** Defaults tuned on the characters' first probe sets (probes.json), checked on the second. */
export const DEFAULT_PRESENCE_WEIGHTS: PresencePrior['weights'] = { narrating: 0.3, speaking: 0.2, named: 0.1 };

/** Pseudo-relevance feedback (RM3-like): the top `documents` lend their `terms` most frequent terms at `weight`. */
export interface FeedbackOptions {
  documents: number;
  terms: number;
  weight: number;
}
