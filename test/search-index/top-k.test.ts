import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classOf, createInvertedIndex, type InvertedIndex } from '../../src/search-index/inverted-index.ts';
import { termFrequencyScore, topK, type ScoredDocument, type TopKQuery } from '../../src/search-index/top-k.ts';

const bm25 = { k: 1.2, b: 0.75, d: 0.5 };

/** Exhaustive scoring of every live document: what MaxScore must agree with. */
function bruteForce(index: InvertedIndex, query: TopKQuery): Array<{ document: number; score: number }> {
  const scored: Array<{ document: number; score: number }> = [];
  for (let document = 0; document < index.documentSlots; document += 1) {
    const partition = index.partitionOf(document);
    if (!index.isAlive(document) || !query.partitions.includes(partition) || (query.admit && !query.admit(document))) continue;
    let sum = 0;
    let matched = 0;
    for (const { term, weight } of query.terms) {
      const cursor = index.cursor(term, classOf(partition));
      cursor.seek(document);
      if (cursor.document !== document) continue;
      const field = index.termFieldOf(term);
      sum += weight * termFrequencyScore(cursor.frequency, index.fieldLength(document, field), index.averageFieldLength(partition, field), bm25);
      matched += 1;
    }
    if (matched > 0) scored.push({ document, score: (query.boost ? query.boost(document) : 1) * matched ** query.coordination * sum });
  }
  return scored.sort((left, right) => right.score - left.score || left.document - right.document).slice(0, query.limit);
}

/**
 * Same scores rank for rank, and the same documents: documents whose scores are equal up to
 * rounding (the exhaustive scorer sums in another order) may trade places.
 */
function expectSameRanking(actual: ScoredDocument[], expected: ScoredDocument[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((entry, rank) => expect(entry.score).toBeCloseTo(expected[rank]!.score, 9));
  const key = (entries: ScoredDocument[]) => {
    const last = entries.at(-1)?.score ?? 0;
    return entries.filter((entry) => entry.score > last + 1e-9).map((entry) => `${entry.score.toFixed(8)}:${entry.document}`).sort();
  };
  expect(key(actual)).toEqual(key(expected));
}

/** A document's fields as term ids: its words, then their adjacent pairs. */
function fieldsOf(index: InvertedIndex, words: string[]): number[][] {
  const ids = words.map((word) => index.dictionary.internWord(word));
  return [ids, ids.slice(1).map((id, position) => index.dictionary.internPair(ids[position]!, id))];
}

const vocabulary = ['rabbit', 'watch', 'queen', 'croquet', 'tea', 'hatter', 'cat', 'grin', 'pool', 'tears', 'mouse', 'dinah', 'key', 'door', 'cake'];
// Common words often, rare ones seldom, so that terms' bounds differ and pruning has work to do.
const skewedWord = fc.oneof(
  { arbitrary: fc.constantFrom(...vocabulary.slice(0, 4)), weight: 8 },
  { arbitrary: fc.constantFrom(...vocabulary.slice(4, 10)), weight: 3 },
  { arbitrary: fc.constantFrom(...vocabulary.slice(10)), weight: 1 },
);
// Either any words (loose bounds), or five distinct ones (every term's bound is tight: the
// shape where an unsafe pruning rule would drop documents).
const documentArbitrary = fc.record({
  words: fc.oneof(fc.array(skewedWord, { minLength: 1, maxLength: 30 }), fc.uniqueArray(skewedWord, { minLength: 5, maxLength: 5 })),
  partition: fc.integer({ min: 0, max: 4 }),
  isRemoved: fc.boolean(),
});

describe('topK with MaxScore pruning', () => {
  it('returns exactly the exhaustive top k, whatever the documents, removals, partitions, boosts and query', () => {
    fc.assert(
      fc.property(
        fc.array(documentArbitrary, { minLength: 1, maxLength: 400 }),
        fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }),
        fc.boolean(),
        fc.array(fc.double({ min: 0.05, max: 5, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (documents, queryWords, limit, partitions, withBoost, weights) => {
          const index = createInvertedIndex({ fieldCount: 2 });
          const pairs = (words: string[]) => words.slice(1).map((word, position) => `${words[position]}_${word}`);
          documents.forEach((document) => index.addDocument(fieldsOf(index, document.words), document.partition));
          documents.forEach((document, id) => document.isRemoved && index.removeDocument(id, fieldsOf(index, document.words)));
          const terms = [...queryWords, ...pairs(queryWords)]
            .map((term, position) => ({ term: index.termId(term), weight: weights[position]! }))
            .filter((entry): entry is { term: number; weight: number } => entry.term !== undefined);
          // Boosts that differ by partition, bounded per partition as the memory store bounds them
          // (the bound of partition 1 is exact: its document 4 mod 5 has boost 1).
          const boost = (document: number) => (index.partitionOf(document) === 1 ? 0.2 : 1) + (document % 5) / 5;
          const partitionMaxBoost = (partition: number) => (partition === 1 ? 1 : 1.8);
          const query: TopKQuery = { terms, partitions, limit, bm25, coordination: 0.5, ...(withBoost ? { boost, maxBoost: 2, partitionMaxBoost } : {}), admit: (document) => document % 7 !== 3 };
          expectSameRanking(topK(index, query), bruteForce(index, query));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the exhaustive top k when every bound is tight (distinct words, equal lengths)', () => {
    // Pruning that is unsafe by as little as a factor shows here: a bound that equals the best
    // score a term can give leaves no slack to hide a wrong skip.
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(skewedWord, { minLength: 5, maxLength: 5 }), { minLength: 50, maxLength: 400 }),
        fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: 0.05, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (documents, queryWords, weights, limit) => {
          const index = createInvertedIndex({ fieldCount: 1 });
          documents.forEach((words) => index.addDocument([fieldsOf(index, words)[0]!], 0));
          const terms = queryWords
            .map((word, position) => ({ term: index.termId(word), weight: weights[position]! }))
            .filter((entry): entry is { term: number; weight: number } => entry.term !== undefined);
          const query: TopKQuery = { terms, partitions: [0], limit, bm25, coordination: 0.5 };
          expectSameRanking(topK(index, query), bruteForce(index, query));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the exhaustive top k when a partition\'s boosts are bounded by that partition\'s own largest boost', () => {
    // A visitor's documents (partition 2) set the threshold; the shared ones (partition 1) are
    // then pruned against their own bound, which equals their largest boost: no slack.
    fc.assert(
      fc.property(
        fc.array(fc.record({ words: fc.uniqueArray(skewedWord, { minLength: 1, maxLength: 5 }), partition: fc.constantFrom(1, 2) }), { minLength: 20, maxLength: 300 }),
        fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (documents, queryWords, limit) => {
          const index = createInvertedIndex({ fieldCount: 1 });
          documents.forEach((document) => index.addDocument([fieldsOf(index, document.words)[0]!], document.partition));
          const terms = queryWords.map((word) => ({ term: index.termId(word), weight: 1 })).filter((entry): entry is { term: number; weight: number } => entry.term !== undefined);
          const boost = (document: number) => (index.partitionOf(document) === 1 ? 0.25 * (1 + (document % 4)) : 3);
          const query: TopKQuery = { terms, partitions: [1, 2], limit, bm25, coordination: 0.5, boost, maxBoost: 3, partitionMaxBoost: (partition) => (partition === 1 ? 1 : 3) };
          expectSameRanking(topK(index, query), bruteForce(index, query));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps exact frequencies and results through a compaction that renumbers documents', () => {
    const index = createInvertedIndex({ fieldCount: 1 });
    const words = (document: number) => [fieldsOf(index, [vocabulary[document % 15]!, vocabulary[(document * 7) % 15]!])[0]!];
    for (let document = 0; document < 3000; document += 1) index.addDocument(words(document), document % 3);
    for (let document = 0; document < 3000; document += 2) index.removeDocument(document, words(document));
    const cat = index.termId('cat')!;
    const before = [0, 1, 2].map((partition) => index.documentFrequency(cat, partition));
    const query = { terms: [{ term: cat, weight: 1 }], partitions: [0, 1, 2], limit: 5, bm25, coordination: 0.5 };
    const scoresBefore = topK(index, query).map((entry) => entry.score);
    expect(index.isWasteful).toBe(true);
    const renumbered = index.compact();
    expect(renumbered[0]).toBe(-1);
    expect(renumbered[1]).toBe(0);
    expect(index.documentSlots).toBe(1500);
    const catAfter = index.termId('cat')!;
    expect([0, 1, 2].map((partition) => index.documentFrequency(catAfter, partition))).toEqual(before);
    expect(topK(index, { ...query, terms: [{ term: catAfter, weight: 1 }] }).map((entry) => entry.score)).toEqual(scoresBefore);
  });

  it('drops a term from the dictionary once no live document holds it', () => {
    const index = createInvertedIndex({ fieldCount: 1 });
    index.addDocument([fieldsOf(index, ['secret', 'rex'])[0]!], 2);
    index.addDocument([fieldsOf(index, ['rex', 'dog'])[0]!], 1);
    index.removeDocument(0, [fieldsOf(index, ['secret', 'rex'])[0]!]);
    index.compact();
    expect(index.termId('secret')).toBeUndefined();
    expect(index.termId('rex')).toBeDefined();
    expect(index.state().dictionary.words).not.toContain('secret');
  });
});
