/**
 * Compaction of an inverted index's state: dead documents dropped and the survivors renumbered in
 * order, the terms no live document holds dropped from the dictionary (term ids stay), and the
 * frequencies and bounds recounted from the postings that remain, so they are exact again.
 */
import { compactPostingLists, ensureLists, forEachPosting } from './posting-lists.ts';
import { emptyIndexState, POSTING_CLASSES, TRACKED_PARTITIONS, type InvertedIndexState } from './index-state.ts';
import type { TermDictionary } from './term-dictionary.ts';

/** The compacted state, the new id of each old document (-1 when dropped), and the term capacity of the new state. */
export function compactIndexState(state: InvertedIndexState, dictionary: TermDictionary, fieldCount: number): { compacted: InvertedIndexState; renumbered: Int32Array; capacity: number } {
  const renumbered = new Int32Array(state.documents).fill(-1);
  let next = 0;
  for (let document = 0; document < state.documents; document += 1) if (state.documentAlive[document] === 1) renumbered[document] = next++;
  const isKept = (document: number) => state.documentAlive[document] === 1;
  const renumber = (document: number) => renumbered[document]!;
  // Terms no live document holds are dropped, so an erased visitor's words leave the dictionary.
  const termCount = dictionary.count;
  const unused: number[] = [];
  for (let term = 0; term < termCount; term += 1) {
    let isUsed = false;
    for (let postingClass = 0; postingClass < POSTING_CLASSES && !isUsed; postingClass += 1) {
      forEachPosting(state.postings, term * POSTING_CLASSES + postingClass, (document) => {
        if (!isUsed && state.documentAlive[document] === 1) isUsed = true;
      });
    }
    if (!isUsed) unused.push(term);
  }
  dictionary.drop(unused);
  const capacity = Math.max(64, termCount);
  const compacted = emptyIndexState(fieldCount);
  compacted.dictionary = dictionary.state();
  compacted.postings = compactPostingLists(state.postings, Array.from({ length: termCount * POSTING_CLASSES }, (_, list) => list), isKept, renumber);
  ensureLists(compacted.postings, capacity * POSTING_CLASSES);
  compacted.members = compactPostingLists(state.members, Array.from({ length: state.partitions }, (_, partition) => partition), isKept, renumber);
  compacted.maxFrequencies = new Uint8Array(capacity * POSTING_CLASSES);
  compacted.minLengths = new Uint16Array(capacity * POSTING_CLASSES).fill(0xffff);
  compacted.trackedFrequencies = Array.from({ length: TRACKED_PARTITIONS }, () => new Uint32Array(capacity));
  // Bounds are recomputed at the next query that needs them.
  compacted.scoreBounds = Array.from({ length: TRACKED_PARTITIONS }, () => new Float32Array(capacity));
  compacted.boundAverages = new Float64Array(TRACKED_PARTITIONS * fieldCount);
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
  for (let term = 0; term < termCount; term += 1) {
    const field = dictionary.isPair(term) ? 1 : 0;
    for (let postingClass = 0; postingClass < POSTING_CLASSES; postingClass += 1) {
      const list = term * POSTING_CLASSES + postingClass;
      forEachPosting(compacted.postings, list, (document, frequency) => {
        if (postingClass < TRACKED_PARTITIONS) compacted.trackedFrequencies[postingClass]![term] = compacted.trackedFrequencies[postingClass]![term]! + 1;
        if (frequency > compacted.maxFrequencies[list]!) compacted.maxFrequencies[list] = frequency;
        const length = compacted.documentLengths[document * fieldCount + field]!;
        if (length < compacted.minLengths[list]!) compacted.minLengths[list] = length;
      });
    }
  }
  return { compacted, renumbered, capacity };
}
