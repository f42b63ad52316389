/**
 * One inverted index over documents of several partitions (a book, shared memories, each
 * visitor's own). It knows nothing of what the terms mean: callers give each document's terms
 * per field, and the index keeps what BM25 and dynamic pruning need: postings with term
 * frequencies, per-partition document counts and field lengths, document frequencies, and per
 * term the largest frequency and the shortest field, the raw material of score upper bounds.
 */
import { appendPosting, ensureLists, forEachPosting, PostingCursor } from './posting-lists.ts';
import { appendStaged, PostingStage } from './posting-stage.ts';
import { createTermDictionary, type TermDictionary } from './term-dictionary.ts';
import { compactIndexState } from './compaction.ts';
import { classOf, emptyIndexState, POSTING_CLASSES, TRACKED_PARTITIONS, type InvertedIndex, type InvertedIndexState, type PartitionPostings } from './index-state.ts';
import { grown } from './grown.ts';

export { classOf, emptyIndexState, POSTING_CLASSES, TRACKED_PARTITIONS, type InvertedIndex, type InvertedIndexState, type PartitionPostings } from './index-state.ts';

// Float32 storage rounds; a little headroom keeps every stored bound above the true one.
const BOUND_MARGIN = 1 + 1e-5;

// Fields up to this many terms are sorted by insertion (in cache, no call); longer ones by sort().
const INSERTION_SORT_LIMIT = 64;

/** The BM25+ parameters bounds are computed for unless told otherwise (minisearch's names). */
export const DEFAULT_BM25 = { k: 1.2, b: 0.75, d: 0.5 };

// Partition postings kept at most (a query has a few dozen terms).
const MAX_CACHED_POSTINGS = 4096;

// Bounds are recomputed once a partition's average field length has drifted this much.
const BOUND_DRIFT = 1.1;

/** Creates an index with `fieldCount` fields, empty or from a state (a checkpoint's). */
export function createInvertedIndex(options: { fieldCount: number; state?: InvertedIndexState; bm25?: { k: number; b: number; d: number } }): InvertedIndex {
  let state = options.state ?? emptyIndexState(options.fieldCount);
  const bm25 = options.bm25 ?? DEFAULT_BM25;
  const frequencyScore = (frequency: number, length: number, average: number) => bm25.d + (frequency * (bm25.k + 1)) / (frequency + bm25.k * (1 - bm25.b + (bm25.b * length) / average));
  const fieldCount = state.fieldCount;
  const dictionary: TermDictionary = createTermDictionary(state.dictionary);
  let unexactRemovals = 0;
  // Every add, removal or compaction counts a change; partition postings found before are then stale.
  let changes = 0;
  let changesSeen = 0;
  let cachedPostings = 0;
  const partitionCache = new Map<number, Map<number, PartitionPostings>>();

  function ensurePartition(partition: number): void {
    if (partition < state.partitions) return;
    state.partitionDocuments = grown(state.partitionDocuments, partition + 1);
    state.partitionLengths = grown(state.partitionLengths, (partition + 1) * fieldCount);
    ensureLists(state.members, partition + 1);
    state.partitions = partition + 1;
  }

  let termCapacity = state.maxFrequencies.length / POSTING_CLASSES;
  ensureLists(state.postings, termCapacity * POSTING_CLASSES);
  // Per-term arrays follow the dictionary's ids.
  function ensureTerm(term: number): void {
    if (term < termCapacity) return;
    while (term >= termCapacity) termCapacity = Math.max(64, termCapacity * 2);
    state.trackedFrequencies = state.trackedFrequencies.map((frequencies) => grown(frequencies, termCapacity));
    state.scoreBounds = state.scoreBounds.map((bounds) => grown(bounds, termCapacity));
    state.maxFrequencies = grown(state.maxFrequencies, termCapacity * POSTING_CLASSES);
    const minLengths = grown(state.minLengths, termCapacity * POSTING_CLASSES);
    minLengths.fill(0xffff, state.minLengths.length);
    state.minLengths = minLengths;
    ensureLists(state.postings, termCapacity * POSTING_CLASSES);
  }

  // addDocument's sorted copy of a field.
  let scratch = new Uint32Array(256);

  // A bulk add's postings, held back until it ends (see posting-stage.ts).
  let staged: PostingStage | undefined;

  function flush(): void {
    if (staged === undefined || staged.count === 0) return;
    appendStaged(staged, state, termCapacity * POSTING_CLASSES, (frequency, length, average) => frequencyScore(frequency, length, average) * BOUND_MARGIN);
    staged.clear();
  }

  function changeLengths(partition: number, document: number, sign: 1 | -1): void {
    state.partitionDocuments[partition] = state.partitionDocuments[partition]! + sign;
    for (let field = 0; field < fieldCount; field += 1) {
      const at = partition * fieldCount + field;
      state.partitionLengths[at] = state.partitionLengths[at]! + sign * state.documentLengths[document * fieldCount + field]!;
    }
  }

  // Exact bounds for one tracked partition at its current averages: one pass over its postings.
  function recomputeBounds(partition: number): void {
    for (let field = 0; field < fieldCount; field += 1) state.boundAverages[partition * fieldCount + field] = Math.max(1e-9, index.averageFieldLength(partition, field));
    const bounds = state.scoreBounds[partition]!;
    bounds.fill(0);
    for (let term = 0; term < dictionary.count; term += 1) {
      const field = dictionary.isPair(term) ? 1 : 0;
      const average = state.boundAverages[partition * fieldCount + field]!;
      let best = 0;
      forEachPosting(state.postings, term * POSTING_CLASSES + partition, (document, frequency) => {
        if (state.documentAlive[document] !== 1) return;
        const score = frequencyScore(frequency, state.documentLengths[document * fieldCount + field]!, average);
        if (score > best) best = score;
      });
      bounds[term] = best * BOUND_MARGIN;
    }
  }

  // Reads see every posting: a bulk add's staged ones are flushed first.
  const flushed = (): true => {
    flush();
    return true;
  };

  const index: InvertedIndex = {
    fieldCount,
    bm25,
    scoreBound(term, partition) {
      flush();
      if (index.documentsIn(partition) === 0) return 0;
      const field = dictionary.isPair(term) ? 1 : 0;
      let drift = 0;
      for (let each = 0; each < fieldCount; each += 1) {
        const recorded = state.boundAverages[partition * fieldCount + each]!;
        const now = Math.max(1e-9, index.averageFieldLength(partition, each));
        const ratio = recorded === 0 ? Infinity : now / recorded;
        drift = Math.max(drift, ratio, 1 / ratio);
      }
      if (drift > BOUND_DRIFT) recomputeBounds(partition);
      const recorded = state.boundAverages[partition * fieldCount + field]!;
      return (state.scoreBounds[partition]![term] ?? 0) * Math.max(1, index.averageFieldLength(partition, field) / recorded);
    },
    get documentSlots() {
      return state.documents;
    },
    get aliveDocuments() {
      return state.documents - state.deadDocuments;
    },
    get isExact() {
      return unexactRemovals === 0;
    },
    get isWasteful() {
      return state.deadDocuments > 1000 && state.deadDocuments * 4 > state.documents;
    },
    addDocument(fields, partition, sizes) {
      changes += 1;
      ensurePartition(partition);
      const document = state.documents;
      state.documents += 1;
      if (document >= state.documentPartitions.length) {
        const capacity = Math.max(64, state.documentPartitions.length * 2);
        state.documentPartitions = grown(state.documentPartitions, capacity);
        state.documentAlive = grown(state.documentAlive, capacity);
        state.documentLengths = grown(state.documentLengths, capacity * fieldCount);
      }
      state.documentPartitions[document] = partition;
      state.documentAlive[document] = 1;
      const postingClass = classOf(partition);
      for (let field = 0; field < fieldCount; field += 1) {
        const ids = fields[field];
        const used = ids === undefined ? 0 : Math.min(ids.length, sizes?.[field] ?? ids.length);
        // Distinct terms and their frequencies from a sorted copy in a reused buffer: a field is
        // short, so an insertion sort there beats allocating and sorting a new array, and it
        // touches no per-term table.
        if (used > scratch.length) scratch = grown(scratch, used);
        for (let position = 0; position < used; position += 1) {
          const id = ids![position]!;
          let at = position;
          if (used <= INSERTION_SORT_LIMIT) while (at > 0 && scratch[at - 1]! > id) scratch[at] = scratch[--at]!;
          scratch[at] = id;
        }
        if (used > INSERTION_SORT_LIMIT) scratch.subarray(0, used).sort();
        if (used > 0) ensureTerm(scratch[used - 1]!);
        let distinct = 0;
        for (let position = 0; position < used; position += 1) if (position === 0 || scratch[position] !== scratch[position - 1]) distinct += 1;
        const length = Math.min(0xffff, distinct);
        state.documentLengths[document * fieldCount + field] = length;
        // ensureTerm above was the last that could replace these arrays.
        const { postings, maxFrequencies, minLengths } = state;
        const isTracked = partition < TRACKED_PARTITIONS;
        const frequencies = isTracked ? state.trackedFrequencies[partition]! : undefined;
        const bounds = isTracked ? state.scoreBounds[partition]! : undefined;
        const average = isTracked ? state.boundAverages[partition * fieldCount + field]! : 0;
        for (let start = 0; start < used; ) {
          const id = scratch[start]!;
          let end = start + 1;
          while (end < used && scratch[end] === id) end += 1;
          const frequency = end - start;
          start = end;
          const list = id * POSTING_CLASSES + postingClass;
          if (staged !== undefined) {
            staged.add(list, document, frequency, length, field);
            continue;
          }
          appendPosting(postings, list, document, frequency);
          if (frequency > maxFrequencies[list]!) maxFrequencies[list] = Math.min(255, frequency);
          if (length < minLengths[list]!) minLengths[list] = length;
          if (frequencies !== undefined) {
            frequencies[id] = frequencies[id]! + 1;
            if (average > 0) {
              const score = frequencyScore(frequency, length, average) * BOUND_MARGIN;
              if (score > bounds![id]!) bounds![id] = score;
            }
          }
        }
      }
      appendPosting(state.members, partition, document, 1);
      changeLengths(partition, document, 1);
      return document;
    },
    removeDocument(document, fields) {
      // Its frequencies are counted once its postings are in.
      if (staged !== undefined && staged.holds(document)) flush();
      if (document >= state.documents || state.documentAlive[document] === 0) return;
      changes += 1;
      const partition = state.documentPartitions[document]!;
      state.documentAlive[document] = 0;
      state.deadDocuments += 1;
      changeLengths(partition, document, -1);
      if (partition >= TRACKED_PARTITIONS) return;
      if (!fields) {
        unexactRemovals += 1;
        return;
      }
      const frequencies = state.trackedFrequencies[partition]!;
      for (const terms of fields) {
        for (const id of new Set(Array.from(terms))) if (frequencies[id]! > 0) frequencies[id] = frequencies[id]! - 1;
      }
    },
    isAlive: (document) => state.documentAlive[document] === 1,
    partitionOf: (document) => state.documentPartitions[document]!,
    fieldLength: (document, field) => state.documentLengths[document * fieldCount + field]!,
    documentsIn: (partition) => (partition < state.partitions ? state.partitionDocuments[partition]! : 0),
    averageFieldLength(partition, field) {
      const documents = index.documentsIn(partition);
      return documents === 0 ? 0 : state.partitionLengths[partition * fieldCount + field]! / documents;
    },
    dictionary,
    termId: (term) => dictionary.lookup(term),
    termFieldOf: (term) => (dictionary.isPair(term) ? 1 : 0),
    documentFrequency(term, partition) {
      flush();
      if (partition < TRACKED_PARTITIONS) return state.trackedFrequencies[partition]![term] ?? 0;
      return index.partitionPostings(term, partition).count;
    },
    partitionPostings(term, partition) {
      flush();
      // Stale after a change; bounded, as a long-lived store answers many visitors.
      if (changesSeen !== changes || cachedPostings >= MAX_CACHED_POSTINGS) {
        partitionCache.clear();
        changesSeen = changes;
        cachedPostings = 0;
      }
      let byTerm = partitionCache.get(partition);
      if (byTerm === undefined) {
        byTerm = new Map();
        partitionCache.set(partition, byTerm);
      }
      let found = byTerm.get(term);
      if (found !== undefined) return found;
      found = { documents: [], frequencies: [], count: 0 };
      byTerm.set(term, found);
      cachedPostings += 1;
      if (partition >= state.partitions) return found;
      // A visitor's few documents against the term's postings.
      const members = new PostingCursor(state.members, partition);
      const postings = new PostingCursor(state.postings, term * POSTING_CLASSES + TRACKED_PARTITIONS);
      while (members.document !== -1 && postings.document !== -1) {
        if (members.document === postings.document) {
          if (state.documentAlive[members.document] === 1) {
            found.documents.push(members.document);
            found.frequencies.push(postings.frequency);
            found.count += 1;
          }
          members.next();
          postings.next();
        } else if (members.document < postings.document) {
          members.seek(postings.document);
        } else {
          postings.seek(members.document);
        }
      }
      return found;
    },
    maxFrequency: (term, postingClass) => flushed() && state.maxFrequencies[term * POSTING_CLASSES + postingClass]!,
    minLength: (term, postingClass) => flushed() && state.minLengths[term * POSTING_CLASSES + postingClass]!,
    cursor: (term, postingClass) => flushed() && new PostingCursor(state.postings, term * POSTING_CLASSES + postingClass),
    members: (partition) => new PostingCursor(state.members, partition),
    compact() {
      flush();
      changes += 1;
      const { compacted, renumbered, capacity } = compactIndexState(state, dictionary, fieldCount);
      state = compacted;
      termCapacity = capacity;
      unexactRemovals = 0;
      return renumbered;
    },
    state: () => flushed() && state,
    bulk(run) {
      if (staged !== undefined) return run();
      staged = new PostingStage();
      try {
        return run();
      } finally {
        flush();
        staged = undefined;
      }
    },
  };
  return index;
}
