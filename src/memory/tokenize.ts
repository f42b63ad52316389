import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords.js';
import { IRREGULAR_FORMS } from './irregular-forms.ts';

// natural's list drops words that carry meaning in memories and stories: time ("before",
// "after", "never"), common content verbs ("take", "see", "come": the event a question asks
// about) and the particles that make phrasal verbs ("take out", "give up"). We keep those and
// add the common contractions' leftovers. Measured on FairytaleQA train and val and LoCoMo dev
// (bench/results/retrieval.md): keeping the verbs and particles helps all three.
const KEPT_WORDS = new Set([
  'before', 'after', 'never', 'first', 'last',
  'take', 'make', 'see', 'come', 'came', 'get', 'got',
  'out', 'up', 'over', 'under',
]);
const EXTRA_STOPWORDS = ['s', 't', 'don', 'didn', 'doesn', 'isn', 'wasn', 're', 've', 'll', 'd', 'm', 'just', 'really', 'oh', 'yeah', 'hey'];

/** Words that carry no topic, dropped from texts and queries alike. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  [...naturalStopwords, ...EXTRA_STOPWORDS].filter((word) => !KEPT_WORDS.has(word)),
);

/** "Did you ever love anyone?": someone unnamed is who the answer names, not a word a page shares. */
export const INDEFINITE_PEOPLE = ['anyone', 'anybody', 'someone', 'somebody'] as const;

/** Words that only shape a question ("what kind of", "how many"), dropped from queries only. */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  'what', 'when', 'where', 'which', 'who', 'whom', 'whose', 'why', 'how',
  'kind', 'type', 'sort', 'many', 'much', 'long', 'often', 'likely', 'would', 'might',
  'did', 'does', 'do', 'is', 'are', 'was', 'were', 'has', 'have', 'had',
  'describe', 'name', 'mention', 'mentioned', 'happen', 'happened', 'happens',
  // "How did X feel", "What will happen": the answer names the feeling or the event, not these.
  'feel', 'felt', 'feeling', 'will', 'think', 'thought',
  ...INDEFINITE_PEOPLE,
]);

/**
 * Changes whenever `tokenize` would turn the same text into other terms: an index (or a
 * snapshot of one) built by another version must be rebuilt, not loaded.
 */
export const TOKENIZER_VERSION = 3;

const TOKEN_PATTERN = /[\p{L}\p{N}]+/gu;

/** Lowercase letter-and-digit runs, in order, nothing dropped, ligatures spelt out ("dæmon" is "daemon"): the raw material of the index. */
export function splitWords(text: string): string[] {
  const lower = text.toLowerCase();
  // Plain ASCII needs no Unicode normalisation and has no ligatures (most texts, and much faster).
  if (!NON_ASCII.test(lower)) return lower.replace(/'s\b/g, '').match(ASCII_TOKEN_PATTERN) ?? [];
  return lower.normalize('NFKC').replace(/['’]s\b/g, '').replace(/æ/g, 'ae').replace(/œ/g, 'oe').match(TOKEN_PATTERN) ?? [];
}

// The same runs as TOKEN_PATTERN on ASCII text, without Unicode property lookups.
const ASCII_TOKEN_PATTERN = /[a-z0-9]+/g;

const NON_ASCII = /[^\x00-\x7f]/;

const stemCache = new Map<string, string>();

/**
 * Porter stem of one lowercase word, irregular forms first brought to their base ("led" is
 * "lead"), memoised because the vocabulary of a corpus is small.
 */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(IRREGULAR_FORMS.get(word) ?? word);
    if (stemCache.size < 200_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Index terms of a text: lowercase alphanumeric words, stopwords removed, Porter-stemmed. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) {
    if (STOPWORDS.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

// "won't" split at its apostrophe is "won" (won, the past of win) and "t"; "couldn't" leaves
// "couldn". A question's contractions are read as their verb ("won't" is "will"), and the
// negation is dropped as the index drops it from a text's "didn't" (its "t" is a stopword).
const CONTRACTION = /\b(won|can|shan|ain|\p{L}+n)['’]t\b/giu;
const VERB_OF: Readonly<Record<string, string>> = { won: 'will', can: 'can', shan: 'shall', ain: 'is' };

/** A question's words, its "n't" contractions read as their verb ("won't" → "will"). */
function queryWords(query: string): string[] {
  return splitWords(query.replace(CONTRACTION, (_match, verb: string) => VERB_OF[verb.toLowerCase()] ?? verb.slice(0, -1)));
}

/** Query terms: as `tokenize`, and the words that only shape a question are dropped too. */
export function tokenizeQuery(query: string): string[] {
  const terms: string[] = [];
  for (const word of queryWords(query)) {
    if (STOPWORDS.has(word) || QUESTION_WORDS.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

/**
 * The first person of a narrator, kept as two terms ("i" for I, me, myself; "my" for my, mine)
 * where a character tells its own story: there "my mother" is the narrator's mother, and a
 * question put to it in the second person ("your mother") is mapped onto it.
 */
export const NARRATOR_WORDS: ReadonlyMap<string, string> = new Map([
  ['i', 'i'], ['me', 'i'], ['myself', 'i'], ['my', 'my'], ['mine', 'my'],
]);

/** A question's second person as the narrator's first ("your mother" → "my mother"). */
export const SECOND_PERSON_WORDS: ReadonlyMap<string, string> = new Map([
  ['you', 'i'], ['yourself', 'i'], ['thee', 'i'], ['thou', 'i'], ['your', 'my'], ['yours', 'my'], ['thy', 'my'], ['thine', 'my'],
]);

/** Query terms of a question put to a narrator: as `tokenizeQuery`, with "you"/"your" kept as "i"/"my". */
export function tokenizeQueryToNarrator(query: string): string[] {
  const terms: string[] = [];
  for (const word of queryWords(query)) {
    const person = SECOND_PERSON_WORDS.get(word);
    if (person) terms.push(person);
    else if (!STOPWORDS.has(word) && !QUESTION_WORDS.has(word)) terms.push(stem(word));
  }
  return terms;
}
