/**
 * Paragraphs and passages: a chapter's blocks become paragraphs (internal line breaks joined),
 * and paragraphs are packed into passages of about 120 to 250 words that respect paragraph
 * edges; a single paragraph over about 300 words is split at sentence boundaries.
 */
import type { Passage } from './types.ts';

/** Passage sizes in words. */
export interface PassageLimits {
  minWords: number;
  maxWords: number;
  /** A paragraph longer than this is split at sentence boundaries. */
  splitParagraphOver: number;
}

/** The default sizes: about 120 to 250 words, paragraphs over 300 words split. */
export const DEFAULT_PASSAGE_LIMITS: PassageLimits = { minWords: 120, maxWords: 250, splitParagraphOver: 300 };

/** A stretch of one paragraph that goes into a passage, with its place in the paragraph. */
export interface PassagePiece {
  paragraph: number;
  start: number;
  end: number;
  text: string;
  words: number;
}

/** A passage and the paragraph pieces it is made of. */
export interface BuiltPassage {
  passage: Passage;
  pieces: PassagePiece[];
}

/** A passage still under the minimum may grow this much past the maximum rather than stay short. */
const SHORT_PASSAGE_STRETCH = 1.4;
const ILLUSTRATION = /^\[Illustration[^\]]*\]$/is;
const SEPARATOR = /^[\s*.·•—–-]*$/;
// A sentence ends at . ! ? (maybe followed by closing quotes or brackets) before a space.
const SENTENCE_END = /[.!?][”’"')\]_]*\s+/g;

/** Counts whitespace-separated words. */
export function countWords(text: string): number {
  // Counted by hand: matching every word allocates an array per paragraph, and this runs on all of them.
  let words = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const isSpace = code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 11 || code === 160 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x3000 || code === 0x1680 || code === 0x202f || code === 0x205f || code === 0xfeff;
    if (!isSpace && !inWord) words += 1;
    inWord = !isSpace;
  }
  return words;
}

/** Turns text blocks into paragraphs: lines joined by a space, illustrations and separators dropped. */
export function toParagraphs(blocks: string[]): string[] {
  const paragraphs: string[] = [];
  for (const block of blocks) {
    const trimmed = block.trim();
    if (ILLUSTRATION.test(trimmed) || SEPARATOR.test(trimmed)) continue;
    if (/^THE END\.?$/i.test(trimmed)) continue;
    paragraphs.push(trimmed.replace(/\s*\n\s*/g, ' ').replace(/[ \t]{2,}/g, ' '));
  }
  return paragraphs;
}

/** Splits one long paragraph into pieces of similar size at sentence boundaries. */
function splitParagraph(text: string, paragraph: number, limits: PassageLimits): PassagePiece[] {
  const sentences: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    sentences.push({ start, end });
    start = end;
  }
  if (start < text.length) sentences.push({ start, end: text.length });

  const total = countWords(text);
  const target = total / Math.ceil(total / ((limits.minWords + limits.maxWords) / 2));
  const pieces: PassagePiece[] = [];
  let pieceStart = 0;
  let pieceWords = 0;
  for (const sentence of sentences) {
    const words = countWords(text.slice(sentence.start, sentence.end));
    if (pieceWords > 0 && pieceWords + words / 2 > target) {
      pieces.push(makePiece(text, paragraph, pieceStart, sentence.start));
      pieceStart = sentence.start;
      pieceWords = 0;
    }
    pieceWords += words;
  }
  pieces.push(makePiece(text, paragraph, pieceStart, text.length));
  return pieces.filter((piece) => piece.words > 0);
}

function makePiece(text: string, paragraph: number, start: number, end: number): PassagePiece {
  const slice = text.slice(start, end).trim();
  return { paragraph, start, end, text: slice, words: countWords(slice) };
}

/** Packs a chapter's paragraphs into passages with ids `<bookId>:<chapter>:<index>`. */
export function buildPassages(
  bookId: string,
  chapter: number,
  chapterTitle: string,
  paragraphs: string[],
  limits: PassageLimits = DEFAULT_PASSAGE_LIMITS,
): BuiltPassage[] {
  const pieces = paragraphs.flatMap((text, paragraph) =>
    countWords(text) > limits.splitParagraphOver
      ? splitParagraph(text, paragraph, limits)
      : [makePiece(text, paragraph, 0, text.length)],
  );

  const groups: PassagePiece[][] = [];
  let current: PassagePiece[] = [];
  let currentWords = 0;
  for (const piece of pieces) {
    const combined = currentWords + piece.words;
    // Close the passage when the next piece would overflow it, unless it is still short and
    // the overflow is mild (a short passage is worse for retrieval than a slightly long one).
    const shouldClose =
      current.length > 0 &&
      combined > limits.maxWords &&
      (currentWords >= limits.minWords || combined > limits.maxWords * SHORT_PASSAGE_STRETCH);
    if (shouldClose) {
      groups.push(current);
      current = [];
      currentWords = 0;
    }
    current.push(piece);
    currentWords += piece.words;
  }
  if (current.length > 0) groups.push(current);

  return groups.map((group, index) => {
    // Pieces of one split paragraph are rejoined with a space, whole paragraphs with a blank line.
    const text = group
      .map((piece, position) => (position === 0 ? '' : group[position - 1]!.paragraph === piece.paragraph ? ' ' : '\n\n') + piece.text)
      .join('');
    return {
      passage: {
        id: `${bookId}:${chapter}:${index}`,
        bookId,
        chapter,
        chapterTitle,
        index,
        text,
        words: group.reduce((sum, piece) => sum + piece.words, 0),
      },
      pieces: group,
    };
  });
}
