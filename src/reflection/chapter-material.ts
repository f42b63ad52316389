import type { Book, Chapter } from '../book/types.ts';
import { createTfIdf, type TfIdf } from './salience.ts';
import { splitSentences } from './visitor-facts.ts';

/** Default budget of chapter text per reflection, in characters (about 3,000 tokens). */
export const DEFAULT_MAX_INPUT_CHARS = 12_000;

/** One part of a chapter, small enough for the model's budget. */
export interface ChapterPart {
  chapter: Chapter;
  /** 0-based part index and the number of parts of this chapter. */
  part: number;
  partCount: number;
  text: string;
}

/** What a chapter part offers a reflection: salient sentences and words, the character's lines, evidence. */
export interface ChapterMaterial extends ChapterPart {
  salientSentences: string[];
  salientWords: string[];
  ownLines: string[];
  question: string | null;
  /** Ids of the passages the part covers. */
  passageIds: string[];
}

/**
 * Splits a chapter into parts of at most `maxInputChars`, at paragraph boundaries; a paragraph
 * longer than the budget is cut at sentence boundaries, and a sentence longer still is cut hard.
 */
export function splitChapterIntoParts(chapter: Chapter, maxInputChars: number): string[] {
  if (maxInputChars < 200) throw new RangeError(`maxInputChars must be at least 200, got ${maxInputChars}`);
  const pieces: string[] = [];
  for (const paragraph of chapter.paragraphs) {
    if (paragraph.length <= maxInputChars) {
      pieces.push(paragraph);
      continue;
    }
    for (const sentence of splitSentences(paragraph)) {
      for (let start = 0; start < sentence.length; start += maxInputChars) pieces.push(sentence.slice(start, start + maxInputChars));
    }
  }
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const candidate = current ? `${current}\n\n${piece}` : piece;
    if (candidate.length > maxInputChars && current) {
      parts.push(current);
      current = piece;
    } else {
      current = candidate;
    }
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

const tfIdfByBook = new WeakMap<Book, TfIdf>();

/** The TF-IDF model of a book, one document per chapter (cached per Book object). */
export function bookTfIdf(book: Book): TfIdf {
  let model = tfIdfByBook.get(book);
  if (!model) {
    model = createTfIdf(book.chapters.map((chapter) => chapter.paragraphs.join('\n\n')));
    tfIdfByBook.set(book, model);
  }
  return model;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Gathers what a reflection on one part of a chapter draws on. */
export function gatherChapterMaterial(book: Book, part: ChapterPart, speakerNames: string[]): ChapterMaterial {
  const model = bookTfIdf(book);
  const partText = normalise(part.text);
  const names = new Set(speakerNames.map((name) => name.toLowerCase()));
  const ownSpeeches = book.speeches.filter(
    (speech) => speech.chapter === part.chapter.number && speech.speaker !== null && names.has(speech.speaker.toLowerCase()) && partText.includes(normalise(speech.text).slice(0, 40)),
  );
  const ownLines = model
    .salientSentences(ownSpeeches.map((speech) => finishLine(speech.text)).join(' '), 3, { minWords: 3, maxWords: 40 })
    .concat(ownSpeeches.map((speech) => speech.text.trim()).filter((text) => text.split(/\s+/).length >= 2))
    .filter((line, index, all) => all.indexOf(line) === index);
  const questions = [...ownLines, ...model.salientSentences(part.text, 40, { minWords: 4, maxWords: 30 })].filter((sentence) => /\?[”’"']*$/.test(sentence));
  const question = questions[0] ?? null;
  const salientSentences = model.salientSentences(part.text, 4).filter((sentence) => sentence !== question);
  const passageIds = book.passages
    .filter((passage) => passage.chapter === part.chapter.number && (part.partCount === 1 || partText.includes(normalise(passage.text).slice(0, 60))))
    .map((passage) => passage.id);
  return { ...part, salientSentences, salientWords: model.salientWords(part.text, 6), ownLines, question, passageIds };
}

function finishLine(text: string): string {
  const trimmed = text.trim().replace(/[,;:—–-]+$/u, '');
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
