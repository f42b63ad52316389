/**
 * How memory text becomes index fields and how a query's terms are weighed: the BM25+
 * parameters, the adjacent-term pairs that reward phrases, and the idf that puts several
 * partitions on one scale. The index itself (src/search-index/) only sees term lists.
 */
import type { TermDictionary } from '../search-index/term-dictionary.ts';
import { NARRATOR_WORDS, splitWords, stem, STOPWORDS } from './tokenize.ts';
import { ASCII_WORD_CODES, nextWordHash, UNKNOWN_WORD, WORD_HASH_START, wordHash, type WordCache } from './word-cache.ts';

/** BM25+ parameters and the pair field's weight. */
export interface KeywordIndexOptions {
  /** Term-frequency saturation (BM25 k1). */
  k?: number;
  /** Length normalisation (BM25 b). */
  b?: number;
  /** BM25+ lower bound added to every matching term. */
  d?: number;
  /** Weight of adjacent-term pairs ("support group"), rewarding phrases; 0 leaves them out. */
  pairWeight?: number;
  /**
   * How much the number of distinct query terms matched multiplies the score:
   * `matched^coordination` (1 is minisearch's default, 0 is plain BM25).
   */
  coordination?: number;
}

/** Defaults tuned on FairytaleQA val and LoCoMo dev (see bench/results/retrieval.md). */
export const DEFAULT_KEYWORD_INDEX_OPTIONS: Required<KeywordIndexOptions> = { k: 1.2, b: 0.75, d: 0.5, pairWeight: 0.5, coordination: 0.5 };

/** The field of single terms. */
export const TEXT_FIELD = 0;
/** The field of adjacent-term pairs. */
export const PAIRS_FIELD = 1;

const PAIR_MARK = '_';

/** Adjacent-term pairs of a term list, the phrase evidence of the pairs field. */
export function termPairs(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let position = 1; position < terms.length; position += 1) pairs.push(`${terms[position - 1]}${PAIR_MARK}${terms[position]}`);
  return pairs;
}

/** Whether a query term is a pair. Words never contain the mark: `splitWords` keeps letters and digits only. */
export function isPairTerm(term: string): boolean {
  return term.includes(PAIR_MARK);
}

/** Reusable buffers a document's fields are written into: term ids per field and how many of each are used. */
export interface FieldBuffers {
  fields: Uint32Array[];
  sizes: number[];
}

/** Empty buffers for `fillDocumentFields`. */
export function createFieldBuffers(): FieldBuffers {
  return { fields: [new Uint32Array(256), new Uint32Array(256)], sizes: [0, 0] };
}

/**
 * Where a text keeps its first person as the store's own character's (see NARRATOR_WORDS): all of
 * it (`true`, a page it narrates), the spans of its own quoted words (`[start, end, ...]`
 * character offsets, a page where it speaks and another narrates), or none (`false`).
 */
export type FirstPerson = boolean | readonly number[];

/**
 * The index fields of a text as term ids, as `tokenize` and `termPairs` would name them: its
 * terms, and their pairs when pairs are on. `firstPerson`: where the text's "I" and "my" are the
 * store's character's own, kept as terms.
 */
export function documentFields(text: string, dictionary: TermDictionary, options: Required<KeywordIndexOptions>, cache: WordCache, firstPerson: FirstPerson = false): Uint32Array[] {
  const buffers = createFieldBuffers();
  const count = fillDocumentFields(text, dictionary, options, cache, buffers, firstPerson);
  return buffers.fields.slice(0, count).map((field, at) => field.slice(0, buffers.sizes[at]));
}

/** `documentFields` into reused buffers (the build path: no arrays per document); returns the number of fields. */
export function fillDocumentFields(text: string, dictionary: TermDictionary, options: Required<KeywordIndexOptions>, cache: WordCache, buffers: FieldBuffers, firstPerson: FirstPerson = false): number {
  // At most one word per two characters, and one more.
  if (buffers.fields[0]!.length <= text.length >> 1) buffers.fields = [new Uint32Array(text.length), new Uint32Array(text.length)];
  const spans = firstPerson === true ? [0, text.length] : firstPerson === false ? [] : firstPerson;
  let count = spans.length > 0 ? -1 : asciiTerms(text, dictionary, cache, buffers.fields[0]!);
  if (count === -1) {
    // The text in pieces, each with its first person kept or not; the pieces' words in order.
    const pieces: Array<{ words: string[]; isOwn: boolean }> = [];
    let at = 0;
    for (let span = 0; span + 1 < spans.length; span += 2) {
      const start = Math.max(at, spans[span]!);
      const end = Math.min(text.length, spans[span + 1]!);
      if (start >= end) continue;
      if (start > at) pieces.push({ words: splitWords(text.slice(at, start)), isOwn: false });
      pieces.push({ words: splitWords(text.slice(start, end)), isOwn: true });
      at = end;
    }
    if (at < text.length) pieces.push({ words: splitWords(text.slice(at)), isOwn: false });
    // Normalisation can spell one character as several words ("½" is "1⁄2").
    const total = pieces.reduce((sum, piece) => sum + piece.words.length, 0);
    if (buffers.fields[0]!.length < total) buffers.fields = [new Uint32Array(total), new Uint32Array(total)];
    count = 0;
    for (const piece of pieces) count += wordTerms(piece.words, dictionary, cache, buffers.fields[0]!.subarray(count), piece.isOwn);
  }
  const terms = buffers.fields[0]!;
  buffers.sizes[0] = count;
  if (options.pairWeight <= 0) return 1;
  const pairs = buffers.fields[1]!;
  for (let position = 1; position < count; position += 1) pairs[position - 1] = dictionary.internPair(terms[position - 1]!, terms[position]!);
  buffers.sizes[1] = Math.max(0, count - 1);
  return 2;
}

// A new word: its term (or -1), remembered.
function learn(word: string, hash: number, dictionary: TermDictionary, cache: WordCache): number {
  const term = STOPWORDS.has(word) ? -1 : dictionary.internWord(stem(word));
  cache.set(word, hash, term);
  return term;
}

// The UTF-8 of the dashes and curly quotes common in books ("\u2013", "\u2014", "\u2018", "\u2019",
// "\u201c", "\u201d"): E2 80 and one of these. No letter or digit, and NFKC leaves them as they
// are, so an ASCII text with these splits the same with them read as spaces.
const TYPOGRAPHIC_LAST_BYTES = new Uint8Array(256);
for (const last of [0x93, 0x94, 0x98, 0x99, 0x9c, 0x9d]) TYPOGRAPHIC_LAST_BYTES[last] = 1;

// Each byte's lowercase word code (0 for what is not an ASCII letter or digit).
const BYTE_WORD_CODES = new Uint8Array(256);
BYTE_WORD_CODES.set(ASCII_WORD_CODES);

// The texts' bytes, reused: reading a typed array is faster than charCodeAt over strings of
// every representation (flat, concatenated, sliced, one or two bytes a character).
const encoder = new TextEncoder();
let bytes = new Uint8Array(1 << 16);

/**
 * The terms of an ASCII text (dashes and curly quotes allowed) read in one pass, as `splitWords`
 * reads it (its "'s" and "’s" removal only drops the stopword "s"), into `terms`; -1 for any
 * other text.
 */
function asciiTerms(text: string, dictionary: TermDictionary, cache: WordCache, terms: Uint32Array): number {
  if (bytes.length < text.length * 3 + 1) bytes = new Uint8Array(text.length * 3 + 1);
  const length = encoder.encodeInto(text, bytes).written;
  bytes[length] = 32;
  let count = 0;
  let start = -1;
  let hash = WORD_HASH_START;
  // Characters behind bytes: two for each three-byte mark read.
  let shift = 0;
  for (let position = 0; position <= length; position += 1) {
    const code = bytes[position]!;
    const lowered = BYTE_WORD_CODES[code]!;
    if (lowered !== 0) {
      if (start === -1) {
        start = position;
        hash = WORD_HASH_START;
      }
      hash = nextWordHash(hash, lowered);
      continue;
    }
    if (code >= 0x80) {
      if (code !== 0xe2 || bytes[position + 1] !== 0x80 || TYPOGRAPHIC_LAST_BYTES[bytes[position + 2]!] !== 1) return -1;
    }
    if (start !== -1) {
      let term = cache.findBytes(bytes, start, position, hash);
      if (term === UNKNOWN_WORD) term = learn(text.slice(start - shift, position - shift).toLowerCase(), hash, dictionary, cache);
      if (term >= 0) terms[count++] = term;
      start = -1;
    }
    if (code >= 0x80) {
      position += 2;
      shift += 2;
    }
  }
  return count;
}

// Any text's words (from `splitWords`) one by one.
function wordTerms(words: readonly string[], dictionary: TermDictionary, cache: WordCache, terms: Uint32Array, isNarrated: boolean): number {
  let count = 0;
  for (const word of words) {
    const person = isNarrated ? NARRATOR_WORDS.get(word) : undefined;
    if (person) {
      terms[count++] = dictionary.internWord(person);
      continue;
    }
    const hash = wordHash(word);
    let term = cache.get(word, hash);
    if (term === UNKNOWN_WORD) term = learn(word, hash, dictionary, cache);
    if (term >= 0) terms[count++] = term;
  }
  return count;
}

/** A query's terms as the index sees them: the terms, then their pairs when pairs are on. */
export function queryFieldTerms(terms: readonly string[], options: Required<KeywordIndexOptions>): string[] {
  return options.pairWeight > 0 ? [...terms, ...termPairs(terms)] : [...terms];
}

/** BM25's inverse document frequency, as minisearch computes it. */
export function inverseDocumentFrequency(documents: number, matching: number): number {
  return Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
}
