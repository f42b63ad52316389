import { createInvertedIndex, type InvertedIndex, type InvertedIndexState } from '../search-index/inverted-index.ts';
import { topK } from '../search-index/top-k.ts';
import type { TextList } from '../search-index/checkpoint-file.ts';
import { createFieldBuffers, DEFAULT_KEYWORD_INDEX_OPTIONS, documentFields, fillDocumentFields, queryFieldTerms, type FirstPerson, type KeywordIndexOptions } from './keyword-fields.ts';
import { createWordCache, type WordCache } from './word-cache.ts';
import type { QuestionPlan } from './character-query.ts';
import { speaksOfAsker, weighQueryTerms } from './partition-scoring.ts';
import { contentHash, createItemTable, type ItemTable } from './item-table.ts';
import { tokenize, tokenizeQuery } from './tokenize.ts';
import { CHAPTER_SPREAD_POOL, spreadOverChapters } from './passage-context.ts';
import type { MemoryHit, MemoryItem, MemoryKind, RetrievalFilter } from './types.ts';
import { BOOK_PARTITION, isAdmitted, MEMORY_KINDS, MemoryStoreError, partitionKeyOf, validateItem } from './item-rules.ts';
import { nearEventBoost, timeAnchorOf, DEFAULT_TIME_ANCHOR_WEIGHTS } from './narrative-time.ts';
import { DAY_MS, DEFAULT_RETRIEVAL_WEIGHTS, type FeedbackOptions, type PresencePrior, type RetrievalWeights } from './retrieval-weights.ts';

export { BOOK_PARTITION, isAdmitted, MEMORY_KINDS, MemoryStoreError, partitionKeyOf } from './item-rules.ts';
export { DEFAULT_PRESENCE_WEIGHTS, DEFAULT_RETRIEVAL_WEIGHTS, memoryWeight, type FeedbackOptions, type PresencePrior, type RetrievalWeights } from './retrieval-weights.ts';

// From this many items an add is one bulk add to the index (see InvertedIndex.bulk): grouping
// the postings costs a pass over every posting list, repaid many times over by a large batch.
const BULK_ADD_MINIMUM = 1024;

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  character: string;
  /** The clock for recency; defaults to the real one. */
  now?: () => Date;
  weights?: Partial<RetrievalWeights>;
  index?: KeywordIndexOptions;
  /** Pseudo-relevance feedback: expand the query with terms of the first results; off when absent. */
  feedback?: FeedbackOptions;
  /** A loaded checkpoint to start from (see store-checkpoint.ts); its items must be added again to be found. */
  checkpoint?: StoreCheckpoint;
  /**
   * The character the store belongs to, as its book's passages name it: passages it is in rank
   * above equal keyword matches elsewhere, by `presence` (see PresencePrior).
   */
  presence?: PresencePrior;
  /** The last chapter the character knows: nothing of a later chapter is ever retrieved. */
  lastChapter?: number;
}

/** Every item of a store (what versions and dreams read). */
export interface MemorySnapshot {
  character: string;
  items: MemoryItem[];
}

/**
 * What a checkpoint holds: the index, and per document its item id, content hash and partition
 * key; and, for the kinds a source can vouch for (RECORDED_KINDS), the item itself as JSON with
 * its kind code, so a start whose sources are unchanged need not give those items again.
 */
export interface StoreCheckpoint {
  index: InvertedIndexState;
  itemIds: string[];
  hashes: Float64Array;
  partitionKeys: string[];
  records?: readonly string[] | TextList;
  kinds?: Uint8Array;
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
  /** Adds items to the index at once; an id already present is replaced (idempotent: unchanged text is not re-indexed). */
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
  search(query: string | QuestionPlan, filter: RetrievalFilter, limit: number): MemoryHit[];
  /** `search` on already tokenized terms, optionally weighted per term (for query expansion). */
  searchTerms(terms: string[], filter: RetrievalFilter, limit: number, termWeight?: (term: string) => number): MemoryHit[];
  /** Book passages (of `bookId` when given) and memories (this visitor's private ones included). */
  retrieve(query: string | QuestionPlan, options: { visitor?: string; bookId?: string; passages: number; memories: number }): Retrieval;
  /** Marks an item as replaced by a newer one; it stays readable but is no longer retrieved by default. */
  markSuperseded(id: string, byId: string): void;
  /** Forgets an item entirely. Returns whether it was there. */
  remove(id: string): boolean;
  /**
   * Drops what a checkpoint held that no source gave again since it was loaded (items erased or
   * replaced while the server was down), so the index matches its sources exactly. Returns how many.
   */
  settle(): number;
  /** Items added, replaced or removed since the last `checkpoint()`. */
  readonly changes: number;
  /** The index compacted, for writing to disk; resets `changes`. */
  checkpoint(): StoreCheckpoint;
  /**
   * Takes the checkpoint's own records of these kinds as the items, without a source giving them
   * again: only for kinds whose source was found unchanged since the checkpoint was written
   * (store-checkpoint.ts says how). Returns how many items it attached.
   */
  trust(kinds: readonly MemoryKind[]): number;
  /**
   * Every item, or every item of these kinds. With `parsedOnly`, not the records a checkpoint
   * gave that nothing has read yet (`trust`): those are only ever raw turns, their facts and
   * reflections, never a dream's item.
   */
  toSnapshot(kinds?: readonly MemoryKind[], options?: { parsedOnly?: boolean }): MemorySnapshot;
}

/** Creates a character's memory store, empty or from a checkpoint. */
export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  const { character } = options;
  const now = options.now ?? (() => new Date());
  const weights = { ...DEFAULT_RETRIEVAL_WEIGHTS, ...options.weights };
  const settings = { ...DEFAULT_KEYWORD_INDEX_OPTIONS, ...options.index };
  const fieldCount = settings.pairWeight > 0 ? 2 : 1;
  if (options.checkpoint && options.checkpoint.index.fieldCount !== fieldCount) throw new MemoryStoreError('checkpoint was written with other index fields');
  // One index for everything the character remembers: privacy is the partition filter inside it.
  const bm25 = { k: settings.k, b: settings.b, d: settings.d };
  const index: InvertedIndex = createInvertedIndex({ fieldCount, bm25, ...(options.checkpoint ? { state: options.checkpoint.index } : {}) });
  const table: ItemTable = createItemTable(options.checkpoint);
  const words: WordCache = createWordCache();
  // The build path tokenizes into these, so adding an item allocates no arrays.
  const buffers = createFieldBuffers();
  // A passage the character narrates keeps its first person ("my mother" is its own mother), and
  // one where it speaks keeps the first person of its own quoted words (`ownSpeech`).
  const firstPersonOf = (item: MemoryItem): FirstPerson => {
    if (options.presence === undefined || item.kind !== 'passage') return false;
    const narrates = item.present?.some((present) => present.name === options.presence!.name && present.kinds.includes('narrating')) ?? false;
    return narrates || (item.ownSpeech !== undefined && item.ownSpeech.length > 0 ? item.ownSpeech : false);
  };
  // The hash covers how the text was indexed: the same words read with another first person are another document.
  const hashKey = (key: string, firstPerson: FirstPerson): string =>
    firstPerson === false ? key : firstPerson === true ? `${key}\u0000narrated` : `${key}\u0000voiced:${firstPerson.join(',')}`;
  const fieldsOf = (item: MemoryItem) => documentFields(item.text, index.dictionary, settings, words, firstPersonOf(item));

  function forget(document: number): void {
    const item = table.itemAt(document);
    index.removeDocument(document, item ? fieldsOf(item) : undefined);
    table.release(document);
  }

  function compact(): void {
    table.renumber(index.compact());
    // The dictionary may have dropped terms the cache still names.
    words.clear();
  }

  function compactIfNeeded(): void {
    if (index.isWasteful || !index.isExact) compact();
  }

  // The pages the asked character is in; for a question about what a narrator told it, that narrator's.
  const presenceOf = (item: MemoryItem, name: string | undefined): number => {
    const prior = options.presence;
    if (!prior || !item.present) return 1;
    const entry = item.present.find((present) => present.name === name);
    if (!entry) return 1;
    return 1 + Math.max(0, ...entry.kinds.map((kind) => prior.weights[kind]));
  };
  const maxPresence = options.presence ? 1 + Math.max(0, ...Object.values(options.presence.weights)) : 1;
  const isKnown = (item: MemoryItem): boolean => options.lastChapter === undefined || item.chapter === undefined || item.chapter <= options.lastChapter;

  function rank(query: string | string[] | QuestionPlan, filter: RetrievalFilter, limit: number, termWeight?: (term: string) => number): MemoryHit[] {
    compactIfNeeded();
    const nowMs = now().getTime();
    const wantsPassages = filter.kinds === undefined || filter.kinds.includes('passage');
    const wantsMemories = filter.kinds === undefined || filter.kinds.some((kind) => kind !== 'passage');
    const book = table.partitionId(BOOK_PARTITION);
    const shared = table.partitionId('');
    const own = filter.visitor === undefined ? undefined : table.partitionId(filter.visitor);
    const present = (list: Array<number | undefined>): number[] => list.filter((partition): partition is number => partition !== undefined);
    const memories = present([shared, own]);
    const partitions = present([wantsPassages ? book : undefined, ...(wantsMemories ? memories : [])]);
    const scale = wantsMemories ? present([book, ...memories]) : partitions;
    const isAboutAsker = typeof query === 'string' ? speaksOfAsker(query) : !Array.isArray(query) && query.speaksOfAsker;
    const ownBoost = filter.visitor !== undefined && isAboutAsker ? weights.selfReferenceBoost : 1;
    const presentName = (typeof query === 'string' || Array.isArray(query) ? undefined : query.teller) ?? options.presence?.name;
    const anchor = wantsPassages && !Array.isArray(query) ? timeAnchorOf(typeof query === 'string' ? query : query.text) : undefined;
    let event: MemoryItem | undefined;
    const nearEvent = (item: MemoryItem): number => (event === undefined || item.position === undefined || item.bookId !== event.bookId ? 1 : nearEventBoost(anchor!, event.position!, item.position));
    const boost = (document: number): number => {
      const item = table.itemAt(document)!;
      const mine = item.visitor === undefined ? 1 : ownBoost;
      if (item.kind === 'passage') return mine * presenceOf(item, presentName) * nearEvent(item);
      const ageDays = Math.max(0, (nowMs - table.createdAtMs(document)) / DAY_MS);
      const recency = weights.recencyFloor + (1 - weights.recencyFloor) * 0.5 ** (ageDays / weights.halfLifeDays);
      return (1 + (weights.importanceWeight * item.importance) / 10) * recency * mine;
    };
    const memoryMaxBoost = Math.max(1, 1 + weights.importanceWeight) * Math.max(1, weights.recencyFloor);
    const passageMaxBoost = maxPresence * (anchor ? 1 + DEFAULT_TIME_ANCHOR_WEIGHTS.boost : 1);
    const maxBoost = Math.max(memoryMaxBoost, passageMaxBoost) * Math.max(1, ownBoost);
    // The book holds passages of no visitor, the shared partition memories of no visitor: neither gets the asker's boost.
    const partitionMaxBoost = (partition: number): number => (partition === book ? passageMaxBoost : partition === shared ? memoryMaxBoost : maxBoost);
    const admit = (document: number): boolean => {
      const item = table.itemAt(document);
      return item !== undefined && isAdmitted(item, filter) && isKnown(item);
    };
    const search = (terms: string[], weightOf?: (term: string) => number, count = limit) =>
      topK(index, { terms: weighQueryTerms(index, queryFieldTerms(terms, settings), scale, settings, weightOf), partitions, admit, boost, maxBoost, partitionMaxBoost, limit: count, bm25, coordination: settings.coordination });
    const plan = typeof query === 'string' || Array.isArray(query) ? undefined : query;
    const terms = typeof query === 'string' ? tokenizeQuery(query) : Array.isArray(query) ? query : query.terms;
    if (plan) termWeight = planWeight(plan);
    // The event a question is set after or before: the passage its own words find best.
    if (anchor) event = search(anchor.terms, undefined, 4).map((match) => table.itemAt(match.document)!).find((item) => item.kind === 'passage' && item.position !== undefined);
    let matches = search(terms, termWeight);
    const feedback = options.feedback;
    if (feedback && matches.length > 0) {
      const expansion = expansionTerms(matches.slice(0, feedback.documents), new Set(terms), feedback.terms);
      if (expansion.size > 0) {
        const weightOf = (term: string): number => (expansion.get(term) ?? termWeight?.(term) ?? 1) * feedback.weight ** (expansion.has(term) ? 1 : 0);
        matches = search([...terms, ...expansion.keys()], weightOf);
      }
    }
    return matches.map((match) => ({ item: table.itemAt(match.document)!, score: match.score }));
  }

  // A plan's weight per term; a pair weighs as its lighter word, so borrowed words' pairs stay light.
  function planWeight(plan: QuestionPlan): (term: string) => number {
    const of = (term: string) => plan.weights.get(term) ?? 1;
    return (term) => {
      const mark = term.indexOf('_');
      return mark === -1 ? of(term) : Math.min(of(term.slice(0, mark)), of(term.slice(mark + 1)));
    };
  }

  // The most frequent terms of the first results, weighted by their results' scores.
  function expansionTerms(top: Array<{ document: number; score: number }>, exclude: Set<string>, count: number): Map<string, number> {
    const weightByTerm = new Map<string, number>();
    const topScore = top[0]?.score ?? 1;
    for (const match of top) {
      const documentTerms = tokenize(table.itemAt(match.document)?.text ?? '');
      for (const term of documentTerms) {
        if (exclude.has(term)) continue;
        weightByTerm.set(term, (weightByTerm.get(term) ?? 0) + match.score / topScore / documentTerms.length);
      }
    }
    const best = [...weightByTerm].sort((left, right) => right[1] - left[1]).slice(0, count);
    const bestWeight = best[0]?.[1] ?? 1;
    return new Map(best.map(([term, weight]) => [term, weight / bestWeight]));
  }

  function addValid(items: readonly MemoryItem[]): void {
    for (const item of items) {
      const existing = table.documentOf(item.id);
      // The very object already held (a memory version applied again at start): nothing changes.
      if (existing !== undefined && table.itemAt(existing) === item) continue;
      const key = partitionKeyOf(item);
      const firstPerson = firstPersonOf(item);
      const hash = contentHash(item.text, hashKey(key, firstPerson));
      // Same text in the same partition: the postings stand, only the item's fields change.
      if (existing !== undefined && table.hashAt(existing) === hash) {
        table.attach(existing, item);
        continue;
      }
      if (existing !== undefined) forget(existing);
      fillDocumentFields(item.text, index.dictionary, settings, words, buffers, firstPerson);
      const document = index.addDocument(buffers.fields, table.partitionFor(key), buffers.sizes);
      table.place(document, item, hash);
    }
  }

  return {
    character,
    get size() {
      return table.size;
    },
    get changes() {
      return table.changes;
    },
    add(items) {
      for (const item of items) validateItem(item, character);
      if (items.length >= BULK_ADD_MINIMUM) index.bulk(() => addValid(items));
      else addValid(items);
    },
    get: (id) => table.item(id),
    items(filter = {}, itemOptions = {}) {
      const keep = (item: MemoryItem | undefined): item is MemoryItem => item !== undefined && isAdmitted(item, filter, itemOptions.includeSuperseded ?? false) && isKnown(item);
      const byTime = (left: MemoryItem, right: MemoryItem) => left.createdAt.localeCompare(right.createdAt);
      // A visitor's own turns or facts: their partition's documents, not the whole store (chat asks once per message).
      const isVisitorOnly = filter.visitor !== undefined && filter.kinds !== undefined && filter.kinds.every((kind) => kind === 'turn' || kind === 'visitor_fact');
      if (isVisitorOnly) {
        const found: MemoryItem[] = [];
        const partition = table.partitionId(filter.visitor!);
        if (partition !== undefined) for (const members = index.members(partition); members.document !== -1; members.next()) if (index.isAlive(members.document)) found.push(table.itemAt(members.document)!);
        for (const document of table.sharedVisitorKinds()) found.push(table.itemAt(document)!);
        return found.filter(keep).sort(byTime);
      }
      return table.allItems(filter.kinds ? new Set(filter.kinds) : undefined).filter(keep).sort(byTime);
    },
    search: (query, filter, limit) => rank(query, filter, limit),
    searchTerms: (terms, filter, limit, termWeight) => (terms.length === 0 ? [] : rank(terms, filter, limit, termWeight)),
    retrieve(query, retrieveOptions) {
      return {
        passages: spreadOverChapters(rank(query, { kinds: ['passage'], bookId: retrieveOptions.bookId }, retrieveOptions.passages * CHAPTER_SPREAD_POOL), retrieveOptions.passages),
        memories: rank(query, { kinds: MEMORY_KINDS, visitor: retrieveOptions.visitor }, retrieveOptions.memories),
      };
    },
    markSuperseded(id, supersedingId) {
      const item = table.item(id);
      if (!item) throw new MemoryStoreError(`cannot supersede unknown memory item ${id}`);
      table.attach(table.documentOf(id)!, { ...item, supersededBy: supersedingId });
    },
    remove(id) {
      const document = table.documentOf(id);
      if (document === undefined || table.itemAt(document) === undefined) return false;
      forget(document);
      return true;
    },
    settle() {
      const stale = table.unattached();
      for (const document of stale) forget(document);
      compactIfNeeded();
      return stale.length;
    },
    checkpoint() {
      compact();
      return table.checkpoint(index.state());
    },
    trust: (kinds) => table.trust(new Set(kinds)),
    toSnapshot: (kinds, snapshotOptions = {}) => ({ character, items: table.allItems(kinds ? new Set(kinds) : undefined, snapshotOptions.parsedOnly ?? false) }),
  };
}
