/**
 * Turning a novel's text into a `Book`: Project Gutenberg boilerplate removed, chapters found,
 * paragraphs packed into passages, quoted speech attributed. Pure: no files, no clock.
 */
import type { Book, Chapter, Passage, SpeakerAliases, Speech } from './types.ts';
import { stripGutenberg } from './strip-gutenberg.ts';
import { findChapters } from './find-chapters.ts';
import { buildPassages, countWords, toParagraphs } from './build-passages.ts';
import { detectQuoteStyle } from './find-quotes.ts';
import { createSpeakerResolver } from './attribute-speech.ts';
import { extractSpeeches, type NarratorRange } from './extract-speeches.ts';
import { chapterPresence } from './presence.ts';

export type { NarratorRange } from './extract-speeches.ts';

/** Options for `parseBook`. */
export interface ParseBookOptions {
  /** The book id used in passage and speech ids; letters, digits, `-` and `_`. */
  id: string;
  title?: string;
  author?: string;
  /** Canonical speaker names and the other names the text uses for them. */
  speakers?: SpeakerAliases[];
  /** Who "I" is, chapter by chapter, for first-person narration ("said I"). */
  narrators?: NarratorRange[];
}

/** Thrown when `parseBook` is given something it cannot read as a book. */
export class BookParseError extends Error {
  override name = 'BookParseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const BOOK_ID = /^[A-Za-z0-9_-]{1,100}$/;

function readHeaderField(text: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:[ \\t]*(.+)$`, 'mi').exec(text.slice(0, 20_000));
  return match?.[1]?.trim() || undefined;
}

/** Parses a novel's text (LF or CRLF line endings) into chapters, passages and speeches. */
export function parseBook(text: string, options: ParseBookOptions): Book {
  if (!BOOK_ID.test(options.id)) {
    throw new BookParseError(`Book id "${options.id}" must be 1-100 letters, digits, "-" or "_".`);
  }
  const normalised = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const title = options.title ?? readHeaderField(normalised, 'Title') ?? options.id;
  const author = options.author ?? readHeaderField(normalised, 'Author') ?? 'Unknown';
  const { text: body } = stripGutenberg(normalised);
  if (countWords(body) === 0) throw new BookParseError(`Book "${options.id}" has no text once boilerplate is removed.`);

  const found = findChapters(body);
  const style = detectQuoteStyle(body);
  const resolver = createSpeakerResolver(options.speakers);
  const knownSpeakers = new Set<string>();
  const chapters: Chapter[] = [];
  const passages: Passage[] = [];
  const speeches: Speech[] = [];

  found.chapters.forEach((raw, index) => {
    const number = index + 1;
    const paragraphs = toParagraphs(raw.blocks);
    const chapter: Chapter = {
      number,
      label: raw.label,
      title: raw.title,
      kind: raw.kind,
      paragraphs,
      words: paragraphs.reduce((sum, paragraph) => sum + countWords(paragraph), 0),
    };
    if (raw.volume !== undefined) chapter.volume = raw.volume;
    chapters.push(chapter);
    const built = buildPassages(options.id, number, raw.title, paragraphs);
    const chapterSpeeches = extractSpeeches({
      bookId: options.id,
      chapter: number,
      paragraphs,
      passages: built,
      style,
      resolver,
      narrators: options.narrators ?? [],
      knownSpeakers,
    });
    const presence = chapterPresence({ chapter: number, paragraphs, passages: built, speeches: chapterSpeeches, narrators: options.narrators ?? [], speakers: options.speakers ?? [] });
    for (const entry of built) {
      const present = presence.get(entry.passage.id);
      if (present && present.length > 0) entry.passage.present = present;
    }
    passages.push(...built.map((entry) => entry.passage));
    speeches.push(...chapterSpeeches);
  });

  return { id: options.id, title, author, chapters, passages, speeches, warnings: found.warnings };
}
