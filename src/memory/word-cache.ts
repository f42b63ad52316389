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
  /** The term of the ASCII word at `text[start, end)` read as ASCII_WORD_CODES reads it, or UNKNOWN_WORD. */
  find(text: string, start: number, end: number, hash: number): number;
  /** Remembers a lowercase word's term (its hash as `wordHash` computes it). */
  set(word: string, hash: number, term: number): void;
  clear(): void;
}

const MAX_CACHED_WORDS = 500_000;

/** Creates an empty cache. */
export function createWordCache(): WordCache {
  let slots = new Int32Array(1 << 12);
  let words: string[] = [];
  let hashes = new Int32Array(1 << 11);
  let terms = new Int32Array(1 << 11);
  let count = 0;

  function place(entry: number): void {
    const mask = slots.length - 1;
    let slot = hashes[entry]! & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = entry + 1;
  }

  const cache: WordCache = {
    get size() {
      return count;
    },
    get(word, hash = wordHash(word)) {
      const mask = slots.length - 1;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const entry = slots[slot]! - 1;
        if (entry === -1) return UNKNOWN_WORD;
        if (hashes[entry] === hash && words[entry] === word) return terms[entry]!;
      }
    },
    find(text, start, end, hash) {
      const mask = slots.length - 1;
      const length = end - start;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const entry = slots[slot]! - 1;
        if (entry === -1) return UNKNOWN_WORD;
        if (hashes[entry] !== hash) continue;
        const word = words[entry]!;
        if (word.length !== length) continue;
        let position = 0;
        while (position < length && word.charCodeAt(position) === ASCII_WORD_CODES[text.charCodeAt(start + position)]) position += 1;
        if (position === length) return terms[entry]!;
      }
    },
    set(word, hash, term) {
      if (count >= MAX_CACHED_WORDS) cache.clear();
      if (count === hashes.length) {
        const grownHashes = new Int32Array(count * 2);
        grownHashes.set(hashes);
        hashes = grownHashes;
        const grownTerms = new Int32Array(count * 2);
        grownTerms.set(terms);
        terms = grownTerms;
      }
      words[count] = word;
      hashes[count] = hash;
      terms[count] = term;
      count += 1;
      // At most half full, so probes stay short.
      if (count * 2 > slots.length) {
        slots = new Int32Array(slots.length * 2);
        for (let entry = 0; entry < count; entry += 1) place(entry);
      } else {
        place(count - 1);
      }
    },
    clear() {
      slots = new Int32Array(1 << 12);
      words = [];
      hashes = new Int32Array(1 << 11);
      terms = new Int32Array(1 << 11);
      count = 0;
    },
  };
  return cache;
}
