/**
 * Counting the proper names a book uses: runs of capitalised words ("Mock Turtle", "Queen of
 * Hearts"), a title kept with its name ("Mr. Darcy", "M. Waldman"), common words split off
 * ("The Queen" -> "Queen"), possessives dropped, and for each name how often it stands where
 * only a name would be capitalised (not at the start of a sentence), after "the", or after a
 * preposition of place ("at Geneva").
 */
import type { Chapter } from './types.ts';
import { COMMON_CAPITALISED_WORDS, NAME_TITLES } from './common-words.ts';

/** How one written form of a name is used across the book. */
export interface NameCount {
  /** The form as printed, title included ("Mr. Darcy", "Hatter"). */
  form: string;
  /** The title in front, lowercase without its dot ("mr"), or null. */
  title: string | null;
  /** The words of the name without the title. */
  words: string[];
  total: number;
  /** Occurrences not at the start of a sentence, where only a name is capitalised. */
  midSentence: number;
  /** Occurrences right after "the" ("the Hatter"). */
  afterThe: number;
  /** Occurrences after in/at/to/from/near/towards (the mark of a place). */
  afterPlacePreposition: number;
  /** Occurrences next to a number ("3 May", "June 5th"): a date. */
  nearNumber: number;
  chapters: Set<number>;
  /** Occurrences per chapter. */
  byChapter: Map<number, number>;
}

/** Names found and how often each lowercase word appears in lowercase (to tell "Cat" from "cat"). */
export interface FoundNames {
  names: Map<string, NameCount>;
  lowercaseCounts: Map<string, number>;
}

const WORD = String.raw`[A-Z][\p{Ll}\p{Lu}'’-]*`;
const TITLE = String.raw`(?:(?:Mr|Mrs|Ms|Dr|St|M|Mme|Mlle|Rev)\.?|Sir|Lord|Lady|Miss|Madame|Madam|Mademoiselle|Monsieur|Captain|Colonel|Major|General|Admiral|Professor|Doctor|Judge|Widow|Squire|Parson|Reverend|Count|Countess|Baron|Baroness|Duke|Duchess|Dame|Master|Mars|Uncle|Aunt|King|Queen|Prince|Princess)`;
const NAME_RUN = new RegExp(
  String.raw`(?:(${TITLE})\s+)?(${WORD}(?:(?:\s+(?:of|de|von|van|le|la|du)\s+|\s+)${WORD})*)`,
  'gu',
);
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'to', 'from', 'near', 'towards', 'toward', 'into', 'on', 'along', 'across', 'over', 'reached', 'left', 'quitted', 'visited']);
const NUMBER_WORD = /^\d+(?:st|nd|rd|th)?\.?$/;
const NUMBER_AFTER = /^[,.]?\s*\d/;
// Characters that may stand between a sentence's end and its first word: spaces, quotes, brackets, dashes.
const OPENERS = new Set([...' \t\n\r\u00a0\'"‘’“”([_*—–-']);

/**
 * Whether the text before a word ends a sentence (or opens a quotation, which starts what someone
 * says like a sentence): read from the end, since a pattern anchored at the end rescans the text
 * from every position, for every name in the book.
 */
function isSentenceStart(before: string): boolean {
  let index = before.length - 1;
  while (index >= 0 && isSpace(before.charCodeAt(index))) index -= 1;
  if (index >= 0 && '“‘"'.includes(before[index]!)) return true;
  while (index >= 0 && OPENERS.has(before[index]!)) index -= 1;
  if (index < 0) return true;
  const last = before[index]!;
  if ('.!?:;'.includes(last)) return true;
  return (last === ')' || last === ']') && index > 0 && '.!?'.includes(before[index - 1]!);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 160;
}

/** Characters that end a word when reading back from a name: spaces, dashes, brackets, opening quotes. */
const WORD_BREAKS = new Set([...' \t\n\r\u00a0—–([“‘"']);

/** The last two words before a name, lowercase ("at the" -> ["at", "the"]); empty when no space comes before it. */
function lastWords(before: string): [string, string] {
  let end = before.length;
  if (end === 0 || !isSpace(before.charCodeAt(end - 1))) return ['', ''];
  const words: string[] = [];
  while (words.length < 2) {
    while (end > 0 && WORD_BREAKS.has(before[end - 1]!)) end -= 1;
    if (end === 0) break;
    let start = end;
    while (start > 0 && !WORD_BREAKS.has(before[start - 1]!)) start -= 1;
    words.push(before.slice(start, end).toLowerCase());
    end = start;
  }
  return [words[1] ?? '', words[0] ?? ''];
}

const ABBREVIATED_TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'm', 'mme', 'mlle', 'rev']);

/** "Mr" and "Mr." are one title; abbreviations are written with their dot. */
function formatTitle(raw: string): string {
  const bare = raw.replace(/\.$/, '');
  return ABBREVIATED_TITLES.has(bare.toLowerCase()) ? `${bare}.` : bare;
}

function isCommon(word: string): boolean {
  return COMMON_CAPITALISED_WORDS.has(word.toLowerCase().replace(/[’']s$/, ''));
}

function cleanWord(word: string): string {
  // Possessives and contractions ("Alice’s", "I’m", "I’ll") are not part of a name.
  return word.replace(/[’'](?:s|m|ve|ll|d|re|t)$|[’'-]+$/u, '');
}

function isUsableWord(word: string): boolean {
  // All-capital words are headings and shouting, not names; single letters are initials or "I".
  return word.length > 1 && /\p{Ll}/u.test(word) && !isCommon(word);
}

/** Splits a run of capitalised words at common words: "Then Alice" -> ["Alice"] at offset 5. */
function splitRun(run: string): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  let current: { text: string; offset: number } | null = null;
  for (const match of run.matchAll(/\S+/g)) {
    const word = cleanWord(match[0]);
    const isConnector = /^(of|de|von|van|le|la|du)$/.test(word);
    if (isConnector && current) {
      current.text += ` ${word}`;
      continue;
    }
    if (!isUsableWord(word)) {
      if (current) parts.push(current);
      current = null;
      continue;
    }
    current = current ? { text: `${current.text} ${word}`, offset: current.offset } : { text: word, offset: match.index };
    // "Alice’s Adventures": a possessive ends the name it belongs to.
    if (/[’']s$/.test(match[0])) {
      parts.push(current);
      current = null;
    }
  }
  if (current) parts.push(current);
  // A trailing connector ("Queen of") is not part of a name.
  return parts.map((part) => ({ ...part, text: part.text.replace(/(\s+(of|de|von|van|le|la|du))+$/, '') }));
}

// Narrator finding and character discovery both read a book's names: count them once per book.
const cache = new WeakMap<readonly Chapter[], FoundNames>();

/** Counts every proper-name form in the book's chapters (once per chapters array; treat the result as read-only). */
export function findNames(chapters: readonly Chapter[]): FoundNames {
  const cached = cache.get(chapters);
  if (cached) return cached;
  const found = countNames(chapters);
  cache.set(chapters, found);
  return found;
}

function countNames(chapters: readonly Chapter[]): FoundNames {
  const names = new Map<string, NameCount>();
  const lowercaseCounts = new Map<string, number>();
  const note = (form: string, title: string | null, chapter: number, before: string, after: string, isInitial: boolean): void => {
    let entry = names.get(form);
    if (!entry) {
      const words = (title ? form.slice(form.indexOf(' ') + 1) : form).split(' ').filter((word) => !/^(of|de|von|van|le|la|du)$/.test(word));
      entry = { form, title, words, total: 0, midSentence: 0, afterThe: 0, afterPlacePreposition: 0, nearNumber: 0, chapters: new Set(), byChapter: new Map() };
      names.set(form, entry);
    }
    entry.total += 1;
    if (!isInitial) entry.midSentence += 1;
    const [previous, last] = lastWords(before);
    if (last === 'the') entry.afterThe += 1;
    if (PLACE_PREPOSITIONS.has(last) || (last === 'the' && PLACE_PREPOSITIONS.has(previous))) entry.afterPlacePreposition += 1;
    if (NUMBER_WORD.test(last) || NUMBER_AFTER.test(after)) entry.nearNumber += 1;
    entry.chapters.add(chapter);
    entry.byChapter.set(chapter, (entry.byChapter.get(chapter) ?? 0) + 1);
  };

  // The same runs of capitals come back thousands of times ("Alice", "The Queen"): split each once.
  const splits = new Map<string, Array<{ text: string; offset: number }>>();
  for (const chapter of chapters) {
    for (const paragraph of chapter.paragraphs) {
      for (const match of paragraph.matchAll(/\b\p{Ll}[\p{Ll}'’]*\b/gu)) {
        lowercaseCounts.set(match[0], (lowercaseCounts.get(match[0]) ?? 0) + 1);
      }
      for (const match of paragraph.matchAll(NAME_RUN)) {
        const start = match.index;
        const rawTitle = match[1];
        const title = rawTitle ? rawTitle.replace(/\.$/, '').toLowerCase() : null;
        const runStart = start + (rawTitle ? match[0].indexOf(match[2]!) : 0);
        let parts = splits.get(match[2]!);
        if (!parts) {
          parts = splitRun(match[2]!);
          splits.set(match[2]!, parts);
        }
        for (const [index, part] of parts.entries()) {
          const absolute = runStart + part.offset;
          const hasTitle = title !== null && index === 0 && part.offset === 0 && NAME_TITLES.has(title);
          const before = paragraph.slice(Math.max(0, (hasTitle ? start : absolute) - 40), hasTitle ? start : absolute);
          const isInitial = isSentenceStart(before) && !hasTitle;
          const form = hasTitle ? `${formatTitle(rawTitle!)} ${part.text}` : part.text;
          const end = absolute + part.text.length;
          note(form, hasTitle ? title : null, chapter.number, before, paragraph.slice(end, end + 8), isInitial);
        }
      }
    }
  }
  return { names, lowercaseCounts };
}
