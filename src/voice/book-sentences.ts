/**
 * A book read sentence by sentence for the voice: each sentence knows its passage, chapter and
 * narrator, and each quotation in it knows its speaker (from the book's attributed speeches) and
 * whether the sentence itself names that speaker. Long quoted narration ("a story within the
 * story", as the Creature tells in Frankenstein) is read as its narrator's own narration.
 */
import { mentionAfter, mentionBefore, type SpeakerMention } from '../book/attribute-speech.ts';
import type { NarratorRange } from '../book/extract-speeches.ts';
import { findQuotes, type QuoteSpan } from '../book/find-quotes.ts';
import type { Book, Passage, Speech } from '../book/types.ts';
import { contentTerms, countWords, sentenceRanges } from './text.ts';

/** A quotation inside a sentence. */
export interface SentenceQuote {
  text: string;
  /** The book's speaker, or null when the book does not say. */
  speaker: string | null;
  /** Whether the sentence names the speaker ("said the Cat", "Alice said,"), so it reads as attributed. */
  isTagged: boolean;
  /** Who the sentence's own tag says speaks ("he added"), to check the book's speaker against. */
  tag?: SpeakerMention;
}

/** One sentence of the book. */
export interface BookSentence {
  index: number;
  passageId: string;
  chapter: number;
  /** Paragraph number within the book, to keep neighbours together. */
  paragraph: number;
  text: string;
  terms: string[];
  words: number;
  /** Who says "I" in the narration (book.json `narrators`), null for a third-person narrator. */
  narrator: string | null;
  quotes: SentenceQuote[];
  /** Set when the whole sentence is one piece of a longer quotation: who speaks it. */
  pieceOf?: { speaker: string | null };
}

/** A quotation longer than this many words is cut into its sentences. */
const LONG_QUOTE_WORDS = 45;

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '').replace(/\s+/g, ' ').trim();
}

/** Who narrates a paragraph (the last matching range wins, `startsAt` marks where one begins). */
function narratorAt(ranges: NarratorRange[], chapter: number, hasStarted: (marker: string) => boolean): string | null {
  let narrator: string | null = null;
  for (const range of ranges) {
    if (chapter < range.fromChapter || chapter > range.toChapter) continue;
    if (range.startsAt !== undefined && chapter === range.fromChapter && !hasStarted(range.startsAt)) continue;
    narrator = range.speaker;
  }
  return narrator;
}

function speakerFor(quote: string, speeches: Speech[]): string | null {
  const key = normalise(quote);
  if (key.length === 0) return null;
  const found = speeches.find((speech) => {
    const speechKey = normalise(speech.text);
    return speechKey === key || (speechKey.length > 12 && (key.startsWith(speechKey.slice(0, 40)) || speechKey.startsWith(key.slice(0, 40))));
  });
  return found?.speaker ?? null;
}

function tagIn(flat: string, span: QuoteSpan, from: number, to: number): SpeakerMention | null {
  const head = flat.slice(from, span.start);
  const tail = flat.slice(span.end, to);
  return mentionAfter(tail) ?? (head.trim().length > 0 ? mentionBefore(head) : null);
}

interface ParagraphContext {
  passage: Passage;
  paragraph: number;
  narrator: string | null;
  speeches: Speech[];
  /** Whether the chapter is told in quotation marks (a tale told to someone): its quoted paragraphs are its narrator's. */
  isToldInQuotes: boolean;
}

/** A paragraph wholly inside a quotation that runs on to the next paragraph. */
function opensRunOnQuote(paragraph: string): boolean {
  const flat = paragraph.replace(/\s+/g, ' ').trim();
  const first = findQuotes(flat, 'double')[0];
  return first !== undefined && first.start === 0 && first.isOpenAtEnd;
}

/**
 * The quotation the stretch `from`..`to` of `flat` opens in (its first non-space character at or
 * after the quotation's start): whose it is, whether the stretch stays inside it, and whether it
 * opens on the quotation's own mark. None when it opens outside every quotation.
 */
function speechAround(quoted: ReadonlyArray<{ span: QuoteSpan; speaker: string | null }>, flat: string, from: number, to: number): { speaker: string | null; isWhole: boolean; isAtMark: boolean } | undefined {
  const stretch = flat.slice(from, to);
  const start = from + (stretch.length - stretch.trimStart().length);
  const found = quoted.find(({ span }) => start >= span.start && start < span.end);
  return found && { speaker: found.speaker, isWhole: to <= found.span.end + 1, isAtMark: start === found.span.start };
}

function paragraphSentences(raw: string, context: ParagraphContext, push: (sentence: Omit<BookSentence, 'index'>) => void): void {
  let flat = raw.replace(/\s+/g, ' ').trim();
  let doubles = findQuotes(flat, 'double');
  const first = doubles[0];
  // A paragraph wholly inside a quotation that runs on (or that the book gives to no one) in a
  // narrated chapter is the narrator's own tale; its speech uses the other quote marks.
  const isFramed = context.narrator !== null && first !== undefined && first.start === 0 && (first.isOpenAtEnd || (doubles.length === 1 && first.end >= flat.length - 1 && speakerFor(first.text, context.speeches) === null));
  if (isFramed && !context.isToldInQuotes) {
    // A letter or a tale quoted inside someone else's chapter: its words are not the narrator's,
    // and the book does not say whose they are.
    const bare = flat.replace(/^“/, '').replace(/”$/, '');
    for (const [from, to] of sentenceRanges(bare, { respectQuotes: false })) {
      const text = bare.slice(from, to).trim();
      push({ passageId: context.passage.id, chapter: context.passage.chapter, paragraph: context.paragraph, narrator: context.narrator, text, terms: contentTerms(text), words: countWords(text), quotes: [], pieceOf: { speaker: null } });
    }
    return;
  }
  if (isFramed) flat = flat.replace(/^“/, '').replace(/”$/, '');
  const spans = isFramed ? findQuotes(flat, 'single') : (doubles = findQuotes(flat, 'double'));
  const quoted = spans.map((span) => ({ span, speaker: speakerFor(span.text, context.speeches) }));
  const base = { passageId: context.passage.id, chapter: context.passage.chapter, paragraph: context.paragraph, narrator: context.narrator };
  for (const [from, to] of sentenceRanges(flat)) {
    const text = flat.slice(from, to).trim();
    // A sentence that opens inside a speech (a tale told in double marks, its speeches in single
    // ones, is cut at each speech's full stops): the speaker's while it stays inside, no one's
    // to say once it leaves the speech, never the narrator's.
    const around = speechAround(quoted, flat, from, to);
    if (around && !around.isAtMark) {
      const bare = around.isWhole ? text.replace(/[”’]$/, '') : text;
      push({ ...base, text: bare, terms: contentTerms(bare), words: countWords(bare), quotes: [], pieceOf: { speaker: around.isWhole ? around.speaker : null } });
      continue;
    }
    const inside = quoted.filter(({ span }) => span.start < to && span.end > from);
    const long = inside.find(({ span }) => countWords(span.text) > LONG_QUOTE_WORDS);
    if (long && countWords(text) > LONG_QUOTE_WORDS) {
      // A long speech: each of its sentences stands alone, still its speaker's.
      for (const [pieceFrom, pieceTo] of sentenceRanges(flat.slice(from, to), { respectQuotes: false })) {
        const piece = flat.slice(from + pieceFrom, from + pieceTo).trim();
        const around = speechAround(quoted, flat, from + pieceFrom, from + pieceTo);
        const isInside = around?.isWhole === true;
        const bare = isInside ? piece.replace(/^“/, '').replace(/”$/, '') : piece;
        // A piece that opens inside a speech and then leaves it ("brother”—tears came into his
        // eyes as he spoke—“but is it not…") is neither all narration nor all speech: whose words
        // are whose cannot be said, so it is no one's to say.
        const pieceOf = isInside ? { pieceOf: { speaker: around.speaker } } : around && !around.isAtMark ? { pieceOf: { speaker: null } } : {};
        push({ ...base, text: bare, terms: contentTerms(bare), words: countWords(bare), quotes: [], ...pieceOf });
      }
      continue;
    }
    const quotes = inside.map(({ span, speaker }) => {
      const tag = tagIn(flat, span, from, to);
      return { text: span.text, speaker, isTagged: tag !== null, ...(tag ? { tag } : {}) };
    });
    push({ ...base, text, terms: contentTerms(text), words: countWords(text), quotes });
  }
}

/** Reads a book into sentences, in order. */
export function readBookSentences(book: Book, narrators: NarratorRange[] = []): BookSentence[] {
  const sentences: BookSentence[] = [];
  const speechesByPassage = new Map<string, Speech[]>();
  for (const speech of book.speeches) speechesByPassage.set(speech.passageId, [...(speechesByPassage.get(speech.passageId) ?? []), speech]);
  let paragraph = 0;
  const started = new Set<string>();
  // A chapter most of whose paragraphs run on in quotation marks is a tale told aloud by its narrator.
  const quotedShare = new Map<number, number>();
  for (const chapter of book.chapters) {
    const paragraphs = chapter.paragraphs.filter((text) => text.trim().length > 0);
    quotedShare.set(chapter.number, paragraphs.filter(opensRunOnQuote).length / Math.max(1, paragraphs.length));
  }
  for (const passage of book.passages) {
    for (const raw of passage.text.split(/\n\s*\n/)) {
      if (raw.trim().length === 0) continue;
      paragraph += 1;
      for (const range of narrators) if (range.startsAt && raw.trim().startsWith(range.startsAt)) started.add(`${passage.chapter}:${range.startsAt}`);
      const narrator = narratorAt(narrators, passage.chapter, (marker) => started.has(`${passage.chapter}:${marker}`));
      const isToldInQuotes = (quotedShare.get(passage.chapter) ?? 0) >= 0.75;
      paragraphSentences(raw, { passage, paragraph, narrator, speeches: speechesByPassage.get(passage.id) ?? [], isToldInQuotes }, (sentence) => {
        sentences.push({ ...sentence, index: sentences.length });
      });
    }
  }
  return sentences;
}
