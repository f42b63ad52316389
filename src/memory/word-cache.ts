/**
 * A raw word's term id (-1 for a stopword), remembered per store: the same words recur in
 * every text, and one lookup replaces the stopword test, the stemmer and the dictionary. Words
 * are looked up by their place in a text and a hash the tokenizer computes as it reads, so a
 * known word costs no string of its own. Cleared whenever the dictionary drops terms.
 */

/** FNV-1a over UTF-16 code units: start here, then `nextWordHash` per code unit. */
export const WORD_HASH_START = 0x811c9dc5;

/** The hash after one more code unit. */
export function nextWordHash(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** The hash of a whole word (the same as fed code unit by code unit). */
export function wordHash(word: string): number {
  let hash = WORD_HASH_START;
  for (let position = 0; position < word.length; position += 1) hash = nextWordHash(hash, word.charCodeAt(position));
  return hash;
}

/** Lowercase of each ASCII code (0 for what is not a letter or digit): how the tokenizer reads ASCII. */
export const ASCII_WORD_CODES: Uint8Array = (() => {
  const codes = new Uint8Array(128);
  for (let code = 48; code <= 57; code += 1) codes[code] = code;
  for (let code = 97; code <= 122; code += 1) codes[code] = code;
  for (let code = 65; code <= 90; code += 1) codes[code] = code + 32;
  return codes;
})();

/** Returned by `find` for a word not cached. */
export const UNKNOWN_WORD = -2;

/** See the file comment. */
export interface WordCache {
  readonly size: number;
  /** The term of `word`, or UNKNOWN_WORD. */
  get(word: string, hash?: number): number;
  /** The term of the ASCII word at `bytes[start, end)` read as ASCII_WORD_CODES reads it, or UNKNOWN_WORD. */
  findBytes(bytes: Uint8Array, start: number, end: number, hash: number): number;
  /** Remembers a lowercase word's term (its hash as `wordHash` computes it). */
  set(word: string, hash: number, term: number): void;
  clear(): void;
}

const MAX_CACHED_WORDS = 500_000;

// A slot is [hash, term, offset of the word's code units in the pool, length]; length 0 is an
// empty slot. The key and the term sit in the slot and the words' characters in one pool, so a
// lookup reads two places in memory rather than a slot, a hash table, a string and a term table
// (the lookups were most of the tokenizer's time in a 200,000-item build).
const SLOT = 4;

/** Creates an empty cache. */
export function createWordCache(): WordCache {
  let slotCount = 1 << 12;
  let slots = new Int32Array(slotCount * SLOT);
  let pool = new Uint16Array(1 << 14);
  let poolUsed = 0;
  let count = 0;

  function place(into: Int32Array, mask: number, hash: number, term: number, offset: number, length: number): void {
    let at = (hash & mask) * SLOT;
    while (into[at + 3] !== 0) at = (at + SLOT) & (mask * SLOT + SLOT - 1);
    into[at] = hash;
    into[at + 1] = term;
    into[at + 2] = offset;
    into[at + 3] = length;
  }

  const cache: WordCache = {
    get size() {
      return count;
    },
    get(word, hash = wordHash(word)) {
      const mask = slotCount - 1;
      const length = word.length;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const at = slot * SLOT;
        const stored = slots[at + 3]!;
        if (stored === 0) return UNKNOWN_WORD;
        if (slots[at] !== hash || stored !== length) continue;
        const offset = slots[at + 2]!;
        let position = 0;
        while (position < length && pool[offset + position] === word.charCodeAt(position)) position += 1;
        if (position === length) return slots[at + 1]!;
      }
    },
    findBytes(bytes, start, end, hash) {
      const mask = slotCount - 1;
      const length = end - start;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const at = slot * SLOT;
        const stored = slots[at + 3]!;
        if (stored === 0) return UNKNOWN_WORD;
        if (slots[at] !== hash || stored !== length) continue;
        const offset = slots[at + 2]!;
        let position = 0;
        while (position < length && pool[offset + position] === ASCII_WORD_CODES[bytes[start + position]!]) position += 1;
        if (position === length) return slots[at + 1]!;
      }
    },
    set(word, hash, term) {
      if (word.length === 0) return;
      if (count >= MAX_CACHED_WORDS) cache.clear();
      if (poolUsed + word.length > pool.length) {
        const grownPool = new Uint16Array(Math.max(pool.length * 2, poolUsed + word.length));
        grownPool.set(pool);
        pool = grownPool;
      }
      const offset = poolUsed;
      for (let position = 0; position < word.length; position += 1) pool[offset + position] = word.charCodeAt(position);
      poolUsed += word.length;
      count += 1;
      // At most half full, so probes stay short.
      if (count * 2 > slotCount) {
        const old = slots;
        slotCount *= 2;
        slots = new Int32Array(slotCount * SLOT);
        for (let at = 0; at < old.length; at += SLOT) if (old[at + 3] !== 0) place(slots, slotCount - 1, old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
      }
      place(slots, slotCount - 1, hash, term, offset, word.length);
    },
    clear() {
      slotCount = 1 << 12;
      slots = new Int32Array(slotCount * SLOT);
      pool = new Uint16Array(1 << 14);
      poolUsed = 0;
      count = 0;
    },
  };
  return cache;
}
