/**
 * The small text tools every step of the voice shares: words, stemmed terms, sentences that keep
 * a quotation whole, and tidying a reply for the page.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords.js';
import { INDEFINITE_PEOPLE } from '../memory/tokenize.ts';

// Words a question is shaped with, not what it is about ("What did you feel when...").
const SHAPE_WORDS = ['what', 'when', 'where', 'which', 'who', 'whom', 'whose', 'why', 'how', 'did', 'does', 'do', 'is', 'are', 'was', 'were', 'tell', 'think', 'please', 'happened', 'happen', 'ever', 'really', 'oh', 'yes', 'just', 'like', 'know', 'remember', 'something', ...INDEFINITE_PEOPLE, 'thing', 'things', 'said', 'say', 'll', 've', 're', 'don', 'didn', 'doesn', 'isn', 'wasn', 's', 't', 'd', 'm'];
const STOPWORDS: ReadonlySet<string> = new Set([...naturalStopwords, ...SHAPE_WORDS]);

/** Lowercase letter-and-digit runs, ligatures spelt out ("dæmon" is "daemon"), possessive 's dropped. */
export function splitWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .replace(/['’]s\b/g, '')
      .replace(/æ/g, 'ae')
      .replace(/œ/g, 'oe')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

const stemCache = new Map<string, string>();

/** The Porter stem of a lowercase word, memoised (a book's vocabulary is small). */
export function stemWord(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(word);
    if (stemCache.size < 100_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Content terms of a text: stopwords and question-shaping words dropped, the rest stemmed. */
export function contentTerms(text: string): string[] {
  return splitWords(text)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word))
    .map(stemWord);
}

/** Whitespace-separated words, as a visitor would count them. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const ABBREVIATION = /(?:\b(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle|M|Messrs|viz|i\.e|e\.g|etc)|\b\p{Lu})\.$/u;

/**
 * Where the sentences of a flattened text lie: a break at . ! ? followed by a capital (or an
 * opening quote); with `respectQuotes`, never inside a double quotation, so "“Stop! Who are
 * you?” said the Queen." stays one sentence.
 */
export function sentenceRanges(flat: string, options: { respectQuotes: boolean } = { respectQuotes: true }): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < flat.length; index += 1) {
    const character = flat[index]!;
    if (character === '“') depth += 1;
    else if (character === '”') depth = Math.max(0, depth - 1);
    if (!/[.!?]/.test(character)) continue;
    let end = index + 1;
    while (end < flat.length && /[.!?”’")\]_]/.test(flat[end]!)) {
      if (flat[end] === '”') depth = Math.max(0, depth - 1);
      end += 1;
    }
    index = end - 1;
    if ((options.respectQuotes && depth > 0) || flat[end] !== ' ') continue;
    if (!/^[“"‘(_]?[\p{Lu}\p{N}]/u.test(flat.slice(end + 1, end + 3))) continue;
    if (ABBREVIATION.test(flat.slice(start, end).replace(/[”’")\]_]+$/u, ''))) continue;
    ranges.push([start, end]);
    start = end + 1;
  }
  if (start < flat.length) ranges.push([start, flat.length]);
  return ranges.filter(([from, to]) => flat.slice(from, to).trim().length > 0);
}

/** Splits prose into sentences (see sentenceRanges), whitespace flattened. */
export function splitSentences(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  return sentenceRanges(flat).map(([from, to]) => flat.slice(from, to).trim());
}

/** Capitalises the first letter. */
export function capitalise(text: string): string {
  return text.replace(/^([^\p{L}]*)(\p{L})/u, (_match, lead: string, letter: string) => `${lead}${letter.toUpperCase()}`);
}

/** Ends a line with a full stop unless it already ends with punctuation. */
export function endSentence(text: string): string {
  const trimmed = text.trim().replace(/[,;:—–-]+$/u, '').trim();
  return /[.!?…][”’")*]*$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Tidies a reply for the page: emphasis marks dropped, spaces and stray punctuation mended. */
export function tidyReply(text: string): string {
  return text
    .replace(/_([^_]+)_/g, '$1')
    .replace(/_/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/([!?])\.(?=\s|$)/g, '$1')
    .replace(/(?<!\.)\.\.(?!\.)/g, '.')
    .replace(/,\./g, '.')
    .trim();
}

/** A 32-bit FNV-1a hash, for choosing among phrasings deterministically. */
export function hashText(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** Whether `text` says again a run of `length` words an earlier reply said (case and punctuation aside). */
export function repeatsHeard(text: string, heard: readonly string[], length = 8): boolean {
  const words = (value: string) => value.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const own = words(text);
  if (own.length < length) return false;
  const runs = new Set<string>();
  for (let start = 0; start + length <= own.length; start += 1) runs.add(own.slice(start, start + length).join(' '));
  return heard.some((reply) => {
    const earlier = words(reply);
    for (let start = 0; start + length <= earlier.length; start += 1) if (runs.has(earlier.slice(start, start + length).join(' '))) return true;
    return false;
  });
}

// Chat spellings and their words ("whats ur name" asks "what's your name").
const CHAT_SPEAK: Record<string, string> = {
  u: 'you', ur: 'your', ya: 'you', r: 'are', pls: 'please', plz: 'please', thx: 'thanks', thanx: 'thanks', ty: 'thank you',
  im: "I'm", ive: "I've", dont: "don't", doesnt: "doesn't", didnt: "didn't", isnt: "isn't", wasnt: "wasn't", arent: "aren't",
  whats: "what's", wheres: "where's", whos: "who's", hows: "how's", thats: "that's", youre: "you're", idk: "I don't know",
  cuz: 'because', coz: 'because', wat: 'what', wut: 'what', abt: 'about', bc: 'because',
};
const CHAT_WORD = new RegExp(String.raw`(?<![\p{L}\p{N}'’])(?:${Object.keys(CHAT_SPEAK).join('|')})(?![\p{L}\p{N}'’])`, 'giu');

/** A message with chat spellings written out ("do u like cats" → "do you like cats"); other text as it is. */
export function expandChatSpeak(message: string): string {
  return message.replace(CHAT_WORD, (word) => CHAT_SPEAK[word.toLowerCase()] ?? word);
}

