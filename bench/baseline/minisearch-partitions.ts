/**
 * Scoring across a character's index partitions (the book's, the shared memories' and the asking visitor's own):
 * putting their BM25 scores on one scale, and telling when a question is about the asker.
 */
import { termPairs, type KeywordIndex } from './minisearch-index.ts';

const FIRST_PERSON = /\b(?:i|me|my|mine|myself)\b/i;

/** Whether a query speaks of the one asking ("my sister", "did I tell you"). */
export function speaksOfAsker(query: string): boolean {
  return FIRST_PERSON.test(query);
}

/** BM25's inverse document frequency, as minisearch computes it. */
function idf(documents: number, matching: number): number {
  return Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
}

/**
 * Term weights that put several partitions' BM25 scores on one scale: each partition scores a
 * term with its own document frequency, so a word that is rare among the four turns of a
 * visitor but common in the book would weigh less there than in the book, and the visitor's
 * own memories would lose to any passage. Weighting each term by (idf over all the partitions
 * scale) / (idf within the partition) scores every item as if in one index. The scale is the
 * partitions searched unless `scale` names others (memories are weighed against the book too,
 * so a visitor's first turns are not scored by their rarity among a handful of items).
 */
export function sharedIdf(partitions: KeywordIndex[], terms: string[], scale: KeywordIndex[] = partitions): (index: KeywordIndex) => (term: string) => number {
  const documents = scale.reduce((sum, index) => sum + index.size, 0);
  const frequencies = new Map(partitions.map((index) => [index, new Map<string, number>()]));
  const global = new Map<string, number>();
  const withPairs = [...new Set([...terms, ...termPairs(terms)])];
  for (const term of withPairs) {
    let total = 0;
    for (const index of new Set([...partitions, ...scale])) {
      const frequency = index.documentFrequency(term);
      frequencies.get(index)?.set(term, frequency);
      if (scale.includes(index)) total += frequency;
    }
    global.set(term, idf(documents, total));
  }
  return (index) => (term) => {
    const local = frequencies.get(index)?.get(term);
    if (!local) return 1;
    const within = idf(index.size, local);
    return within > 0 ? (global.get(term) ?? within) / within : 1;
  };
}
