/** A book parsed from text: chapters, passages and quoted speech, each with a stable id. */
export interface Book {
  id: string;
  title: string;
  author: string;
  chapters: Chapter[];
  passages: Passage[];
  speeches: Speech[];
  /** What the parser noticed and the author should know (no headings found, and so on). */
  warnings: string[];
  /** Who narrates in the first person, chapter by chapter: the ranges given, or those found in the text. */
  narrators?: NarratorRange[];
  /** Each narrator's other names in the text ("Victor", "Frankenstein" for Victor Frankenstein). */
  narratorNames?: SpeakerAliases[];
  /** Whether `narrators` were given (book.json) or found in the text. */
  narratorSource?: 'given' | 'discovered';
}

/** A stretch of chapters told in the first person by one character (book.json's `narrators`). */
export interface NarratorRange {
  fromChapter: number;
  toChapter: number;
  speaker: string;
  /** The narrator takes over at the first paragraph of `fromChapter` starting with this text. */
  startsAt?: string;
}

/** The kind of heading a chapter was found under. */
export type ChapterKind = 'chapter' | 'letter' | 'part' | 'preface' | 'section';

/** One chapter (or letter, or part) in reading order; `number` is its 1-based position in the book. */
export interface Chapter {
  number: number;
  /** The heading as printed, e.g. "CHAPTER I." or "Letter 1". */
  label: string;
  /** The chapter's title, e.g. "Down the Rabbit-Hole"; the label when it has none. */
  title: string;
  kind: ChapterKind;
  /** The volume it belongs to, for books whose chapter numbers restart per volume. */
  volume?: number;
  paragraphs: string[];
  words: number;
}

/** A run of whole paragraphs of about 120 to 250 words; id is `<book>:<chapter>:<index>`. */
export interface Passage {
  id: string;
  bookId: string;
  chapter: number;
  chapterTitle: string;
  index: number;
  text: string;
  words: number;
  /** The known characters in it: named, speaking or narrating (see presence.ts). */
  present?: Array<{ name: string; kinds: Array<'named' | 'speaking' | 'narrating'> }>;
}

/** A quotation in the text and who speaks it, when the text names them. */
export interface Speech {
  id: string;
  bookId: string;
  chapter: number;
  passageId: string;
  /** The paragraph of the chapter (0-based) the quotation is in. */
  paragraph?: number;
  text: string;
  /** The canonical speaker name (resolved through aliases) or null when unattributed. */
  speaker: string | null;
}

/** A name the parser should resolve to a canonical speaker ("the Hatter" -> "Mad Hatter"). */
export interface SpeakerAliases {
  name: string;
  aliases: string[];
}
