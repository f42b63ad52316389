/**
 * A bulk add's postings, held back and appended list by list when it ends. Adding documents one
 * by one appends each posting to its own list and updates that list's and that term's tables:
 * random reads all over the index, most of a 200,000-item build. Staged, the postings are grouped
 * per list by a counting sort that keeps document order, each list is written in one piece, and
 * its tables are read once.
 */
import { grown } from './grown.ts';
import { appendPostingRun, reservePostings } from './posting-lists.ts';
import { TRACKED_PARTITIONS, POSTING_CLASSES, type InvertedIndexState } from './index-state.ts';

/** Postings in arrival order: list, document, and frequency, field length and field packed in one number (8, 16 and 8 bits). */
export class PostingStage {
  count = 0;
  lists = new Uint32Array(1 << 16);
  documents = new Uint32Array(1 << 16);
  details = new Uint32Array(1 << 16);

  add(list: number, document: number, frequency: number, length: number, field: number): void {
    const at = this.count;
    if (at === this.lists.length) {
      this.lists = grown(this.lists, at * 2);
      this.documents = grown(this.documents, at * 2);
      this.details = grown(this.details, at * 2);
    }
    this.lists[at] = list;
    this.documents[at] = document;
    this.details[at] = Math.min(255, frequency) | (length << 8) | (field << 24);
    this.count = at + 1;
  }

  /** Whether a document's postings are among those held (documents arrive in increasing order). */
  holds(document: number): boolean {
    return this.count > 0 && document >= this.documents[0]!;
  }

  clear(): void {
    this.count = 0;
  }
}

/**
 * Appends the staged postings to `state`'s lists (ids below `lists`) and updates per list the
 * largest frequency and shortest field, and per tracked term its document frequency and score
 * bound (`bound(frequency, length, average)`, where the partition's average field length is set).
 */
export function appendStaged(stage: PostingStage, state: InvertedIndexState, lists: number, bound: (frequency: number, length: number, average: number) => number): void {
  const count = stage.count;
  const starts = new Uint32Array(lists + 1);
  for (let at = 0; at < count; at += 1) starts[stage.lists[at]! + 1]! += 1;
  let occupied = 0;
  for (let list = 0; list < lists; list += 1) {
    if (starts[list + 1] !== 0) occupied += 1;
    starts[list + 1]! += starts[list]!;
  }
  const next = starts.slice(0, lists);
  const documents = new Uint32Array(count);
  const details = new Uint32Array(count);
  for (let at = 0; at < count; at += 1) {
    const to = next[stage.lists[at]!]!++;
    documents[to] = stage.documents[at]!;
    details[to] = stage.details[at]!;
  }
  const frequencies = new Uint8Array(count);
  for (let at = 0; at < count; at += 1) frequencies[at] = details[at]! & 0xff;
  const { postings, maxFrequencies, minLengths, fieldCount } = state;
  reservePostings(postings, count, occupied);
  for (let list = 0; list < lists; list += 1) {
    const from = starts[list]!;
    const to = starts[list + 1]!;
    if (from === to) continue;
    appendPostingRun(postings, list, documents, frequencies, from, to);
    const term = (list / POSTING_CLASSES) | 0;
    const postingClass = list - term * POSTING_CLASSES;
    const isTracked = postingClass < TRACKED_PARTITIONS;
    const bounds = isTracked ? state.scoreBounds[postingClass]! : undefined;
    let best = maxFrequencies[list]!;
    let shortest = minLengths[list]!;
    for (let at = from; at < to; at += 1) {
      const frequency = frequencies[at]!;
      const length = (details[at]! >>> 8) & 0xffff;
      if (frequency > best) best = frequency;
      if (length < shortest) shortest = length;
      if (bounds === undefined) continue;
      const average = state.boundAverages[postingClass * fieldCount + (details[at]! >>> 24)]!;
      if (average <= 0) continue;
      const score = bound(frequency, length, average);
      if (score > bounds[term]!) bounds[term] = score;
    }
    maxFrequencies[list] = best;
    minLengths[list] = shortest;
    if (isTracked) state.trackedFrequencies[postingClass]![term]! += to - from;
  }
}
