/**
 * Finding quotations in a paragraph: curly double (“…”), curly single (‘…’) and straight
 * quotes, telling a closing ’ from an apostrophe inside a word (don’t, Alice’s), and quotes
 * left open at a paragraph's end (speech running on into the next paragraph).
 */

/** Which marks open and close a quotation. */
export type QuoteStyle = 'double' | 'single';

/** One quotation: offsets cover the marks, `text` is what is inside them. */
export interface QuoteSpan {
  start: number;
  end: number;
  text: string;
  /** The paragraph ended before the quote closed. */
  isOpenAtEnd: boolean;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
const OPENING_CONTEXT = /[\s([{—–\-/“‘"'_*]/;

function isOpening(text: string, index: number, style: QuoteStyle): boolean {
  const mark = text[index]!;
  const previous = index > 0 ? text[index - 1]! : ' ';
  const next = text[index + 1] ?? ' ';
  if (SPACE.test(next)) return false;
  if (style === 'double') {
    if (mark === '“') return true;
    return mark === '"' && OPENING_CONTEXT.test(previous);
  }
  if (mark === '‘') return !LETTER_OR_DIGIT.test(previous);
  return mark === "'" && OPENING_CONTEXT.test(previous) && !/^'(tis|twas|em|ll|s|t|d)\b/i.test(text.slice(index, index + 6));
}

function isClosing(text: string, index: number, style: QuoteStyle): boolean {
  const mark = text[index]!;
  const previous = index > 0 ? text[index - 1]! : ' ';
  const next = text[index + 1] ?? ' ';
  if (style === 'double') return mark === '”' || (mark === '"' && !SPACE.test(previous));
  if (mark !== '’' && mark !== "'") return false;
  // An apostrophe sits between letters (don’t) or before a letter (’tis); a closing mark does not.
  if (SPACE.test(previous) || LETTER_OR_DIGIT.test(next)) return false;
  // "the girls’ hats": after an s and before a lower-case word it is a plural possessive.
  return !(previous === 's' && /^\s[a-z]/.test(text.slice(index + 1, index + 3)));
}

const MARKS: Record<QuoteStyle, RegExp> = { double: /[“”"]/g, single: /[‘’']/g };

/** Finds the quotations of one style in a paragraph, in order. */
export function findQuotes(paragraph: string, style: QuoteStyle): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let openAt = -1;
  for (const match of paragraph.matchAll(MARKS[style])) {
    const index = match.index;
    if (openAt < 0) {
      if (isOpening(paragraph, index, style)) openAt = index;
      continue;
    }
    if (isClosing(paragraph, index, style)) {
      spans.push(makeSpan(paragraph, openAt, index + 1, false));
      openAt = -1;
    } else if (paragraph[index] === (style === 'double' ? '“' : '‘') && isOpening(paragraph, index, style)) {
      // A fresh opening mark while a quote is open: the earlier one was never closed.
      spans.push(makeSpan(paragraph, openAt, index, false));
      openAt = index;
    }
  }
  if (openAt >= 0) spans.push(makeSpan(paragraph, openAt, paragraph.length, true));
  return spans.filter((span) => span.text.length > 0);
}

function makeSpan(paragraph: string, start: number, end: number, isOpenAtEnd: boolean): QuoteSpan {
  const innerEnd = isOpenAtEnd ? end : end - 1;
  return { start, end, text: paragraph.slice(start + 1, innerEnd).trim(), isOpenAtEnd };
}

/** Picks the book's main quote style: the one whose opening marks are more frequent. */
export function detectQuoteStyle(text: string): { primary: QuoteStyle; secondary: QuoteStyle } {
  const doubles = (text.match(/[“"]/g) ?? []).length;
  const singles = (text.match(/‘/g) ?? []).length + (text.match(/(^|[\s(—])'(?=\S)/g) ?? []).length;
  return doubles >= singles ? { primary: 'double', secondary: 'single' } : { primary: 'single', secondary: 'double' };
}
