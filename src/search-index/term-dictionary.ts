/**
 * Term ids for words and for adjacent word pairs. Words are kept as strings; a pair is kept as
 * its two word ids in a numeric open-addressing table, so the many pairs of a large memory cost
 * no string of their own (their name, "left_right", is built only when asked for).
 */
import { grown } from './grown.ts';

/** The mark between the two words of a pair's name; words never contain it. */
export const PAIR_MARK = '_';

/** See the file comment. State is plain arrays so a checkpoint can write it. */
export interface TermDictionaryState {
  /** The word of each word term; "" for pair terms and for terms dropped by a compaction. */
  words: string[];
  /** Per term: 1 for a pair, 0 for a word. */
  isPair: Uint8Array;
  /** Per term, two entries: a pair's left and right word ids. */
  pairParts: Uint32Array;
  /** Term ids handed out. */
  count: number;
}

/** The dictionary's operations. */
export interface TermDictionary {
  readonly count: number;
  /** The id of a word or a pair name ("left_right"), if known. */
  lookup(term: string): number | undefined;
  wordId(word: string): number | undefined;
  pairId(left: number, right: number): number | undefined;
  /** The id of a word, made when new. */
  internWord(word: string): number;
  /** The id of the pair of two word ids, made when new. */
  internPair(left: number, right: number): number;
  isPair(term: number): boolean;
  /** The name of a term ("left_right" for a pair). */
  name(term: number): string;
  /** Forgets terms (their ids are not handed out again), so a compaction can drop what no document holds. */
  drop(terms: Iterable<number>): void;
  state(): TermDictionaryState;
}

/** Creates a dictionary, empty or from a state. */
export function createTermDictionary(initial?: TermDictionaryState): TermDictionary {
  const state: TermDictionaryState = initial ?? { words: [], isPair: new Uint8Array(64), pairParts: new Uint32Array(128), count: 0 };
  const words = new Map<string, number>();
  // Open addressing over (left, right): each slot is [left, right, term id + 1], 0 is empty. The
  // key sits in the slot, so a lookup reads one place in memory rather than two.
  // Sized for the pairs of a loaded state at once, so loading a large index rehashes nothing.
  let pairCount = 0;
  for (let term = 0; term < state.count; term += 1) if (state.isPair[term] === 1) pairCount += 1;
  let slotCount = 1024;
  while ((pairCount + 1) * 2 > slotCount) slotCount *= 2;
  let slots = new Int32Array(slotCount * 3);
  let filled = 0;
  const hash = (left: number, right: number) => (Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x632be5ab, 0x85ebca77)) >>> 0;

  function findSlot(left: number, right: number): number {
    const mask = slotCount - 1;
    for (let slot = hash(left, right) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 3;
      if (slots[at + 2] === 0 || (slots[at] === (left | 0) && slots[at + 1] === (right | 0))) return at;
    }
  }

  function placePair(term: number): void {
    if ((filled + 1) * 2 > slotCount) {
      const old = slots;
      slotCount *= 2;
      slots = new Int32Array(slotCount * 3);
      filled = 0;
      for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) placePair(old[at + 2]! - 1);
    }
    const left = state.pairParts[term * 2]!;
    const right = state.pairParts[term * 2 + 1]!;
    const at = findSlot(left, right);
    slots[at] = left;
    slots[at + 1] = right;
    slots[at + 2] = term + 1;
    filled += 1;
  }

  for (let term = 0; term < state.count; term += 1) {
    if (state.isPair[term] === 1) {
      if (state.pairParts[term * 2] !== 0xffffffff) placePair(term);
    } else if (state.words[term]) {
      words.set(state.words[term]!, term);
    }
  }

  function nextId(): number {
    const term = state.count;
    state.count += 1;
    state.isPair = grown(state.isPair, state.count);
    state.pairParts = grown(state.pairParts, state.count * 2);
    return term;
  }

  const dictionary: TermDictionary = {
    get count() {
      return state.count;
    },
    lookup(term) {
      const mark = term.indexOf(PAIR_MARK);
      if (mark === -1) return words.get(term);
      const left = words.get(term.slice(0, mark));
      const right = words.get(term.slice(mark + 1));
      return left === undefined || right === undefined ? undefined : dictionary.pairId(left, right);
    },
    wordId: (word) => words.get(word),
    pairId(left, right) {
      const entry = slots[findSlot(left, right) + 2]!;
      return entry === 0 ? undefined : entry - 1;
    },
    internWord(word) {
      let term = words.get(word);
      if (term !== undefined) return term;
      term = nextId();
      state.words[term] = word;
      words.set(word, term);
      return term;
    },
    internPair(left, right) {
      const entry = slots[findSlot(left, right) + 2]!;
      if (entry !== 0) return entry - 1;
      const term = nextId();
      state.words[term] = '';
      state.isPair[term] = 1;
      state.pairParts[term * 2] = left;
      state.pairParts[term * 2 + 1] = right;
      placePair(term);
      return term;
    },
    isPair: (term) => state.isPair[term] === 1,
    name(term) {
      if (state.isPair[term] !== 1) return state.words[term] ?? '';
      return `${state.words[state.pairParts[term * 2]!] ?? ''}${PAIR_MARK}${state.words[state.pairParts[term * 2 + 1]!] ?? ''}`;
    },
    drop(terms) {
      let droppedPairs = false;
      for (const term of terms) {
        if (state.isPair[term] === 1) {
          // Marked so the table rebuild below leaves it out; the id is never reused.
          state.pairParts[term * 2] = 0xffffffff;
          state.pairParts[term * 2 + 1] = 0xffffffff;
          droppedPairs = true;
        } else if (state.words[term]) {
          words.delete(state.words[term]!);
          state.words[term] = '';
        }
      }
      if (!droppedPairs) return;
      slots = new Int32Array(slots.length);
      filled = 0;
      for (let term = 0; term < state.count; term += 1) if (state.isPair[term] === 1 && state.pairParts[term * 2] !== 0xffffffff) placePair(term);
    },
    state: () => state,
  };
  return dictionary;
}
