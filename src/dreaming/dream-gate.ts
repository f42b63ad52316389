import type { BookProbe } from '../characters/probes.ts';
import { createMemoryStore, type MemoryStore } from '../memory/memory-store.ts';
import type { MemoryItem } from '../memory/types.ts';
import { containsTerm } from '../reflection/guard.ts';
import { CONSOLIDATED_KINDS, type GateFigures } from './dream-types.ts';
import { itemFactKey } from './fact-keys.ts';

/** Default amount of new material (items and conversations) before another dream. */
export const DEFAULT_DREAM_MIN_NEW_ITEMS = 10;

/** Whether to dream now, and why. */
export interface DreamDecision {
  shouldDream: boolean;
  reason: string;
}

/**
 * Decides whether a dream is worth running: only when enough new material arrived since the last
 * dream (new memory items plus new conversations). Pure.
 */
export function shouldDream(state: { newItems: number; newConversations: number }, options: { minNewItems: number }): DreamDecision {
  const material = state.newItems + state.newConversations;
  if (material < options.minNewItems) {
    return { shouldDream: false, reason: `only ${material} new items and conversations since the last dream; ${options.minNewItems} needed` };
  }
  return { shouldDream: true, reason: `${material} new items and conversations since the last dream` };
}

/** A question a visitor could ask about themselves, and the value memory must still give back. */
export interface FactProbe {
  visitor: string;
  question: string;
  value: string;
}

/** Results are looked for among the top this many memories, as the chat retrieves them. */
export const GATE_TOP_K = 5;

/** One probe per visitor and attribute, asking for the newest value memory holds. */
export function buildFactProbes(items: readonly MemoryItem[], limit = 500): FactProbe[] {
  const newest = new Map<string, { item: MemoryItem; probe: FactProbe }>();
  for (const item of items) {
    if (item.kind !== 'visitor_fact' || item.visitor === undefined || item.supersededBy !== undefined) continue;
    const key = itemFactKey(item);
    if (!key) continue;
    const groupKey = `${item.visitor}\u0000${key.attribute}`;
    const held = newest.get(groupKey);
    if (!held || (item.validFrom ?? item.createdAt) > (held.item.validFrom ?? held.item.createdAt)) newest.set(groupKey, { item, probe: { visitor: item.visitor, question: key.question, value: key.value } });
  }
  return [...newest.values()].map((entry) => entry.probe).slice(0, limit);
}

/** A throwaway store holding only consolidated items, for measuring; the live store is never touched. */
export function createProbeStore(character: string, items: readonly MemoryItem[], now: () => Date): MemoryStore {
  const store = createMemoryStore({ character, now });
  store.add(items.filter((item) => CONSOLIDATED_KINDS.includes(item.kind)));
  return store;
}

/** Which probes a store answers: a book probe by a memory about its gold chapter, a fact probe by an item carrying the value. */
export function answeredProbes(store: MemoryStore, bookProbes: readonly BookProbe[], factProbes: readonly FactProbe[]): { book: boolean[]; facts: boolean[] } {
  const kinds = [...CONSOLIDATED_KINDS];
  return {
    book: bookProbes.map((probe) => store.search(probe.question, { kinds }, GATE_TOP_K).some((hit) => hit.item.chapter === probe.chapter)),
    facts: factProbes.map((probe) =>
      store.search(probe.question, { kinds, visitor: probe.visitor }, GATE_TOP_K).some((hit) => hit.item.visitor === probe.visitor && containsTerm(hit.item.text, probe.value)),
    ),
  };
}

/**
 * Compares retrieval before and after a proposal. It passes when no fact a visitor could ask about
 * is lost and at least as many book probes are answered as before.
 */
export function gateProposal(before: MemoryStore, after: MemoryStore, bookProbes: readonly BookProbe[], factProbes: readonly FactProbe[]): GateFigures {
  const was = answeredProbes(before, bookProbes, factProbes);
  const now = answeredProbes(after, bookProbes, factProbes);
  const count = (values: boolean[]) => values.filter(Boolean).length;
  const lost = [
    ...factProbes.filter((_, index) => was.facts[index] && !now.facts[index]).map((probe) => `${probe.question} (${probe.visitor})`),
    ...bookProbes.filter((_, index) => was.book[index] && !now.book[index]).map((probe) => probe.question),
  ];
  const factLost = factProbes.some((_, index) => was.facts[index] && !now.facts[index]);
  const figures = {
    bookProbes: bookProbes.length,
    bookHitsBefore: count(was.book),
    bookHitsAfter: count(now.book),
    factProbes: factProbes.length,
    factHitsBefore: count(was.facts),
    factHitsAfter: count(now.facts),
    lost: lost.slice(0, 10),
  };
  if (factLost) return { ...figures, isPassed: false, reason: `retrieval would lose what visitors told: ${lost[0]}` };
  if (figures.bookHitsAfter < figures.bookHitsBefore) {
    return { ...figures, isPassed: false, reason: `book probes answered would fall from ${figures.bookHitsBefore} to ${figures.bookHitsAfter}` };
  }
  return { ...figures, isPassed: true, reason: 'retrieval is no worse' };
}
