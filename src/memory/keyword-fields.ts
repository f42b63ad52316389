/**
 * How memory text becomes index fields and how a query's terms are weighed: the BM25+
 * parameters, the adjacent-term pairs that reward phrases, and the idf that puts several
 * partitions on one scale. The index itself (src/search-index/) only sees term lists.
 */
import type { TermDictionary } from '../search-index/term-dictionary.ts';
import { NARRATOR_WORDS, splitWords, stem, STOPWORDS } from './tokenize.ts';

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

/**
 * A raw word's term id (-1 for a stopword), remembered per store: the same words recur in
 * every text, and one lookup replaces the stopword test, the stemmer and the dictionary.
 * Cleared whenever the dictionary drops terms.
 */
export type WordCache = Map<string, number>;

const MAX_CACHED_WORDS = 500_000;

/**
 * The index fields of a text as term ids, as `tokenize` and `termPairs` would name them: its
 * terms, and their pairs when pairs are on. `isNarrated`: the text is told by the store's own
 * character, so its first person is kept (see NARRATOR_WORDS).
 */
export function documentFields(text: string, dictionary: TermDictionary, options: Required<KeywordIndexOptions>, cache: WordCache, isNarrated = false): Uint32Array[] {
  const words = splitWords(text);
  const terms = new Uint32Array(words.length);
  let count = 0;
  for (const word of words) {
    const person = isNarrated ? NARRATOR_WORDS.get(word) : undefined;
    if (person) {
      terms[count++] = dictionary.internWord(person);
      continue;
    }
    let term = cache.get(word);
    if (term === undefined) {
      term = STOPWORDS.has(word) ? -1 : dictionary.internWord(stem(word));
      if (cache.size >= MAX_CACHED_WORDS) cache.clear();
      cache.set(word, term);
    }
    if (term >= 0) terms[count++] = term;
  }
  const words_ = terms.subarray(0, count);
  if (options.pairWeight <= 0) return [words_];
  const pairs = new Uint32Array(Math.max(0, count - 1));
  for (let position = 1; position < count; position += 1) pairs[position - 1] = dictionary.internPair(words_[position - 1]!, words_[position]!);
  return [words_, pairs];
}

/** A query's terms as the index sees them: the terms, then their pairs when pairs are on. */
export function queryFieldTerms(terms: readonly string[], options: Required<KeywordIndexOptions>): string[] {
  return options.pairWeight > 0 ? [...terms, ...termPairs(terms)] : [...terms];
}

/** BM25's inverse document frequency, as minisearch computes it. */
export function inverseDocumentFrequency(documents: number, matching: number): number {
  return Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
}
