/**
 * How memory text becomes index fields and how a query's terms are weighed: the BM25+
 * parameters, the adjacent-term pairs that reward phrases, and the idf that puts several
 * partitions on one scale. The index itself (src/search-index/) only sees term lists.
 */
import { tokenize } from './tokenize.ts';

/** BM25+ parameters and the pair field's weight. */
export interface KeywordIndexOptions {
  /** Term-frequency saturation (BM25 k1). */
  k?: number;
  /** Length normalisation (BM25 b). */
  b?: number;
  /** BM25+ lower bound added to every matching term. */
  d?: number;
  /** Weight of adjacent-term pairs ("support group"), rewarding phrases; 0 leaves them out. */
  pairWeight?: number;
  /**
   * How much the number of distinct query terms matched multiplies the score:
   * `matched^coordination` (1 is minisearch's default, 0 is plain BM25).
   */
  coordination?: number;
}

/** Defaults tuned on FairytaleQA val and LoCoMo dev (see bench/results/retrieval.md). */
export const DEFAULT_KEYWORD_INDEX_OPTIONS: Required<KeywordIndexOptions> = { k: 1.2, b: 0.75, d: 0.5, pairWeight: 0.5, coordination: 0.5 };

/** The field of single terms. */
export const TEXT_FIELD = 0;
/** The field of adjacent-term pairs. */
export const PAIRS_FIELD = 1;

const PAIR_MARK = '_';

/** Adjacent-term pairs of a term list, the phrase evidence of the pairs field. */
export function termPairs(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let position = 1; position < terms.length; position += 1) pairs.push(`${terms[position - 1]}${PAIR_MARK}${terms[position]}`);
  return pairs;
}

/** Whether a query term is a pair. Words never contain the mark: `splitWords` keeps letters and digits only. */
export function isPairTerm(term: string): boolean {
  return term.includes(PAIR_MARK);
}

/** The index fields of a text: its terms, and their pairs when pairs are on. */
export function documentFields(text: string, options: Required<KeywordIndexOptions>): string[][] {
  const terms = tokenize(text);
  return options.pairWeight > 0 ? [terms, termPairs(terms)] : [terms];
}

/** A query's terms as the index sees them: the terms, then their pairs when pairs are on. */
export function queryFieldTerms(terms: readonly string[], options: Required<KeywordIndexOptions>): string[] {
  return options.pairWeight > 0 ? [...terms, ...termPairs(terms)] : [...terms];
}

/** BM25's inverse document frequency, as minisearch computes it. */
export function inverseDocumentFrequency(documents: number, matching: number): number {
  return Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
}
