/**
 * Reference engine: the memory store as it was before the search-index room (up to issue #15):
 * minisearch BM25+, one index per partition (book, shared, each visitor), exhaustive scoring.
 * The new engine must rank as it does (test/search-index/equivalence.test.ts), and the benchmarks
 * measure against it in the same process. Not used by the product.
 */
import type { AsPlainObject } from 'minisearch';
import { tokenize, tokenizeQuery } from '../../src/memory/tokenize.ts';
import { createKeywordIndex, loadKeywordIndex, type KeywordIndex, type KeywordIndexOptions, type KeywordMatch, type KeywordSearchOptions } from './minisearch-index.ts';
import { sharedIdf, speaksOfAsker } from './minisearch-partitions.ts';
import type { MemoryHit, MemoryItem, MemoryKind, RetrievalFilter } from '../../src/memory/types.ts';
// The privacy filter, the memory weight and the error are the current engine's own: the baseline differs only in its index.
import { isAdmitted, MemoryStoreError, validateItem } from '../../src/memory/item-rules.ts';
import { memoryWeight } from '../../src/memory/retrieval-weights.ts';

const DAY_MS = 86_400_000;

/** Kinds that are memories rather than book text: weighted by recency and importance. */
export const MEMORY_KINDS: MemoryKind[] = ['reflection', 'insight', 'turn', 'visitor_fact'];

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
 * their score; a first-person question doubles the asker's own items.
 */
export const DEFAULT_RETRIEVAL_WEIGHTS: RetrievalWeights = { importanceWeight: 0.5, recencyFloor: 0.7, halfLifeDays: 30, selfReferenceBoost: 2 };

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  character: string;
  /** The clock for recency; defaults to the real one. */
  now?: () => Date;
  weights?: Partial<RetrievalWeights>;
  index?: KeywordIndexOptions;
  /** Pseudo-relevance feedback: expand the query with terms of the first results; off when absent. */
  feedback?: FeedbackOptions;
  /** A snapshot from `MemoryStore.toSnapshot()` to start from instead of re-indexing. */
  snapshot?: MemorySnapshot;
}

/** Pseudo-relevance feedback (RM3-like): the top `documents` lend their `terms` most frequent terms at `weight`. */
export interface FeedbackOptions {
  documents: number;
  terms: number;
  weight: number;
}

/** The index partition of book passages; no visitor id can be this (it starts with a NUL). */
export const BOOK_PARTITION = '\u0000book';

/** Everything needed to restore a store without re-indexing. */
export interface MemorySnapshot {
  character: string;
  items: MemoryItem[];
  /** One index per partition: `BOOK_PARTITION` for passages, "" for shared memories, the visitor's id for private ones. */
  indexes: Record<string, AsPlainObject>;
}

/** What `retrieve` gives the chat: book passages and memories, each best first. */
export interface Retrieval {
  passages: MemoryHit[];
  memories: MemoryHit[];
}

/** A character's memory: every item it can recall, indexed for keyword retrieval. */
export interface MemoryStore {
  readonly character: string;
  /** Number of items held, superseded ones included. */
  readonly size: number;
  /** Adds items to the index at once; an id already present is replaced (idempotent). */
  add(items: MemoryItem[]): void;
  get(id: string): MemoryItem | undefined;
  /** Items the filter admits, oldest first; superseded ones only when asked. */
  items(filter?: RetrievalFilter, options?: { includeSuperseded?: boolean }): MemoryItem[];
  /**
   * Items matching the query that the filter admits, best first, at most `limit`.
   * Passages score by BM25+ alone; memories (every other kind) score
   * `bm25 * (1 + α·importance/10) * (β + (1-β)·0.5^(ageDays/halfLifeDays))`.
   * An item with a visitor is returned only when `filter.visitor` is that visitor.
   */
  search(query: string, filter: RetrievalFilter, limit: number): MemoryHit[];
  /** `search` on already tokenized terms, optionally weighted per term (for query expansion). */
  searchTerms(terms: string[], filter: RetrievalFilter, limit: number, termWeight?: (term: string) => number): MemoryHit[];
  /** Book passages (of `bookId` when given) and memories (this visitor's private ones included). */
  retrieve(query: string, options: { visitor?: string; bookId?: string; passages: number; memories: number }): Retrieval;
  /** Marks an item as replaced by a newer one; it stays readable but is no longer retrieved by default. */
  markSuperseded(id: string, byId: string): void;
  /** Forgets an item entirely. Returns whether it was there. */
  remove(id: string): boolean;
  toSnapshot(): MemorySnapshot;
}

/** Creates a character's memory store, empty or from a snapshot. */
export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  const { character } = options;
  const now = options.now ?? (() => new Date());
  const weights = { ...DEFAULT_RETRIEVAL_WEIGHTS, ...options.weights };
  const byId = new Map<string, MemoryItem>();
  // Private items live in one index per visitor, so a query only ever scores the shared items
  // and the asking visitor's own: privacy by construction, and speed with many visitors.
  const indexes = new Map<string, KeywordIndex>();
  const createdAtMs = new Map<string, number>();
  // The book has its own partition, so what the character reflects and dreams never shifts how
  // its passages rank against one another, and a passages-only query reads only the book.
  const partitionOf = (item: MemoryItem): string => item.visitor ?? (item.kind === 'passage' ? BOOK_PARTITION : '');
  const indexFor = (partition: string): KeywordIndex => {
    let index = indexes.get(partition);
    if (!index) {
      index = createKeywordIndex(options.index);
      indexes.set(partition, index);
    }
    return index;
  };
  if (options.snapshot) {
    if (options.snapshot.character !== character) {
      throw new MemoryStoreError(`snapshot belongs to "${options.snapshot.character}", not to "${character}"`);
    }
    for (const item of options.snapshot.items) {
      byId.set(item.id, item);
      createdAtMs.set(item.id, Date.parse(item.createdAt));
    }
    for (const [partition, json] of Object.entries(options.snapshot.indexes)) indexes.set(partition, loadKeywordIndex(json, options.index));
  }

  function rank(query: string | string[], filter: RetrievalFilter, limit: number, termWeight?: (term: string) => number): MemoryHit[] {
    const nowMs = now().getTime();
    const admits = (id: string): boolean => {
      const item = byId.get(id);
      return item !== undefined && isAdmitted(item, filter);
    };
    // The asker's own items (only theirs are admitted) count more when the question speaks of the asker.
    const ownBoost = typeof query === 'string' && filter.visitor !== undefined && speaksOfAsker(query) ? weights.selfReferenceBoost : 1;
    const boost = (id: string): number => {
      const item = byId.get(id);
      if (!item) return 0;
      const own = item.visitor === undefined ? 1 : ownBoost;
      if (item.kind === 'passage') return own;
      const ageDays = Math.max(0, (nowMs - (createdAtMs.get(id) ?? nowMs)) / DAY_MS);
      const recency = weights.recencyFloor + (1 - weights.recencyFloor) * 0.5 ** (ageDays / weights.halfLifeDays);
      return (1 + (weights.importanceWeight * item.importance) / 10) * recency * own;
    };
    const wantsPassages = filter.kinds === undefined || filter.kinds.includes('passage');
    const wantsMemories = filter.kinds === undefined || filter.kinds.some((kind) => kind !== 'passage');
    const present = (list: Array<KeywordIndex | undefined>): KeywordIndex[] => list.filter((index): index is KeywordIndex => index !== undefined);
    const book = indexes.get(BOOK_PARTITION);
    const memories = present([indexes.get(''), filter.visitor === undefined ? undefined : indexes.get(filter.visitor)]);
    const partitions = present([wantsPassages ? book : undefined, ...(wantsMemories ? memories : [])]);
    // Passages alone are weighed within the book; anything with memories against everything searched and the book.
    const scale = wantsMemories ? present([book, ...memories]) : partitions;
    const searchAll = (queryTerms: string[], termOptions: KeywordSearchOptions): KeywordMatch[] => {
      if (partitions.length === 1 && scale.length === 1) return (partitions[0] as KeywordIndex).searchTerms(queryTerms, termOptions);
      const onOneScale = sharedIdf(partitions, queryTerms, scale);
      const outer = termOptions.termWeight;
      return partitions
        .flatMap((index) => {
          const scale = onOneScale(index);
          return index.searchTerms(queryTerms, { ...termOptions, termWeight: (term) => scale(term) * (outer ? outer(term) : 1) });
        })
        .sort((left, right) => right.score - left.score);
    };
    const searchOptions = { filter: admits, boost };
    const expansionTerms = (top: Array<{ id: string; score: number }>, exclude: Set<string>, count: number): Map<string, number> => {
      const weightByTerm = new Map<string, number>();
      const topScore = top[0]?.score ?? 1;
      for (const match of top) {
        const documentTerms = tokenize(byId.get(match.id)?.text ?? '');
        for (const term of documentTerms) {
          if (exclude.has(term)) continue;
          weightByTerm.set(term, (weightByTerm.get(term) ?? 0) + match.score / topScore / documentTerms.length);
        }
      }
      const best = [...weightByTerm].sort((left, right) => right[1] - left[1]).slice(0, count);
      const bestWeight = best[0]?.[1] ?? 1;
      return new Map(best.map(([term, weight]) => [term, weight / bestWeight]));
    };
    const terms = typeof query === 'string' ? tokenizeQuery(query) : query;
    let matches = searchAll(terms, { ...searchOptions, termWeight });
    const feedback = options.feedback;
    if (feedback && matches.length > 0) {
      const expansion = expansionTerms(matches.slice(0, feedback.documents), new Set(terms), feedback.terms);
      if (expansion.size > 0) {
        const weightOf = (term: string): number => expansion.get(term) ?? termWeight?.(term) ?? 1;
        matches = searchAll([...terms, ...expansion.keys()], { ...searchOptions, termWeight: (term) => weightOf(term) * feedback.weight ** (expansion.has(term) ? 1 : 0) });
      }
    }
    const hits: MemoryHit[] = [];
    for (const match of matches) {
      if (hits.length >= limit) break;
      const item = byId.get(match.id);
      if (item) hits.push({ item, score: match.score });
    }
    return hits;
  }

  return {
    character,
    get size() {
      return byId.size;
    },
    add(items) {
      for (const item of items) validateItem(item, character);
      for (const item of items) {
        const previous = byId.get(item.id);
        // Removing the indexed text (not just the id) keeps document frequencies exact at once.
        if (previous) indexes.get(partitionOf(previous))?.remove({ id: previous.id, text: previous.text });
        byId.set(item.id, item);
        createdAtMs.set(item.id, Date.parse(item.createdAt));
        indexFor(partitionOf(item)).add([{ id: item.id, text: item.text }]);
      }
    },
    get: (id) => byId.get(id),
    items(filter = {}, itemOptions = {}) {
      return [...byId.values()]
        .filter((item) => isAdmitted(item, filter, itemOptions.includeSuperseded ?? false))
        .sort((left, right) => left.createdAt.localeCompare(right.createdAt));
    },
    search: (query, filter, limit) => rank(query, filter, limit),
    searchTerms: (terms, filter, limit, termWeight) => rank(terms, filter, limit, termWeight),
    retrieve(query, retrieveOptions) {
      return {
        passages: rank(query, { kinds: ['passage'], bookId: retrieveOptions.bookId }, retrieveOptions.passages),
        memories: rank(query, { kinds: MEMORY_KINDS, visitor: retrieveOptions.visitor }, retrieveOptions.memories),
      };
    },
    markSuperseded(id, supersedingId) {
      const item = byId.get(id);
      if (!item) throw new MemoryStoreError(`cannot supersede unknown memory item ${id}`);
      byId.set(id, { ...item, supersededBy: supersedingId });
    },
    remove(id) {
      const item = byId.get(id);
      if (item) indexes.get(partitionOf(item))?.remove({ id, text: item.text });
      createdAtMs.delete(id);
      return byId.delete(id);
    },
    toSnapshot: () => ({
      character,
      items: [...byId.values()],
      indexes: Object.fromEntries([...indexes].map(([partition, index]) => [partition, index.toJSON()])),
    }),
  };
}
