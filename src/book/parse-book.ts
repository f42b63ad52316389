/**
 * Turning a novel's text into a `Book`: Project Gutenberg boilerplate removed, chapters found,
 * paragraphs packed into passages, first-person narrators found (unless given), quoted speech
 * attributed ("said I" to the narrator of that stretch). Pure: no files, no clock.
 */
import type { Book, Chapter, NarratorRange, Passage, SpeakerAliases, Speech } from './types.ts';
import { stripGutenberg } from './strip-gutenberg.ts';
import { findChapters } from './find-chapters.ts';
import { buildPassages, countWords, toParagraphs, type BuiltPassage } from './build-passages.ts';
import { detectQuoteStyle, type QuoteStyle } from './find-quotes.ts';
import { createSpeakerResolver, type SpeakerResolver } from './attribute-speech.ts';
import { extractSpeeches } from './extract-speeches.ts';
import { findNarrationUnits } from './narration-units.ts';
import { FIRST_PERSON_SPEAKER, findNarrators, hasFirstPersonNarration, type FoundNarrators } from './find-narrators.ts';
import { findNames } from './find-names.ts';
import { findEpithetCharacter } from './epithets.ts';

export type { NarratorRange } from './types.ts';

/** Options for `parseBook`. */
export interface ParseBookOptions {
  /** The book id used in passage and speech ids; letters, digits, `-` and `_`. */
  id: string;
  title?: string;
  author?: string;
  /** Canonical speaker names and the other names the text uses for them. */
  speakers?: SpeakerAliases[];
  /** Who "I" is, chapter by chapter, for first-person narration ("said I"); found in the text when absent. */
  narrators?: NarratorRange[];
  /** Whether to look for first-person narrators when `narrators` is absent (default true). */
  findNarrators?: boolean;
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
  const chapters: Chapter[] = [];
  const passages: Passage[] = [];
  const built: BuiltPassage[][] = [];

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
    const chapterPassages = buildPassages(options.id, number, raw.title, paragraphs);
    built.push(chapterPassages);
    passages.push(...chapterPassages.map((entry) => entry.passage));
  });

  const attribute = (narrators: NarratorRange[]): Speech[] => attributeSpeeches({ bookId: options.id, chapters, built, style, resolver, narrators });
  const narration: FoundNarrators & { source: 'given' | 'discovered' } = options.narrators
    ? { ranges: options.narrators, narrators: [], source: 'given' }
    : { ...(options.findNarrators === false ? { ranges: [], narrators: [] } : discoverNarrators(chapters, style, attribute)), source: 'discovered' };
  const speeches = attribute(narration.ranges);

  return {
    id: options.id,
    title,
    author,
    chapters,
    passages,
    speeches,
    warnings: found.warnings,
    narrators: narration.ranges,
    narratorNames: narration.narrators,
    narratorSource: narration.source,
  };
}

interface AttributeInput {
  bookId: string;
  chapters: Chapter[];
  built: BuiltPassage[][];
  style: { primary: QuoteStyle; secondary: QuoteStyle };
  resolver: SpeakerResolver;
  narrators: NarratorRange[];
}

function attributeSpeeches(input: AttributeInput): Speech[] {
  const knownSpeakers = new Set<string>();
  return input.chapters.flatMap((chapter, index) =>
    extractSpeeches({
      bookId: input.bookId,
      chapter: chapter.number,
      paragraphs: chapter.paragraphs,
      passages: input.built[index]!,
      style: input.style,
      resolver: input.resolver,
      narrators: input.narrators,
      knownSpeakers,
    }),
  );
}

/** Looks for first-person narrators; a first attribution pass gives every "said I" to a placeholder. */
function discoverNarrators(chapters: Chapter[], style: { primary: QuoteStyle; secondary: QuoteStyle }, attribute: (narrators: NarratorRange[]) => Speech[]): FoundNarrators {
  const units = findNarrationUnits(chapters, style);
  if (chapters.length === 0 || !hasFirstPersonNarration(units)) return { ranges: [], narrators: [] };
  const speeches = attribute([{ fromChapter: 1, toChapter: chapters.length, speaker: FIRST_PERSON_SPEAKER }]);
  const { names } = findNames(chapters);
  return findNarrators({ chapters, units, speeches, names, epithet: findEpithetCharacter(chapters, []), style });
}
