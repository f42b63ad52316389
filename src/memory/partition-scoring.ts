/**
 * Scoring across a character's partitions (the book's, the shared memories' and the asking
 * visitor's own) in its one index: putting every term on one scale, and telling when a
 * question is about the asker.
 */
import type { InvertedIndex } from '../search-index/inverted-index.ts';
import type { WeightedTerm } from '../search-index/top-k.ts';
import { inverseDocumentFrequency, PAIRS_FIELD, type KeywordIndexOptions } from './keyword-fields.ts';

const FIRST_PERSON = /\b(?:i|me|my|mine|myself)\b/i;

/** Whether a query speaks of the one asking ("my sister", "did I tell you"). */
export function speaksOfAsker(query: string): boolean {
  return FIRST_PERSON.test(query);
}

/**
 * The weight of each distinct query term: how often it occurs in the query (each occurrence
 * weighted by `termWeight`), times its field's boost, times its idf over the `scale`
 * partitions. Every partition's items are scored with that one idf: a word that is rare among
 * a visitor's four turns but common in the book weighs the same in both, as if the partitions
 * were one collection. Passages-only questions use the book alone as the scale, so what the
 * character reflects never shifts how its passages rank; questions about memories use the book,
 * the shared memories and the asker's own together, so a visitor's first turns are not scored by
 * their rarity among a handful of items.
 */
export function weighQueryTerms(
  index: InvertedIndex,
  terms: readonly string[],
  scale: readonly number[],
  options: Required<KeywordIndexOptions>,
  termWeight?: (term: string) => number,
): WeightedTerm[] {
  const documents = scale.reduce((sum, partition) => sum + index.documentsIn(partition), 0);
  const byTerm = new Map<number, number>();
  for (const term of terms) {
    const id = index.termId(term);
    if (id === undefined) continue;
    const fieldBoost = index.termFieldOf(id) === PAIRS_FIELD ? options.pairWeight : 1;
    byTerm.set(id, (byTerm.get(id) ?? 0) + (termWeight ? termWeight(term) : 1) * fieldBoost);
  }
  const weighted: WeightedTerm[] = [];
  for (const [term, weight] of byTerm) {
    let matching = 0;
    for (const partition of scale) matching += index.documentFrequency(term, partition);
    if (matching === 0) continue;
    weighted.push({ term, weight: weight * inverseDocumentFrequency(documents, matching) });
  }
  return weighted;
}
