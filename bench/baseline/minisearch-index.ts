import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from 'minisearch';
import { tokenize, tokenizeQuery } from '../../src/memory/tokenize.ts';

/** One searchable document: the text, and an optional short label (a chapter title, a speaker). */
export interface KeywordDocument {
  id: string;
  text: string;
  label?: string;
}

/** BM25+ parameters and field weights of the index. */
export interface KeywordIndexOptions {
  /** Term-frequency saturation (BM25 k1). */
  k?: number;
  /** Length normalisation (BM25 b). */
  b?: number;
  /** BM25+ lower bound added to every matching term. */
  d?: number;
  /** Weight of the label field relative to the text field (1). */
  labelWeight?: number;
  /** Weight of adjacent-term pairs ("support group"), rewarding phrases; 0 leaves them out. */
  pairWeight?: number;
  /**
   * How much the number of distinct query terms matched multiplies the score: minisearch's
   * coordination factor is `matched^coordination` (1 is its default, 0 is plain BM25).
   */
  coordination?: number;
}

/** One match: the document id and its BM25+ score. */
export interface KeywordMatch {
  id: string;
  score: number;
}

/** What one keyword search may take into account. */
export interface KeywordSearchOptions {
  /** Keep only documents for which this returns true (privacy, kinds, time). */
  filter?: (id: string) => boolean;
  /** Multiply a document's score (recency, importance); applied before sorting. */
  boost?: (id: string) => number;
  /** Weight per query term after tokenizing (e.g. to down-weight expansion terms). */
  termWeight?: (term: string) => number;
}

/** An incrementally updated BM25+ index over the text (and label) of memory items. */
export interface KeywordIndex {
  /** Adds new documents; an id already present is replaced (remove it first to keep frequencies exact, see `remove`). */
  add(documents: KeywordDocument[]): void;
  /**
   * Removes a document, given exactly as it was indexed (unknown ids are ignored). Its postings go
   * at once; removing by id alone would leave tombstones that skew document frequencies, and so
   * scores, until some later search or vacuum happened to clear them.
   */
  remove(document: KeywordDocument): void;
  has(id: string): boolean;
  /**
   * Number of documents a query term occurs in (pair terms counted in the pairs field),
   * so that several indexes can be scored on one scale (see `MemoryStore.search`).
   */
  documentFrequency(term: string): number;
  /** All matching documents, best first (the query goes through `tokenizeQuery`). */
  search(query: string, options?: KeywordSearchOptions): KeywordMatch[];
  /** Matching documents for already tokenized query terms, best first. */
  searchTerms(terms: string[], options?: KeywordSearchOptions): KeywordMatch[];
  readonly size: number;
  /** A plain object that `loadKeywordIndex` turns back into the same index. */
  toJSON(): AsPlainObject;
}

/** Defaults tuned on FairytaleQA val and LoCoMo dev (see bench/results/retrieval.md). */
export const DEFAULT_KEYWORD_INDEX_OPTIONS: Required<KeywordIndexOptions> = { k: 1.2, b: 0.75, d: 0.5, labelWeight: 1.5, pairWeight: 0.5, coordination: 0.5 };

const PAIR_MARK = '_';

/** Adjacent-term pairs of a term list, the phrase evidence of the `pairs` field. */
export function termPairs(terms: string[]): string[] {
  const pairs: string[] = [];
  for (let position = 1; position < terms.length; position += 1) pairs.push(`${terms[position - 1]}${PAIR_MARK}${terms[position]}`);
  return pairs;
}

function miniSearchOptions(options: Required<KeywordIndexOptions>): Options<KeywordDocument> {
  const searchOptions: SearchOptions = {
    boost: options.pairWeight > 0 ? { text: 1, label: options.labelWeight, pairs: options.pairWeight } : { text: 1, label: options.labelWeight },
    bm25: { k: options.k, b: options.b, d: options.d },
    tokenize: (query) => {
      const terms = tokenizeQuery(query);
      return options.pairWeight > 0 ? [...terms, ...termPairs(terms)] : terms;
    },
    processTerm: (term) => term,
  };
  return {
    fields: options.pairWeight > 0 ? ['text', 'label', 'pairs'] : ['text', 'label'],
    storeFields: [],
    // The pairs field is the text again, indexed as adjacent-term pairs.
    extractField: (document, fieldName) => (fieldName === 'pairs' ? document.text : document[fieldName as 'text' | 'label']),
    tokenize: (text, fieldName) => (fieldName === 'pairs' ? termPairs(tokenize(text)) : tokenize(text)),
    processTerm: (term) => term,
    searchOptions,
    // Replacing or removing leaves tombstones; vacuum them in the background once they pile up.
    autoVacuum: { minDirtCount: 1000, minDirtFactor: 0.2, batchSize: 1000, batchWait: 10 },
  };
}

// minisearch keeps per-term postings (term -> field id -> document -> frequency) but has no
// public document-frequency accessor; this reads them the way its own BM25 does (7.x layout,
// pinned in package-lock.json and covered by a test).
interface MiniSearchInternals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
}

function wrap(miniSearch: MiniSearch<KeywordDocument>, settings: Required<KeywordIndexOptions>): KeywordIndex {
  const internals = miniSearch as unknown as MiniSearchInternals;
  function run(query: string | string[], options: KeywordSearchOptions): KeywordMatch[] {
    const searchOptions: SearchOptions = {};
    if (Array.isArray(query)) searchOptions.tokenize = () => (settings.pairWeight > 0 ? [...query, ...termPairs(query)] : query);
    if (options.filter) {
      const filter = options.filter;
      searchOptions.filter = (result) => filter(String(result.id));
    }
    if (options.boost) {
      const boost = options.boost;
      searchOptions.boostDocument = (id) => boost(String(id));
    }
    if (options.termWeight) {
      const termWeight = options.termWeight;
      searchOptions.boostTerm = (term) => termWeight(term);
    }
    const text = Array.isArray(query) ? query.join(' ') : query;
    const results = miniSearch.search(text, searchOptions);
    if (settings.coordination === 1) return results.map((result) => ({ id: String(result.id), score: result.score }));
    // Undo minisearch's `score * matchedTerms` and apply our own exponent instead.
    return results
      .map((result) => {
        const matched = Math.max(1, result.queryTerms.length);
        return { id: String(result.id), score: (result.score / matched) * matched ** settings.coordination };
      })
      .sort((left, right) => right.score - left.score);
  }

  return {
    add(documents) {
      for (const document of documents) {
        if (miniSearch.has(document.id)) miniSearch.replace(document);
        else miniSearch.add(document);
      }
    },
    remove(document) {
      if (miniSearch.has(document.id)) miniSearch.remove(document);
    },
    has: (id) => miniSearch.has(id),
    documentFrequency(term) {
      const fieldId = internals._fieldIds[term.includes(PAIR_MARK) ? 'pairs' : 'text'];
      return fieldId === undefined ? 0 : internals._index.get(term)?.get(fieldId)?.size ?? 0;
    },
    search: (query, options = {}) => run(query, options),
    searchTerms: (terms, options = {}) => (terms.length === 0 ? [] : run(terms, options)),
    get size() {
      return miniSearch.documentCount;
    },
    toJSON: () => miniSearch.toJSON(),
  };
}

/** Creates an empty index. */
export function createKeywordIndex(options: KeywordIndexOptions = {}): KeywordIndex {
  const resolved = { ...DEFAULT_KEYWORD_INDEX_OPTIONS, ...options };
  return wrap(new MiniSearch<KeywordDocument>(miniSearchOptions(resolved)), resolved);
}

/** Rebuilds an index from `toJSON()` output without re-tokenizing; options must match those it was built with. */
export function loadKeywordIndex(json: AsPlainObject, options: KeywordIndexOptions = {}): KeywordIndex {
  const resolved = { ...DEFAULT_KEYWORD_INDEX_OPTIONS, ...options };
  return wrap(MiniSearch.loadJS<KeywordDocument>(json, miniSearchOptions(resolved)), resolved);
}
