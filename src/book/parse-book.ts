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
import { findNarrationUnits, type NarrationUnit } from './narration-units.ts';
import { FIRST_PERSON_SPEAKER, findNarrators, hasFirstPersonNarration, type FoundNarrators } from './find-narrators.ts';
import { paragraphNarrators } from './narrator-ranges.ts';
import { findNames } from './find-names.ts';
import { findEpithetCharacter } from './epithets.ts';
import { chapterPresence } from './presence.ts';

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
  let speeches: Speech[];
  let units: NarrationUnit[] | undefined;
  let narration: FoundNarrators & { source: 'given' | 'discovered' };
  if (options.narrators) {
    narration = { ranges: options.narrators, narrators: [], source: 'given' };
    speeches = attribute(narration.ranges);
  } else if (options.findNarrators === false || !hasFirstPersonNarration((units ??= findNarrationUnits(chapters, style)))) {
    narration = { ranges: [], narrators: [], source: 'discovered' };
    speeches = attribute([]);
  } else {
    // One attribution pass gives every "said I" to a placeholder; once the narrators are found,
    // each placeholder becomes the narrator of its paragraph (or nobody).
    const firstPass = attribute([{ fromChapter: 1, toChapter: chapters.length, speaker: FIRST_PERSON_SPEAKER }]);
    const { names } = findNames(chapters);
    const found = findNarrators({ chapters, units: units ?? findNarrationUnits(chapters, style), speeches: firstPass, names, epithet: findEpithetCharacter(chapters, []), style });
    narration = { ...found, source: 'discovered' };
    speeches = replacePlaceholder(firstPass, chapters, found.ranges);
  }

  // Who is in each passage (named, speaking, narrating), once speakers and narrators are known.
  const speechesByChapter = new Map<number, Speech[]>();
  for (const speech of speeches) speechesByChapter.set(speech.chapter, [...(speechesByChapter.get(speech.chapter) ?? []), speech]);
  built.forEach((chapterPassages, index) => {
    const chapter = chapters[index]!;
    const presence = chapterPresence({ chapter: chapter.number, paragraphs: chapter.paragraphs, passages: chapterPassages, speeches: speechesByChapter.get(chapter.number) ?? [], narrators: narration.ranges, speakers: options.speakers ?? [] });
    for (const entry of chapterPassages) {
      const present = presence.get(entry.passage.id);
      if (present && present.length > 0) entry.passage.present = present;
    }
  });

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

/** Gives each placeholder "I" the narrator of its chapter and paragraph. */
function replacePlaceholder(speeches: Speech[], chapters: Chapter[], ranges: NarratorRange[]): Speech[] {
  const byChapter = new Map<number, Array<string | null>>();
  const narratorAt = (chapter: number, paragraph: number): string | null => {
    let narrators = byChapter.get(chapter);
    if (!narrators) {
      narrators = paragraphNarrators(ranges, chapter, chapters[chapter - 1]?.paragraphs ?? []);
      byChapter.set(chapter, narrators);
    }
    return narrators[paragraph] ?? null;
  };
  return speeches.map((speech) => (speech.speaker === FIRST_PERSON_SPEAKER ? { ...speech, speaker: narratorAt(speech.chapter, speech.paragraph ?? 0) } : speech));
}
