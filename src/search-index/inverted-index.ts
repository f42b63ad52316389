/**
 * One inverted index over documents of several partitions (a book, shared memories, each
 * visitor's own). It knows nothing of what the terms mean: callers give each document's terms
 * per field, and the index keeps what BM25 and dynamic pruning need: postings with term
 * frequencies, per-partition document counts and field lengths, document frequencies, and per
 * term the largest frequency and the shortest field, the raw material of score upper bounds.
 */
import { appendPosting, compactPostingLists, createPostingLists, ensureLists, forEachPosting, PostingCursor, type PostingListsState } from './posting-lists.ts';

/**
 * Partitions below this number keep exact per-term document frequencies; the others (one per
 * visitor, many and small) count theirs when asked, by intersecting their member list with the
 * term's postings, so a visitor costs no per-term table.
 */
export const TRACKED_PARTITIONS = 2;

/** Everything an index holds, as plain typed arrays (what a checkpoint writes and reads). */
export interface InvertedIndexState {
  fieldCount: number;
  terms: string[];
  termFields: Uint8Array;
  /** Per tracked partition, per term: documents (alive) containing it. */
  trackedFrequencies: Uint32Array[];
  maxFrequencies: Uint8Array;
  minLengths: Uint16Array;
  postings: PostingListsState;
  /** List id = partition id. */
  members: PostingListsState;
  documents: number;
  documentPartitions: Uint32Array;
  documentAlive: Uint8Array;
  /** fieldCount lengths per document (distinct terms in the field, as minisearch counts them). */
  documentLengths: Uint16Array;
  partitions: number;
  partitionDocuments: Float64Array;
  /** fieldCount sums per partition. */
  partitionLengths: Float64Array;
  deadDocuments: number;
}

/** The index's operations; see the file comment. */
export interface InvertedIndex {
  readonly fieldCount: number;
  /** Document ids handed out so far (dead ones included): ids are below this. */
  readonly documentSlots: number;
  readonly aliveDocuments: number;
  /** Adds a document (terms per field, repeats counted) and returns its id. Ids increase. */
  addDocument(fields: ReadonlyArray<readonly string[]>, partition: number): number;
  /**
   * Removes a document. With its fields, frequencies drop at once; without them (a document
   * whose text is no longer known) the index must be compacted before it is searched again.
   */
  removeDocument(document: number, fields?: ReadonlyArray<readonly string[]>): void;
  /** Whether frequencies are exact, i.e. no document was removed without its fields since the last compaction. */
  readonly isExact: boolean;
  isAlive(document: number): boolean;
  partitionOf(document: number): number;
  fieldLength(document: number, field: number): number;
  documentsIn(partition: number): number;
  averageFieldLength(partition: number, field: number): number;
  termId(term: string): number | undefined;
  termFieldOf(term: number): number;
  documentFrequency(term: number, partition: number): number;
  maxFrequency(term: number): number;
  minLength(term: number): number;
  cursor(term: number): PostingCursor;
  /** Whether dead postings are worth a compaction. */
  readonly isWasteful: boolean;
  /** Drops dead documents and unused terms; returns the new id of each old document (-1 when dropped). */
  compact(): Int32Array;
  /** The state, for a checkpoint (compact first to write it small). */
  state(): InvertedIndexState;
}

function grown<T extends Uint32Array | Uint16Array | Uint8Array | Float64Array>(array: T, minimum: number): T {
  if (array.length >= minimum) return array;
  let length = Math.max(16, array.length);
  while (length < minimum) length *= 2;
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}

/** An empty index state with `fieldCount` fields. */
export function emptyIndexState(fieldCount: number): InvertedIndexState {
  return {
    fieldCount,
    terms: [],
    termFields: new Uint8Array(64),
    trackedFrequencies: Array.from({ length: TRACKED_PARTITIONS }, () => new Uint32Array(64)),
    maxFrequencies: new Uint8Array(64),
    minLengths: new Uint16Array(64),
    postings: createPostingLists(),
    members: createPostingLists(),
    documents: 0,
    documentPartitions: new Uint32Array(64),
    documentAlive: new Uint8Array(64),
    documentLengths: new Uint16Array(64 * fieldCount),
    partitions: 0,
    partitionDocuments: new Float64Array(8),
    partitionLengths: new Float64Array(8 * fieldCount),
    deadDocuments: 0,
  };
}

/** Creates an index with `fieldCount` fields, empty or from a state (a checkpoint's). */
export function createInvertedIndex(options: { fieldCount: number; state?: InvertedIndexState }): InvertedIndex {
  let state = options.state ?? emptyIndexState(options.fieldCount);
  const fieldCount = state.fieldCount;
  const dictionary = new Map<string, number>();
  state.terms.forEach((term, id) => dictionary.set(term, id));
  let unexactRemovals = 0;

  function ensurePartition(partition: number): void {
    if (partition < state.partitions) return;
    state.partitionDocuments = grown(state.partitionDocuments, partition + 1);
    state.partitionLengths = grown(state.partitionLengths, (partition + 1) * fieldCount);
    ensureLists(state.members, partition + 1);
    state.partitions = partition + 1;
  }

  function termFor(term: string, field: number): number {
    let id = dictionary.get(term);
    if (id !== undefined) return id;
    id = state.terms.length;
    state.terms.push(term);
    dictionary.set(term, id);
    state.termFields = grown(state.termFields, id + 1);
    state.maxFrequencies = grown(state.maxFrequencies, id + 1);
    state.minLengths = grown(state.minLengths, id + 1);
    state.trackedFrequencies = state.trackedFrequencies.map((frequencies) => grown(frequencies, id + 1));
    state.termFields[id] = field;
    state.minLengths[id] = 0xffff;
    ensureLists(state.postings, id + 1);
    return id;
  }

  // Distinct terms of a field with their counts, in first-seen order.
  function countTerms(terms: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  }

  function changeLengths(partition: number, document: number, sign: 1 | -1): void {
    state.partitionDocuments[partition] = state.partitionDocuments[partition]! + sign;
    for (let field = 0; field < fieldCount; field += 1) {
      const at = partition * fieldCount + field;
      state.partitionLengths[at] = state.partitionLengths[at]! + sign * state.documentLengths[document * fieldCount + field]!;
    }
  }

  const index: InvertedIndex = {
    fieldCount,
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
    addDocument(fields, partition) {
      ensurePartition(partition);
      const document = state.documents;
      state.documents += 1;
      state.documentPartitions = grown(state.documentPartitions, document + 1);
      state.documentAlive = grown(state.documentAlive, document + 1);
      state.documentLengths = grown(state.documentLengths, (document + 1) * fieldCount);
      state.documentPartitions[document] = partition;
      state.documentAlive[document] = 1;
      for (let field = 0; field < fieldCount; field += 1) {
        const counts = countTerms(fields[field] ?? []);
        const length = Math.min(0xffff, counts.size);
        state.documentLengths[document * fieldCount + field] = length;
        for (const [term, frequency] of counts) {
          const id = termFor(term, field);
          appendPosting(state.postings, id, document, frequency);
          if (frequency > state.maxFrequencies[id]!) state.maxFrequencies[id] = Math.min(255, frequency);
          if (length < state.minLengths[id]!) state.minLengths[id] = length;
          if (partition < TRACKED_PARTITIONS) state.trackedFrequencies[partition]![id] = state.trackedFrequencies[partition]![id]! + 1;
        }
      }
      appendPosting(state.members, partition, document, 1);
      changeLengths(partition, document, 1);
      return document;
    },
    removeDocument(document, fields) {
      if (document >= state.documents || state.documentAlive[document] === 0) return;
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
        for (const term of new Set(terms)) {
          const id = dictionary.get(term);
          if (id !== undefined && frequencies[id]! > 0) frequencies[id] = frequencies[id]! - 1;
        }
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
    termId: (term) => dictionary.get(term),
    termFieldOf: (term) => state.termFields[term]!,
    documentFrequency(term, partition) {
      if (partition < TRACKED_PARTITIONS) return state.trackedFrequencies[partition]![term] ?? 0;
      if (partition >= state.partitions) return 0;
      // A visitor's few documents against the term's postings.
      const members = new PostingCursor(state.members, partition);
      const postings = new PostingCursor(state.postings, term);
      let count = 0;
      while (members.document !== -1 && postings.document !== -1) {
        if (members.document === postings.document) {
          if (state.documentAlive[members.document] === 1) count += 1;
          members.next();
          postings.next();
        } else if (members.document < postings.document) {
          members.seek(postings.document);
        } else {
          postings.seek(members.document);
        }
      }
      return count;
    },
    maxFrequency: (term) => state.maxFrequencies[term]!,
    minLength: (term) => state.minLengths[term]!,
    cursor: (term) => new PostingCursor(state.postings, term),
    compact() {
      const renumbered = new Int32Array(state.documents).fill(-1);
      let next = 0;
      for (let document = 0; document < state.documents; document += 1) if (state.documentAlive[document] === 1) renumbered[document] = next++;
      const isKept = (document: number) => state.documentAlive[document] === 1;
      const renumber = (document: number) => renumbered[document]!;
      // Terms no live document holds are dropped, so an erased visitor's words leave the dictionary.
      const keptTerms: number[] = [];
      for (let term = 0; term < state.terms.length; term += 1) {
        let isUsed = false;
        forEachPosting(state.postings, term, (document) => {
          if (!isUsed && state.documentAlive[document] === 1) isUsed = true;
        });
        if (isUsed) keptTerms.push(term);
      }
      const compacted = emptyIndexState(fieldCount);
      compacted.postings = compactPostingLists(state.postings, keptTerms, isKept, renumber);
      compacted.members = compactPostingLists(state.members, Array.from({ length: state.partitions }, (_, partition) => partition), isKept, renumber);
      compacted.terms = keptTerms.map((term) => state.terms[term]!);
      const termCount = keptTerms.length;
      compacted.termFields = new Uint8Array(Math.max(16, termCount));
      compacted.maxFrequencies = new Uint8Array(Math.max(16, termCount));
      compacted.minLengths = new Uint16Array(Math.max(16, termCount)).fill(0xffff);
      compacted.trackedFrequencies = Array.from({ length: TRACKED_PARTITIONS }, () => new Uint32Array(Math.max(16, termCount)));
      compacted.documents = next;
      compacted.documentPartitions = new Uint32Array(Math.max(16, next));
      compacted.documentAlive = new Uint8Array(Math.max(16, next)).fill(1, 0, next);
      compacted.documentLengths = new Uint16Array(Math.max(16, next * fieldCount));
      for (let document = 0; document < state.documents; document += 1) {
        const target = renumbered[document]!;
        if (target === -1) continue;
        compacted.documentPartitions[target] = state.documentPartitions[document]!;
        for (let field = 0; field < fieldCount; field += 1) compacted.documentLengths[target * fieldCount + field] = state.documentLengths[document * fieldCount + field]!;
      }
      compacted.partitions = state.partitions;
      compacted.partitionDocuments = state.partitionDocuments.slice();
      compacted.partitionLengths = state.partitionLengths.slice();
      // Frequencies and bounds are recounted from the postings that remain: exact again.
      keptTerms.forEach((_, term) => {
        compacted.termFields[term] = state.termFields[keptTerms[term]!]!;
        forEachPosting(compacted.postings, term, (document, frequency) => {
          const partition = compacted.documentPartitions[document]!;
          if (partition < TRACKED_PARTITIONS) compacted.trackedFrequencies[partition]![term] = compacted.trackedFrequencies[partition]![term]! + 1;
          if (frequency > compacted.maxFrequencies[term]!) compacted.maxFrequencies[term] = frequency;
          const length = compacted.documentLengths[document * fieldCount + compacted.termFields[term]!]!;
          if (length < compacted.minLengths[term]!) compacted.minLengths[term] = length;
        });
      });
      state = compacted;
      dictionary.clear();
      state.terms.forEach((term, id) => dictionary.set(term, id));
      unexactRemovals = 0;
      return renumbered;
    },
    state: () => state,
  };
  return index;
}
