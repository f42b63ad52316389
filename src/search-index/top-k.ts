/**
 * Top-k retrieval with MaxScore dynamic pruning (Turtle and Flood 1995; document-at-a-time as in
 * Lucene's MaxScore scorer). Terms are ordered by the most they can add to a score; once k
 * results are held, the terms whose bounds together cannot lift a document above the k-th
 * score become "non-essential": documents are only enumerated from the other terms' postings,
 * and a candidate stops being scored as soon as what it could still gain cannot reach the k-th.
 * The scores are exactly those of exhaustive scoring (BM25+ as minisearch computes it, per
 * document boost, and a coordination factor matched^c), so the top k are the same.
 */
import { TRACKED_PARTITIONS, type InvertedIndex } from './inverted-index.ts';
import type { PostingCursor } from './posting-lists.ts';

/** BM25+ parameters (minisearch's names). */
export interface Bm25Parameters {
  k: number;
  b: number;
  d: number;
}

/** One query term: its id and its weight (idf times term and field boosts, repeats summed). */
export interface WeightedTerm {
  term: number;
  weight: number;
}

/** A top-k query over an index. */
export interface TopKQuery {
  terms: WeightedTerm[];
  /**
   * Partitions whose documents may be returned; no other partition's postings are read. The
   * tracked ones (book, shared) go through MaxScore; the others (a visitor's) are scored whole.
   */
  partitions: readonly number[];
  /** A further test per document (kinds, time, superseded); called only for live documents of admitted partitions. */
  admit?: (document: number) => boolean;
  /** A score multiplier per document, at most `maxBoost`. */
  boost?: (document: number) => number;
  maxBoost?: number;
  /** The largest boost of a partition's documents, where tighter than `maxBoost` (a tighter bound prunes more). */
  partitionMaxBoost?: (partition: number) => number;
  limit: number;
  bm25: Bm25Parameters;
  /** Exponent of the number of distinct query terms a document matches. */
  coordination: number;
}

/** A scored document. */
export interface ScoredDocument {
  document: number;
  score: number;
}

/** minisearch's BM25+ term score without its idf factor. */
export function termFrequencyScore(frequency: number, length: number, averageLength: number, bm25: Bm25Parameters): number {
  return bm25.d + (frequency * (bm25.k + 1)) / (frequency + bm25.k * (1 - bm25.b + (bm25.b * length) / averageLength));
}

interface TermCursor {
  cursor: PostingCursor;
  weight: number;
  field: number;
  bound: number;
}

// A min-heap of the best documents so far, worst on top; ties keep the earlier document. Typed
// arrays and a stored threshold: the threshold is read for every candidate, and a getter
// returning a double from a plain array allocated a number each time (half of a query's garbage).
class ResultHeap {
  private readonly documents: Int32Array;
  private readonly scores: Float64Array;
  size = 0;
  /** The score to beat: the k-th best so far, -Infinity until k are held. */
  threshold = -Infinity;
  constructor(private readonly limit: number) {
    this.documents = new Int32Array(limit);
    this.scores = new Float64Array(limit);
  }
  private isWorse(left: number, right: number): boolean {
    const leftScore = this.scores[left]!;
    const rightScore = this.scores[right]!;
    return leftScore < rightScore || (leftScore === rightScore && this.documents[left]! > this.documents[right]!);
  }
  private swap(left: number, right: number): void {
    const document = this.documents[left]!;
    this.documents[left] = this.documents[right]!;
    this.documents[right] = document;
    const score = this.scores[left]!;
    this.scores[left] = this.scores[right]!;
    this.scores[right] = score;
  }
  offer(document: number, score: number): void {
    if (this.size < this.limit) {
      this.documents[this.size] = document;
      this.scores[this.size] = score;
      this.size += 1;
      for (let child = this.size - 1; child > 0; ) {
        const parent = (child - 1) >> 1;
        if (!this.isWorse(child, parent)) break;
        this.swap(child, parent);
        child = parent;
      }
      if (this.size === this.limit) this.threshold = this.scores[0]!;
      return;
    }
    // A later document with the same score as the k-th loses the tie.
    if (score <= this.scores[0]!) return;
    this.documents[0] = document;
    this.scores[0] = score;
    for (let parent = 0; ; ) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let worst = parent;
      if (left < this.size && this.isWorse(left, worst)) worst = left;
      if (right < this.size && this.isWorse(right, worst)) worst = right;
      if (worst === parent) break;
      this.swap(parent, worst);
      parent = worst;
    }
    this.threshold = this.scores[0]!;
  }
  sorted(): ScoredDocument[] {
    return Array.from({ length: this.size }, (_, index) => ({ document: this.documents[index]!, score: this.scores[index]! }))
      .sort((left, right) => right.score - left.score || left.document - right.document);
  }
}

/** The `limit` best documents for a query, best first (ties: lower document id first). */
export function topK(index: InvertedIndex, query: TopKQuery): ScoredDocument[] {
  if (query.limit <= 0 || query.terms.length === 0) return [];
  const heap = new ResultHeap(query.limit);
  const context: SearchContext = { index, query, heap, maxBoost: query.maxBoost ?? 1 };
  // A visitor's own few documents first: scored one by one, they set a threshold for the rest.
  for (const partition of query.partitions) if (partition >= TRACKED_PARTITIONS) scoreMembers(context, partition);
  // Then the tracked partitions, the one whose terms can score most first, so the other meets a
  // threshold already high.
  const tracked = query.partitions.filter((partition) => partition < TRACKED_PARTITIONS);
  const potential = (partition: number) => query.terms.reduce((sum, term) => sum + term.weight * index.scoreBound(term.term, partition), 0);
  for (const partition of tracked.sort((left, right) => potential(right) - potential(left))) maxScore(context, partition);
  return heap.sorted();
}

interface SearchContext {
  index: InvertedIndex;
  query: TopKQuery;
  heap: ResultHeap;
  maxBoost: number;
}

function averagesOf(index: InvertedIndex, partition: number): number[] {
  return Array.from({ length: index.fieldCount }, (_, field) => index.averageFieldLength(partition, field));
}

/** Scores every live, admitted document of one (small) partition against every query term. */
function scoreMembers({ index, query, heap }: SearchContext, partition: number): void {
  const average = averagesOf(index, partition);
  // The partition's postings per term (found already when its document frequencies were), read
  // alongside its members: all in id order.
  const terms = query.terms.map((term) => ({ weight: term.weight, field: index.termFieldOf(term.term), postings: index.partitionPostings(term.term, partition), at: 0 }));
  for (const members = index.members(partition); members.document !== -1; members.next()) {
    const document = members.document;
    if (!index.isAlive(document)) continue;
    let sum = 0;
    let matched = 0;
    for (const term of terms) {
      const { documents, frequencies, count } = term.postings;
      while (term.at < count && documents[term.at]! < document) term.at += 1;
      if (term.at === count || documents[term.at] !== document) continue;
      sum += term.weight * termFrequencyScore(frequencies[term.at]!, index.fieldLength(document, term.field), average[term.field]!, query.bm25);
      matched += 1;
    }
    if (matched === 0 || (query.admit && !query.admit(document))) continue;
    const boost = query.boost ? query.boost(document) : 1;
    if (boost > 0) heap.offer(document, boost * matched ** query.coordination * sum);
  }
}

/** MaxScore over one tracked partition's posting lists, into the shared heap. */
function maxScore({ index, query, heap, maxBoost: queryMaxBoost }: SearchContext, partition: number): void {
  const { bm25, coordination } = query;
  const maxBoost = Math.min(queryMaxBoost, query.partitionMaxBoost?.(partition) ?? Infinity);
  const average = averagesOf(index, partition);
  const terms: TermCursor[] = query.terms
    .map((term) => {
      const field = index.termFieldOf(term.term);
      // Two valid bounds: the best score any of its documents had (exact, kept by the index for
      // its own BM25 parameters), and one from the largest frequency and shortest field.
      const loose = termFrequencyScore(index.maxFrequency(term.term, partition), index.minLength(term.term, partition), Math.max(1e-9, average[field]!), bm25);
      const isSameModel = bm25.k === index.bm25.k && bm25.b === index.bm25.b && bm25.d === index.bm25.d;
      const bound = term.weight * (isSameModel ? Math.min(loose, index.scoreBound(term.term, partition)) : loose);
      return { cursor: index.cursor(term.term, partition), weight: term.weight, field, bound };
    })
    .filter((term) => term.cursor.document !== -1)
    .sort((left, right) => left.bound - right.bound);
  const count = terms.length;
  if (count === 0) return;
  // The terms as parallel arrays, and one buffer for the per-query numbers: the loop below runs
  // per candidate, so it reads no objects it can avoid and calls no Math.pow.
  const cursors = terms.map((term) => term.cursor);
  const numbers = new Float64Array(4 * count + 2);
  const weights = numbers.subarray(0, count);
  // prefix[i]: the bounds of terms 0..i-1 together.
  const prefix = numbers.subarray(count, 2 * count + 1);
  // Each candidate's term scores, summed in one fixed order at the end, so that two documents
  // with the same terms get bit-identical scores whichever terms were essential when they came.
  const contributions = numbers.subarray(2 * count + 1, 3 * count + 1);
  // coordinated[n] = n ** coordination.
  const coordinated = numbers.subarray(3 * count + 1, 4 * count + 2);
  const fields = new Uint8Array(count);
  for (let position = 0; position < count; position += 1) {
    const term = terms[position]!;
    weights[position] = term.weight;
    fields[position] = term.field;
    prefix[position + 1] = prefix[position]! + term.bound;
  }
  for (let matched = 0; matched <= count; matched += 1) coordinated[matched] = matched ** coordination;
  const { d, k, b } = bm25;
  const k1 = k + 1;
  const oneMinusB = 1 - b;
  // termFrequencyScore, operation for operation (the same doubles).
  const score = (frequency: number, length: number, averageLength: number) => d + (frequency * k1) / (frequency + k * (oneMinusB + (b * length) / averageLength));
  let essential = 0;
  const updateEssential = (threshold: number) => {
    while (essential < count && maxBoost * coordinated[essential + 1]! * prefix[essential + 1]! <= threshold) essential += 1;
  };
  updateEssential(heap.threshold);

  for (;;) {
    let candidate = -1;
    for (let position = essential; position < count; position += 1) {
      const document = cursors[position]!.document;
      if (document !== -1 && (candidate === -1 || document < candidate)) candidate = document;
    }
    if (candidate === -1) break;
    if (!index.isAlive(candidate)) {
      for (let position = essential; position < count; position += 1) if (cursors[position]!.document === candidate) cursors[position]!.next();
      continue;
    }
    contributions.fill(0);
    let sum = 0;
    let matched = 0;
    for (let position = essential; position < count; position += 1) {
      const cursor = cursors[position]!;
      if (cursor.document !== candidate) continue;
      const field = fields[position]!;
      const contribution = weights[position]! * score(cursor.frequency, index.fieldLength(candidate, field), average[field]!);
      contributions[position] = contribution;
      sum += contribution;
      matched += 1;
      cursor.next();
    }
    const threshold = heap.threshold;
    // Cheapest test first: even with the largest boost and every other term, can it place?
    if (maxBoost * coordinated[matched + essential]! * (sum + prefix[essential]!) <= threshold) continue;
    let isPruned = false;
    for (let position = essential - 1; position >= 0; position -= 1) {
      if (maxBoost * coordinated[matched + position + 1]! * (sum + prefix[position + 1]!) <= threshold) {
        isPruned = true;
        break;
      }
      const cursor = cursors[position]!;
      cursor.seek(candidate);
      if (cursor.document !== candidate) continue;
      const field = fields[position]!;
      const contribution = weights[position]! * score(cursor.frequency, index.fieldLength(candidate, field), average[field]!);
      contributions[position] = contribution;
      sum += contribution;
      matched += 1;
    }
    if (isPruned || matched === 0) continue;
    let exact = 0;
    for (let position = 0; position < count; position += 1) exact += contributions[position]!;
    // Only a document that could place with the largest boost is admitted and boosted: both
    // read its item, which the postings above never touch.
    if (maxBoost * coordinated[matched]! * exact <= threshold) continue;
    if (query.admit && !query.admit(candidate)) continue;
    const boost = query.boost ? query.boost(candidate) : 1;
    if (!(boost > 0)) continue;
    const total = boost * coordinated[matched]! * exact;
    if (total > threshold) {
      heap.offer(candidate, total);
      updateEssential(heap.threshold);
    }
  }
}
