/**
 * Posting lists in two flat typed arrays: every list is a chain of chunks in one pool, so a
 * term with one posting costs a few words rather than a JavaScript array of its own. A chunk
 * at offset `o` holds `[next chunk offset, capacity, used, ...document ids]` in `ids`, and the
 * term frequencies of those documents at the same offsets in `frequencies`. Offset 0 is never
 * a chunk, so 0 means "none". A list itself is only its first and last chunk (8 bytes), so the
 * many lists that stay empty or tiny cost little. Chunks grow geometrically, so a list of n
 * postings has O(log n) chunks and a seek skips whole chunks by their last document id.
 */
import { grown } from './grown.ts';

const HEADER = 3;
const FIRST_CHUNK = 2;
const LARGEST_CHUNK = 1024;

/** The chains of one pool and their bookkeeping, indexed by list id. */
export interface PostingListsState {
  ids: Uint32Array;
  frequencies: Uint8Array;
  /** Next free offset in the pool. */
  used: number;
  heads: Uint32Array;
  tails: Uint32Array;
  lists: number;
}

// The pool grows by half once large (a quarter more copied it twice as often: 7% of a
// 200,000-item build).
const POOL_GROWTH = 1.5;

/** Creates an empty pool. */
export function createPostingLists(): PostingListsState {
  return {
    ids: new Uint32Array(1024),
    frequencies: new Uint8Array(1024),
    used: 1,
    heads: new Uint32Array(64),
    tails: new Uint32Array(64),
    lists: 0,
  };
}

/** Makes room for list ids below `count`. */
export function ensureLists(state: PostingListsState, count: number): void {
  if (count <= state.lists) return;
  state.heads = grown(state.heads, count, POOL_GROWTH);
  state.tails = grown(state.tails, count, POOL_GROWTH);
  state.lists = count;
}

function allocate(state: PostingListsState, capacity: number): number {
  const offset = state.used;
  state.used += HEADER + capacity;
  if (state.used > state.ids.length) {
    state.ids = grown(state.ids, state.used, POOL_GROWTH);
    state.frequencies = grown(state.frequencies, state.ids.length, POOL_GROWTH);
  }
  state.ids[offset] = 0;
  state.ids[offset + 1] = capacity;
  state.ids[offset + 2] = 0;
  return offset;
}

/** Appends a posting; document ids must come in increasing order per list. */
export function appendPosting(state: PostingListsState, list: number, document: number, frequency: number): void {
  let tail = state.tails[list]!;
  if (tail === 0) {
    tail = allocate(state, FIRST_CHUNK);
    state.heads[list] = tail;
    state.tails[list] = tail;
  } else if (state.ids[tail + 2] === state.ids[tail + 1]) {
    const next = allocate(state, Math.min(LARGEST_CHUNK, Math.max(FIRST_CHUNK, state.ids[tail + 1]! * 2)));
    state.ids[tail] = next;
    state.tails[list] = next;
    tail = next;
  }
  const at = tail + HEADER + state.ids[tail + 2]!;
  state.ids[at] = document;
  state.frequencies[at] = Math.min(255, frequency);
  state.ids[tail + 2] = state.ids[tail + 2]! + 1;
}

/**
 * Appends `documents[from, to)` (increasing, after the list's last) with their frequencies: a
 * list that is still empty gets them in one exact chunk, as a compaction would write it.
 */
export function appendPostingRun(state: PostingListsState, list: number, documents: ArrayLike<number>, frequencies: ArrayLike<number>, from: number, to: number): void {
  if (state.tails[list] !== 0) {
    for (let at = from; at < to; at += 1) appendPosting(state, list, documents[at]!, frequencies[at]!);
    return;
  }
  const count = to - from;
  const chunk = allocate(state, Math.max(FIRST_CHUNK, count));
  state.heads[list] = chunk;
  state.tails[list] = chunk;
  state.ids[chunk + 2] = count;
  const start = chunk + HEADER;
  for (let at = 0; at < count; at += 1) {
    state.ids[start + at] = documents[from + at]!;
    state.frequencies[start + at] = Math.min(255, frequencies[from + at]!);
  }
}

/** Makes room in the pool for `postings` more postings in up to `chunks` new chunks, so a bulk append grows it once. */
export function reservePostings(state: PostingListsState, postings: number, chunks: number): void {
  const needed = state.used + postings + chunks * (HEADER + FIRST_CHUNK);
  if (needed <= state.ids.length) return;
  state.ids = grown(state.ids, needed, POOL_GROWTH);
  state.frequencies = grown(state.frequencies, state.ids.length, POOL_GROWTH);
}

/** A position in one list, for document-at-a-time traversal. `document` is -1 once exhausted. */
export class PostingCursor {
  document = -1;
  frequency = 0;
  private position = 0;
  private end = 0;
  private chunk = 0;

  constructor(
    private readonly state: PostingListsState,
    list: number,
  ) {
    this.enter(state.heads[list] ?? 0);
  }

  private enter(chunk: number): void {
    const state = this.state;
    while (chunk !== 0) {
      const used = state.ids[chunk + 2]!;
      if (used > 0) {
        this.chunk = chunk;
        this.position = chunk + HEADER;
        this.end = this.position + used;
        this.read();
        return;
      }
      chunk = state.ids[chunk]!;
    }
    this.document = -1;
  }

  private read(): void {
    this.document = this.state.ids[this.position]!;
    this.frequency = this.state.frequencies[this.position]!;
  }

  /** Moves to the next posting. */
  next(): void {
    if (this.document === -1) return;
    this.position += 1;
    if (this.position < this.end) this.read();
    else this.enter(this.state.ids[this.chunk]!);
  }

  /** Moves to the first posting whose document is `target` or later. */
  seek(target: number): void {
    if (this.document === -1 || this.document >= target) return;
    const ids = this.state.ids;
    // Whole chunks whose last document is before the target are skipped.
    while (ids[this.end - 1]! < target) {
      const next = ids[this.chunk]!;
      this.enter(next);
      if (this.document === -1 || this.document >= target) return;
    }
    let low = this.position;
    let high = this.end - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ids[middle]! < target) low = middle + 1;
      else high = middle;
    }
    this.position = low;
    this.read();
  }
}

/** Calls `visit` for every posting of a list, in document order. */
export function forEachPosting(state: PostingListsState, list: number, visit: (document: number, frequency: number) => void): void {
  let chunk = state.heads[list] ?? 0;
  while (chunk !== 0) {
    const used = state.ids[chunk + 2]!;
    for (let at = chunk + HEADER; at < chunk + HEADER + used; at += 1) visit(state.ids[at]!, state.frequencies[at]!);
    chunk = state.ids[chunk]!;
  }
}

/**
 * A new pool holding each list in one exact chunk, keeping only postings `keep` admits and
 * renumbering documents with `renumber`; list `list` of the result is `order[list]` of this one.
 */
export function compactPostingLists(state: PostingListsState, order: ArrayLike<number>, keep: (document: number) => boolean, renumber: (document: number) => number): PostingListsState {
  let total = 1;
  const counts = new Uint32Array(order.length);
  for (let list = 0; list < order.length; list += 1) {
    let count = 0;
    forEachPosting(state, order[list]!, (document) => {
      if (keep(document)) count += 1;
    });
    counts[list] = count;
    total += count === 0 ? 0 : HEADER + count;
  }
  const compacted: PostingListsState = {
    ids: new Uint32Array(Math.max(16, total)),
    frequencies: new Uint8Array(Math.max(16, total)),
    used: 1,
    heads: new Uint32Array(Math.max(16, order.length)),
    tails: new Uint32Array(Math.max(16, order.length)),
    lists: order.length,
  };
  for (let list = 0; list < order.length; list += 1) {
    const count = counts[list]!;
    if (count === 0) continue;
    const chunk = allocate(compacted, count);
    compacted.heads[list] = chunk;
    compacted.tails[list] = chunk;
    compacted.ids[chunk + 2] = count;
    let at = chunk + HEADER;
    forEachPosting(state, order[list]!, (document, frequency) => {
      if (!keep(document)) return;
      compacted.ids[at] = renumber(document);
      compacted.frequencies[at] = frequency;
      at += 1;
    });
  }
  return compacted;
}
