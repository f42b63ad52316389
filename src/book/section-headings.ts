/**
 * Headings and signatures that say who writes a stretch of a book: "JONATHAN HARKER'S JOURNAL",
 * "Dr. Seward's Diary", "Letter, Miss Mina Murray to Miss Lucy Westenra", "Narrative Continued by
 * the Doctor", "Walton, in continuation", and the name under a letter ("Your affectionate
 * brother, / R. Walton"). Pure string work on one paragraph at a time.
 */
import { COMMON_CAPITALISED_WORDS, NAME_TITLES } from './common-words.ts';

/** What a section heading says about who writes the text under it. */
export interface SectionHeading {
  kind: 'journal' | 'letter' | 'narrative' | 'continuation';
  /** The writer as printed ("Jonathan Harker", "the Doctor"), or null when it does not say. */
  writer: string | null;
}

const DOCUMENT_WORDS = new Set([
  'journal', 'diary', 'narrative', 'statement', 'memorandum', 'memoranda', 'log', 'letter', 'letters', 'confession',
  'story', 'account', 'manuscript', 'record', 'notes', 'memoir', 'memoirs', 'tale', 'testimony', 'deposition',
]);
const LETTER_WORDS = new Set(['letter', 'telegram', 'note', 'cablegram', 'postcard', 'report', 'memorandum', 'message']);
const DOCUMENT_ADJECTIVES = /^(?:(?:private|phonograph|full|own|second|last|first|secret|personal|written|short)\s+)*/i;
const CONNECTORS = new Set(['of', 'de', 'von', 'van', 'der', 'le', 'la', 'du', 'di', 'da']);
const VALEDICTION = /^(?:(?:your|yours|ever|very|most|believe me|i am|i remain|with|thy|thine|affectionately|faithfully|sincerely|truly|lovingly|respectfully|gratefully|dear|always|till death)\b[^,]*,\s*)+/i;
const VALEDICTION_START = /^(?:your|yours|ever|very|most|believe me|i am|i remain|thy|thine|affectionately|faithfully|sincerely|truly|lovingly|respectfully|gratefully)\b/i;
const MAX_HEADING_WORDS = 14;

/** Capitals only ("JONATHAN HARKER’S JOURNAL") become title case so names read as names. */
function toTitleCase(text: string): string {
  if (/\p{Ll}/u.test(text)) return text;
  return text.toLowerCase().replace(/(^|[\s.(“‘"-])(\p{Ll})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase());
}

/** Removes emphasis marks, quotes, brackets around the whole line and trailing punctuation. */
function cleanLine(text: string): string {
  return toTitleCase(
    text
      .replace(/[_*]/g, '')
      .replace(/^[\s“”"‘’'(\[]+|[\s“”"‘’')\]]+$/g, '')
      .replace(/\s*\((?:continued|kept in shorthand|cont\.?)[^)]*\)\s*$/i, '')
      .replace(/\s*[—–-]+\s*continued\.?$/i, '')
      .replace(/[.:;,—–-]+$/, '')
      .trim(),
  );
}

/**
 * Whether words are a person's name as printed: capitalised words (a title in front allowed),
 * connectors inside ("Van Helsing", "de Lacey"), at most five, not all common words. "the
 * Doctor" is accepted: an epithet the book may join to a name.
 */
export function isNameLike(text: string): boolean {
  const words = text.replace(/^the\s+/i, '').split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 5) return false;
  let hasProperWord = false;
  for (const [index, word] of words.entries()) {
    const bare = word.replace(/[.’']+$/, '').toLowerCase();
    if (index > 0 && CONNECTORS.has(bare)) continue;
    if (!/^\p{Lu}/u.test(word)) return false;
    if (NAME_TITLES.has(bare) || (index === 0 && /^(?:doctor|professor|captain|count|judge|squire|widow)$/.test(bare))) continue;
    if (!COMMON_CAPITALISED_WORDS.has(bare)) hasProperWord = true;
  }
  return hasProperWord || /^the\s+\p{Lu}/u.test(text);
}

function writerFrom(text: string): string | null {
  const cleaned = text.replace(/[’']s$/, '').trim();
  return isNameLike(cleaned) ? cleaned : null;
}

/** Reads one paragraph (or a chapter title) as a section heading; null when it is none. */
export function readSectionHeading(paragraph: string): SectionHeading | null {
  if (paragraph.length > 120) return null;
  const text = cleanLine(paragraph);
  const words = text.split(/\s+/);
  if (words.length === 0 || words.length > MAX_HEADING_WORDS) return null;

  // "Walton, in continuation."
  const continuation = /^(.+?),?\s+in\s+continuation$/i.exec(text);
  if (continuation) {
    const writer = writerFrom(continuation[1]!);
    return writer ? { kind: 'continuation', writer } : null;
  }

  // "Narrative Continued by the Doctor: How the Ship Was Abandoned", "Told by Jim Hawkins".
  const by = /^(?:(?:the\s+)?(?:narrative|story|account|tale)\s+)?(?:continued|resumed|concluded|told|written|given|related|narrated)\s+by\s+((?:the\s+)?[^:;,—–]+?)(?:\s*[:;,—–].*)?$/i.exec(text);
  if (by) {
    const writer = writerFrom(by[1]!.trim());
    return writer ? { kind: 'narrative', writer } : null;
  }

  // "Letter, Miss Mina Murray to Miss Lucy Westenra", "Telegram from Arthur Holmwood to Seward".
  const letter = /^(?:(?:copy\s+of|extract\s+from)\s+)?(?:a\s+)?(\p{L}+)(?:\s*,\s*|\s+from\s+)(.+?)\s+to\s+(.+)$/iu.exec(text);
  if (letter && LETTER_WORDS.has(letter[1]!.toLowerCase())) {
    return { kind: 'letter', writer: writerFrom(letter[2]!.trim()) };
  }

  // "Jonathan Harker's Journal", "Dr. Seward's Phonograph Diary, spoken by Van Helsing".
  const owned = /^(?:(?:from|extracts?\s+from)\s+)?(?:the\s+)?(.+?)[’']s?\s+(.+)$/iu.exec(text);
  if (owned && /[’']/.test(text)) {
    const rest = owned[2]!.replace(DOCUMENT_ADJECTIVES, '');
    const documentWord = rest.split(/[\s,]+/)[0]?.toLowerCase() ?? '';
    if (DOCUMENT_WORDS.has(documentWord)) {
      const spokenBy = /\b(?:spoken|dictated|written|told)\s+by\s+(.+)$/i.exec(rest);
      const writer = writerFrom(spokenBy ? spokenBy[1]!.trim() : owned[1]!.trim());
      if (writer) return { kind: documentWord === 'letter' ? 'letter' : documentWord === 'narrative' || documentWord === 'statement' ? 'narrative' : 'journal', writer };
    }
  }

  // "The Journal of Mina Harker", "Diary kept by Dr. Seward".
  const of = /^(?:(?:from|extracts?\s+from)\s+)?(?:the\s+)?(\p{L}+)\s+(?:of|by|kept\s+by|written\s+by)\s+(.+)$/iu.exec(text.replace(DOCUMENT_ADJECTIVES, ''));
  if (of && DOCUMENT_WORDS.has(of[1]!.toLowerCase())) {
    const writer = writerFrom(of[2]!.trim());
    if (writer) return { kind: of[1]!.toLowerCase() === 'letter' ? 'letter' : 'journal', writer };
  }
  return null;
}

/** "R.W.", "R. Walton", "Robert Walton", "MINA": a name under a letter, or null. */
function readSignatureName(text: string): string | null {
  const cleaned = cleanLine(text.replace(VALEDICTION, ''));
  if (/^(?:\p{Lu}\.\s*){1,2}\p{Lu}$/u.test(cleaned)) return `${cleaned.replace(/\s+/g, '')}.`;
  if (cleaned.split(/\s+/).length > 4) return null;
  return isNameLike(cleaned) && !/^the\s/i.test(cleaned) ? cleaned : null;
}

/**
 * The writer's name signed at the end of a letter: the last paragraphs of a section, past dates
 * and postscripts, a name alone or after a valediction ("Your affectionate brother,"). Only read
 * where a letter is expected or a valediction leads into it, since many chapters end on a short
 * line.
 */
export function readSignature(paragraphs: readonly string[], isLetter: boolean): string | null {
  for (let index = paragraphs.length - 1, looked = 0; index >= 0 && looked < 4; index -= 1, looked += 1) {
    const paragraph = paragraphs[index]!.trim();
    const words = paragraph.split(/\s+/).length;
    if (words > 10) return null;
    // A date or place line under the signature ("HARTFORD, 1876.", "August 26th, 17—.").
    if (/\d|17—/.test(paragraph)) continue;
    const previous = paragraphs[index - 1]?.trim() ?? '';
    const hasValediction = VALEDICTION.test(paragraph) || (previous.split(/\s+/).length <= 6 && VALEDICTION_START.test(previous.replace(/^[“"‘']+/, '')));
    if (!isLetter && !hasValediction) continue;
    const name = readSignatureName(paragraph);
    if (name) return name;
  }
  return null;
}
