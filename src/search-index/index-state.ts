/**
 * The shape of an inverted index: which partitions are tracked, its posting classes, the typed
 * arrays it holds (what a checkpoint writes and reads), an empty one and how they grow, and the
 * operations an index offers (implemented in inverted-index.ts).
 */
import { createPostingLists, type PostingCursor, type PostingListsState } from './posting-lists.ts';
import type { TermDictionary, TermDictionaryState } from './term-dictionary.ts';

/**
 * Partitions below this number (the book, the shared memories) have posting lists of their own
 * per term and exact per-term document frequencies. All other partitions (one per visitor, many
 * and small) share a third list per term; a visitor's documents are found through the
 * partition's member list, and its frequencies are counted when asked, so a visitor costs no
 * per-term table, and a query never walks other visitors' postings.
 */
export const TRACKED_PARTITIONS = 2;

/** Posting classes: one per tracked partition, then one for all the others. */
export const POSTING_CLASSES = TRACKED_PARTITIONS + 1;

/** The posting class of a partition. */
export function classOf(partition: number): number {
  return partition < TRACKED_PARTITIONS ? partition : TRACKED_PARTITIONS;
}

/** Everything an index holds, as plain typed arrays (what a checkpoint writes and reads). */
export interface InvertedIndexState {
  fieldCount: number;
  /** Words and pairs; a pair term belongs to field 1, a word to field 0. */
  dictionary: TermDictionaryState;
  /** Per tracked partition, per term: documents (alive) containing it. */
  trackedFrequencies: Uint32Array[];
  /** Per posting list (term × class): the largest frequency and the shortest field among its documents. */
  maxFrequencies: Uint8Array;
  minLengths: Uint16Array;
  /** List id = term × POSTING_CLASSES + class. */
  postings: PostingListsState;
  /**
   * Per tracked partition, per term: the best BM25+ term-frequency score of any of its
   * documents, computed with the partition's average field lengths of `boundAverages` (0: not
   * yet computed). Scores only grow with the average, and by at most its ratio, so a bound
   * stays valid when scaled by (average now / average then).
   */
  scoreBounds: Float32Array[];
  /** Per tracked partition × field: the averages the bounds were computed with. */
  boundAverages: Float64Array;
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

/** A term's postings among one partition's live documents. */
export interface PartitionPostings {
  documents: number[];
  frequencies: number[];
  count: number;
}

/** The index's operations; see inverted-index.ts's file comment. */
export interface InvertedIndex {
  readonly fieldCount: number;
  /** Document ids handed out so far (dead ones included): ids are below this. */
  readonly documentSlots: number;
  readonly aliveDocuments: number;
  readonly dictionary: TermDictionary;
  /**
   * Adds a document (term ids per field, repeats counted) and returns its id. Ids increase.
   * `sizes[field]`, when given, is how many of that field's ids are used (reused buffers).
   */
  addDocument(fields: ReadonlyArray<ArrayLike<number>>, partition: number, sizes?: ArrayLike<number>): number;
  /**
   * Removes a document. With its fields, frequencies drop at once; without them (a document
   * whose text is no longer known) the index must be compacted before it is searched again.
   */
  removeDocument(document: number, fields?: ReadonlyArray<ArrayLike<number>>): void;
  /** Whether frequencies are exact, i.e. no document was removed without its fields since the last compaction. */
  readonly isExact: boolean;
  isAlive(document: number): boolean;
  partitionOf(document: number): number;
  fieldLength(document: number, field: number): number;
  documentsIn(partition: number): number;
  averageFieldLength(partition: number, field: number): number;
  /** The id of a word or pair name ("left_right"). */
  termId(term: string): number | undefined;
  termFieldOf(term: number): number;
  documentFrequency(term: number, partition: number): number;
  /**
   * The live documents of an untracked partition (a visitor's) holding a term, in id order, with
   * their frequencies: what its document frequency counts and its scoring reads, found once per
   * query (kept until the index next changes).
   */
  partitionPostings(term: number, partition: number): PartitionPostings;
  /** Largest frequency of the term among documents of a posting class. */
  maxFrequency(term: number, postingClass: number): number;
  /** Shortest field among documents of a posting class holding the term. */
  minLength(term: number, postingClass: number): number;
  /** The most a term's frequency part can score in a tracked partition (BM25+ without idf, at today's averages). */
  scoreBound(term: number, partition: number): number;
  /** The BM25+ parameters the score bounds are for. */
  readonly bm25: { k: number; b: number; d: number };
  cursor(term: number, postingClass: number): PostingCursor;
  /** The documents of a partition, in id order (dead ones included: check `isAlive`). */
  members(partition: number): PostingCursor;
  /** Whether dead postings are worth a compaction. */
  readonly isWasteful: boolean;
  /** Drops dead documents and the terms no live document holds (term ids stay); returns the new id of each old document (-1 when dropped). */
  compact(): Int32Array;
  /**
   * Runs `run` (which adds documents) as one bulk add: postings are held back and appended list by
   * list when it returns, much faster for many documents. Any read or removal meanwhile sees them all.
   */
  bulk<T>(run: () => T): T;
  /** The state, for a checkpoint (compact first to write it small). */
  state(): InvertedIndexState;
}

/** An empty index state with `fieldCount` fields. */
export function emptyIndexState(fieldCount: number): InvertedIndexState {
  return {
    fieldCount,
    dictionary: { words: [], isPair: new Uint8Array(64), pairParts: new Uint32Array(128), count: 0 },
    trackedFrequencies: Array.from({ length: TRACKED_PARTITIONS }, () => new Uint32Array(64)),
    maxFrequencies: new Uint8Array(64 * POSTING_CLASSES),
    minLengths: new Uint16Array(64 * POSTING_CLASSES).fill(0xffff),
    postings: createPostingLists(),
    scoreBounds: Array.from({ length: TRACKED_PARTITIONS }, () => new Float32Array(64)),
    boundAverages: new Float64Array(TRACKED_PARTITIONS * fieldCount),
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
