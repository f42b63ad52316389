/**
 * Top-k retrieval with MaxScore dynamic pruning (Turtle and Flood 1995; document-at-a-time as in
 * Lucene's MaxScore scorer). Terms are ordered by the most they can add to a score; once k
 * results are held, the terms whose bounds together cannot lift a document above the k-th
 * score become "non-essential": documents are only enumerated from the other terms' postings,
 * and a candidate stops being scored as soon as what it could still gain cannot reach the k-th.
 * The scores are exactly those of exhaustive scoring (BM25+ as minisearch computes it, per
 * document boost, and a coordination factor matched^c), so the top k are the same.
 */
import type { InvertedIndex } from './inverted-index.ts';
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
  /** Partitions whose documents may be returned; the rest are skipped before scoring. */
  partitions: readonly number[];
  /** A further test per document (kinds, time, superseded); called only for live documents of admitted partitions. */
  admit?: (document: number) => boolean;
  /** A score multiplier per document, at most `maxBoost`. */
  boost?: (document: number) => number;
  maxBoost?: number;
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

// A min-heap of the best documents so far, worst on top; ties keep the earlier document.
class ResultHeap {
  readonly documents: number[] = [];
  readonly scores: number[] = [];
  constructor(private readonly limit: number) {}
  get size() {
    return this.documents.length;
  }
  get threshold(): number {
    return this.documents.length < this.limit ? -Infinity : this.scores[0]!;
  }
  private isWorse(left: number, right: number): boolean {
    const leftScore = this.scores[left]!;
    const rightScore = this.scores[right]!;
    return leftScore < rightScore || (leftScore === rightScore && this.documents[left]! > this.documents[right]!);
  }
  private swap(left: number, right: number): void {
    [this.documents[left], this.documents[right]] = [this.documents[right]!, this.documents[left]!];
    [this.scores[left], this.scores[right]] = [this.scores[right]!, this.scores[left]!];
  }
  offer(document: number, score: number): void {
    if (this.documents.length < this.limit) {
      this.documents.push(document);
      this.scores.push(score);
      for (let child = this.documents.length - 1; child > 0; ) {
        const parent = (child - 1) >> 1;
        if (!this.isWorse(child, parent)) break;
        this.swap(child, parent);
        child = parent;
      }
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
      if (left < this.documents.length && this.isWorse(left, worst)) worst = left;
      if (right < this.documents.length && this.isWorse(right, worst)) worst = right;
      if (worst === parent) break;
      this.swap(parent, worst);
      parent = worst;
    }
  }
  sorted(): ScoredDocument[] {
    return this.documents
      .map((document, index) => ({ document, score: this.scores[index]! }))
      .sort((left, right) => right.score - left.score || left.document - right.document);
  }
}

/** The `limit` best documents for a query, best first (ties: lower document id first). */
export function topK(index: InvertedIndex, query: TopKQuery): ScoredDocument[] {
  if (query.limit <= 0 || query.terms.length === 0) return [];
  const { bm25, coordination } = query;
  const maxBoost = query.maxBoost ?? 1;
  const admitted = new Set(query.partitions);
  const fieldCount = index.fieldCount;
  // The largest average length among admitted partitions gives every field's safest bound.
  const averages = query.partitions.map((partition) => Array.from({ length: fieldCount }, (_, field) => index.averageFieldLength(partition, field)));
  const averageByPartition = new Map(query.partitions.map((partition, position) => [partition, averages[position]!]));
  const largestAverage = Array.from({ length: fieldCount }, (_, field) => Math.max(1e-9, ...averages.map((values) => values[field]!)));
  const terms: TermCursor[] = query.terms
    .filter((term) => term.weight > 0)
    .map((term) => {
      const field = index.termFieldOf(term.term);
      const bound = term.weight * termFrequencyScore(index.maxFrequency(term.term), index.minLength(term.term), largestAverage[field]!, bm25);
      return { cursor: index.cursor(term.term), weight: term.weight, field, bound };
    })
    .filter((term) => term.cursor.document !== -1)
    .sort((left, right) => left.bound - right.bound);
  const count = terms.length;
  if (count === 0) return [];
  // prefix[i]: the bounds of terms 0..i-1 together.
  const prefix = new Float64Array(count + 1);
  for (let position = 0; position < count; position += 1) prefix[position + 1] = prefix[position]! + terms[position]!.bound;
  const heap = new ResultHeap(query.limit);
  // Each candidate's term scores, summed in one fixed order at the end, so that two documents
  // with the same terms get bit-identical scores whichever terms were essential when they came.
  const contributions = new Float64Array(count);
  let essential = 0;
  const updateEssential = () => {
    const threshold = heap.threshold;
    while (essential < count && maxBoost * (essential + 1) ** coordination * prefix[essential + 1]! <= threshold) essential += 1;
  };

  for (;;) {
    let candidate = -1;
    for (let position = essential; position < count; position += 1) {
      const document = terms[position]!.cursor.document;
      if (document !== -1 && (candidate === -1 || document < candidate)) candidate = document;
    }
    if (candidate === -1) break;
    const partition = index.partitionOf(candidate);
    const average = averageByPartition.get(partition);
    if (!index.isAlive(candidate) || !admitted.has(partition) || average === undefined || (query.admit && !query.admit(candidate))) {
      for (let position = essential; position < count; position += 1) if (terms[position]!.cursor.document === candidate) terms[position]!.cursor.next();
      continue;
    }
    const boost = query.boost ? query.boost(candidate) : 1;
    if (!(boost > 0)) {
      for (let position = essential; position < count; position += 1) if (terms[position]!.cursor.document === candidate) terms[position]!.cursor.next();
      continue;
    }
    contributions.fill(0);
    let sum = 0;
    let matched = 0;
    for (let position = essential; position < count; position += 1) {
      const term = terms[position]!;
      if (term.cursor.document !== candidate) continue;
      const contribution = term.weight * termFrequencyScore(term.cursor.frequency, index.fieldLength(candidate, term.field), average[term.field]!, bm25);
      contributions[position] = contribution;
      sum += contribution;
      matched += 1;
      term.cursor.next();
    }
    const threshold = heap.threshold;
    let isPruned = false;
    for (let position = essential - 1; position >= 0; position -= 1) {
      if (boost * (matched + position + 1) ** coordination * (sum + prefix[position + 1]!) <= threshold) {
        isPruned = true;
        break;
      }
      const term = terms[position]!;
      term.cursor.seek(candidate);
      if (term.cursor.document !== candidate) continue;
      const contribution = term.weight * termFrequencyScore(term.cursor.frequency, index.fieldLength(candidate, term.field), average[term.field]!, bm25);
      contributions[position] = contribution;
      sum += contribution;
      matched += 1;
    }
    if (isPruned || matched === 0) continue;
    let exact = 0;
    for (let position = 0; position < count; position += 1) exact += contributions[position]!;
    const score = boost * matched ** coordination * exact;
    if (score > threshold) {
      heap.offer(candidate, score);
      updateEssential();
    }
  }
  return heap.sorted();
}
