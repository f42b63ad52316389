/**
 * Recognising one heading line: "CHAPTER I.", "Chapter 1", "Letter 4", "CHAPTER XII. Alice's
 * Evidence", "I. A SCANDAL IN BOHEMIA", "PREFACE", "VOL. II", and headings printed inside an
 * illustration caption ("[Illustration: ... Chapter I.]").
 */
import type { ChapterKind } from './types.ts';

/** What a heading line says: a chapter-like heading, or a volume marker. */
export type Heading =
  | { type: 'chapter'; kind: ChapterKind; label: string; title: string | null; number: number | null; isBare: boolean }
  | { type: 'volume'; label: string; number: number | null };

const NUMBER_WORDS = [
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];
const ORDINAL_WORDS = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh',
  'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth',
  'twentieth',
];
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** Reads a roman numeral ("XIV" -> 14); null when the text is not one. */
export function parseRoman(text: string): number | null {
  const upper = text.toUpperCase();
  if (!/^[IVXLCDM]+$/.test(upper)) return null;
  let total = 0;
  for (let index = 0; index < upper.length; index += 1) {
    const value = ROMAN_VALUES[upper[index]!]!;
    const next = ROMAN_VALUES[upper[index + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total > 0 ? total : null;
}

/** Reads "12", "XII", "twelve" or "the twelfth" as a number; null when it is none of those. */
export function parseHeadingNumber(text: string): number | null {
  const cleaned = text.toLowerCase().replace(/^the\s+/, '');
  if (/^\d{1,4}$/.test(cleaned)) return Number(cleaned);
  const roman = parseRoman(cleaned);
  if (roman !== null) return roman;
  const word = NUMBER_WORDS.indexOf(cleaned);
  if (word >= 0) return word + 1;
  const ordinal = ORDINAL_WORDS.indexOf(cleaned);
  return ordinal >= 0 ? ordinal + 1 : null;
}

const NUMBER_TOKEN = String.raw`(\d{1,4}|[IVXLCDM]+|[ivxlcdm]+|(?:the\s+)?[A-Za-z]+)`;
const KEYWORD_HEADING = new RegExp(
  String.raw`^(chapter|chap\.|letter|part|book|stave|section|vol\.|volume)\s+${NUMBER_TOKEN}\.?(?:\s*[.:—–-]?\s+(.{1,80}?))?\s*$`,
  'i',
);
const BARE_HEADING = /^([IVXLCDM]{1,7}|\d{1,3})\.(?:\s+(\S.{0,78}?))?\s*$/;
const BARE_ROMAN_ALONE = /^([IVXLCDM]{1,7})$/;
const PREFACE_HEADING = /^(preface|introduction|foreword|prologue|epilogue|conclusion|afterword|postscript|author['’]s note|to the reader)\.?(?:\s*[.:—–-]?\s+(.{1,80}))?$/i;
const CAPTION_HEADING = /\b(chapter|letter)\s+([IVXLCDM]+|\d{1,4})\b\.?/i;

function kindOf(keyword: string): ChapterKind | 'volume' {
  const lower = keyword.toLowerCase();
  if (lower === 'letter') return 'letter';
  if (lower === 'part') return 'part';
  if (lower === 'section') return 'section';
  if (lower === 'vol.' || lower === 'volume' || lower === 'book') return 'volume';
  return 'chapter';
}

function cleanTitle(title: string | undefined): string | null {
  const cleaned = (title ?? '').replace(/^[_*\s]+|[_*\s]+$/g, '').trim();
  return cleaned.length > 0 ? cleaned : null;
}

/** Classifies one trimmed line as a heading, or null when it is ordinary text. */
export function readHeading(line: string): Heading | null {
  const text = line.trim().replace(/^_(.*)_$/, '$1');
  if (text.length === 0 || text.length > 100) return null;

  const keyword = KEYWORD_HEADING.exec(text);
  if (keyword) {
    const number = parseHeadingNumber(keyword[2]!);
    if (number === null) return null;
    const kind = kindOf(keyword[1]!);
    const title = cleanTitle(keyword[3]);
    const label = title === null ? text : text.slice(0, text.length - (keyword[3] ?? '').length).trim();
    if (kind === 'volume') return { type: 'volume', label, number };
    return { type: 'chapter', kind, label, title, number, isBare: false };
  }

  const preface = PREFACE_HEADING.exec(text);
  if (preface) {
    const lower = preface[1]!.toLowerCase();
    const kind: ChapterKind = ['prologue', 'epilogue', 'conclusion', 'afterword', 'postscript'].includes(lower) ? 'section' : 'preface';
    return { type: 'chapter', kind, label: preface[1]!, title: cleanTitle(preface[2]), number: null, isBare: false };
  }

  const bare = BARE_HEADING.exec(text) ?? BARE_ROMAN_ALONE.exec(text);
  if (bare) {
    const title = cleanTitle(bare[2]);
    // A bare numbered heading with a title is printed in capitals or title case, not as a sentence.
    if (title !== null && (/[.;,]$/.test(title) || title.split(/\s+/).length > 10)) return null;
    const number = parseHeadingNumber(bare[1]!);
    if (number === null) return null;
    const label = title === null ? text : text.slice(0, text.indexOf(bare[2]!)).trim();
    return { type: 'chapter', kind: 'section', label, title, number, isBare: true };
  }
  return null;
}

/** Finds a chapter heading printed inside an illustration caption; null when there is none. */
export function readCaptionHeading(block: string): Heading | null {
  const caption = /^\[Illustration:?([\s\S]*)\]$/i.exec(block.trim());
  if (!caption) return null;
  const body = caption[1]!.replace(/\s+/g, ' ').trim();
  const match = CAPTION_HEADING.exec(body);
  if (!match) return null;
  const number = parseHeadingNumber(match[2]!);
  if (number === null) return null;
  const after = cleanTitle(body.slice(match.index + match[0].length).replace(/^[.:—–-]\s*/, ''));
  const kind = kindOf(match[1]!);
  return {
    type: 'chapter',
    kind: kind === 'volume' ? 'chapter' : kind,
    label: match[0].trim(),
    title: after,
    number,
    isBare: false,
  };
}
