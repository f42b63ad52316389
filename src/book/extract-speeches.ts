/**
 * Quoted speech in one chapter: quotations found in each paragraph, each given a speaker from its
 * speech tag, the narrator for first person, the last named character for a pronoun, the speaker
 * of the quote it continues (split by a tag, or running on into the next paragraph). Long quoted
 * narration (a character telling a story over many paragraphs, as the Creature does in
 * Frankenstein) is read as narration whose own quotations use the other quote marks.
 */
import type { Speech } from './types.ts';
import type { BuiltPassage } from './build-passages.ts';
import { findQuotes, type QuoteSpan, type QuoteStyle } from './find-quotes.ts';
import { paragraphNarrators, type NarratorRange } from './narrator-ranges.ts';
import {
  mentionAfter,
  mentionBefore,
  namesIn,
  type SpeakerMention,
  type SpeakerResolver,
} from './attribute-speech.ts';
import { vocativesIn } from './vocatives.ts';

export type { NarratorRange } from './narrator-ranges.ts';

/** What `extractSpeeches` needs to know about one chapter. */
export interface ChapterSpeechInput {
  bookId: string;
  chapter: number;
  paragraphs: string[];
  passages: BuiltPassage[];
  style: { primary: QuoteStyle; secondary: QuoteStyle };
  resolver: SpeakerResolver;
  narrators: NarratorRange[];
  /** Speakers seen so far in the book; updated as speeches are attributed. */
  knownSpeakers: Set<string>;
}

/** Quoted narration this many paragraphs long is read as a story within the story. */
const FRAME_MIN_PARAGRAPHS = 3;
/** How many paragraphs back a pronoun may reach for the name it stands for. */
const PRONOUN_REACH_PARAGRAPHS = 2;
/** How many paragraphs back a narrator's "he said" may reach for the one other speaker of the exchange. */
const EXCHANGE_REACH_PARAGRAPHS = 5;
/** A paragraph ending on a speech verb and a comma introduces the quotation that opens the next. */
const INTRODUCING_VERB = /\b(?:said|replied|answered|cried|exclaimed|continued|began|added|asked|rejoined|returned|spoke)\s*,\s*$/;
/** A quote at most this many words after an attributed one, with no tag of its own, continues it. */
const CONTINUATION_GAP_WORDS = 12;

function passageIdFor(passages: BuiltPassage[], paragraph: number, offset: number): string {
  let found: string | null = null;
  for (const built of passages) {
    for (const piece of built.pieces) {
      if (piece.paragraph === paragraph && piece.start <= offset) found = built.passage.id;
    }
    if (found !== null && built.pieces.some((piece) => piece.paragraph > paragraph)) break;
  }
  return found ?? passages[0]?.passage.id ?? '';
}

/** Marks the paragraphs that belong to a long run of quoted narration. */
export function findFramedParagraphs(quotes: QuoteSpan[][], paragraphs: string[]): boolean[] {
  const framed = paragraphs.map(() => false);
  let runStart = 0;
  for (let index = 0; index <= paragraphs.length; index += 1) {
    const previous = quotes[index - 1];
    const current = quotes[index];
    const continues =
      index > 0 && index < paragraphs.length && (previous?.at(-1)?.isOpenAtEnd ?? false) && current?.[0]?.start === 0;
    if (continues) continue;
    if (index - runStart >= FRAME_MIN_PARAGRAPHS) framed.fill(true, runStart, index);
    runStart = index;
  }
  return framed;
}

/** Finds and attributes the quoted speech of one chapter. */
export function extractSpeeches(input: ChapterSpeechInput): Speech[] {
  const { resolver, knownSpeakers } = input;
  const primaryQuotes = input.paragraphs.map((text) => findQuotes(text, input.style.primary));
  const framed = findFramedParagraphs(primaryQuotes, input.paragraphs);
  const narrators = paragraphNarrators(input.narrators, input.chapter, input.paragraphs);
  const narratorFor = (paragraph: number): string | null => narrators[paragraph] ?? null;
  const speeches: Speech[] = [];
  // Names mentioned or speaking, most recent last, for pronouns to refer back to.
  const recentNames: Array<{ name: string; at: number }> = [];
  let currentParagraph = 0;
  const noteRecent = (name: string, at: number): void => {
    const existing = recentNames.findIndex((entry) => entry.name === name);
    if (existing >= 0) recentNames.splice(existing, 1);
    recentNames.push({ name, at });
  };
  // "he said" in first-person narration never means the narrator, who would say "I said".
  // In a narrator's exchange with one other speaker ("I sprang on him. He easily eluded me and
  // said,"), "he" is that speaker a little further back than a name would reach.
  let lastOtherSpeaker: { name: string; at: number } | null = null;
  const resolvePronoun = (paragraph: number): string | null => {
    const narrator = narratorFor(paragraph);
    for (let index = recentNames.length - 1; index >= 0; index -= 1) {
      const entry = recentNames[index]!;
      if (paragraph - entry.at > PRONOUN_REACH_PARAGRAPHS) break;
      if (entry.name !== narrator) return entry.name;
    }
    const isExchange = narrator !== null && lastOtherSpeaker !== null && lastOtherSpeaker.name !== narrator && paragraph - lastOtherSpeaker.at <= EXCHANGE_REACH_PARAGRAPHS;
    const inBetween = isExchange && recentNames.some((entry) => entry.at > lastOtherSpeaker!.at && entry.name !== narrator && entry.name !== lastOtherSpeaker!.name);
    return isExchange && !inBetween ? lastOtherSpeaker!.name : null;
  };
  let previousQuoteWasOpen = false;
  let previousSpeaker: string | null = null;
  // Per paragraph: who speaks in it, and whether it opens with a quotation (a turn of dialogue).
  const paragraphSpeakers: Array<string | null> = [];
  const paragraphAddressees: Array<string | null> = [];
  const isTurn: boolean[] = [];
  /**
   * An untagged quotation opening a paragraph: introduced by the paragraph before ("Potter
   * dropped his knife, and exclaimed:"), or the next turn of a two-person exchange (the speaker
   * of the turn before last, unless it addresses them by name).
   */
  const speakerOfUntaggedTurn = (paragraphIndex: number, text: string): string | null => {
    const previous = input.paragraphs[paragraphIndex - 1];
    if (previous !== undefined && !framed[paragraphIndex - 1]) {
      const intro = previous.slice(primaryQuotes[paragraphIndex - 1]?.at(-1)?.end ?? 0);
      // "He easily eluded me and said," leads into the next paragraph's quotation as a colon does.
      if (/:\s*$/.test(intro) || INTRODUCING_VERB.test(intro)) {
        const introduced = resolveMention(mentionBefore(intro), paragraphIndex);
        if (introduced !== null) return introduced;
      }
    }
    const [last, beforeLast] = [paragraphSpeakers[paragraphIndex - 1], paragraphSpeakers[paragraphIndex - 2]];
    // "Tom, auntie has been waiting for you": the one addressed in the turn before answers.
    const answered = isTurn[paragraphIndex - 1] ? paragraphAddressees[paragraphIndex - 1] : undefined;
    if (answered && last && answered !== last) return answered;
    if (!isTurn[paragraphIndex - 1] || !isTurn[paragraphIndex - 2] || !last || !beforeLast || last === beforeLast) return null;
    const addressed = vocativesIn(text).map((name) => name.toLowerCase());
    return addressed.includes(beforeLast.toLowerCase()) ? null : beforeLast;
  };

  const resolveMention = (mention: SpeakerMention | null, paragraph: number): string | null => {
    if (mention === null) return null;
    if (mention.type === 'first-person') return narratorFor(paragraph);
    // A pronoun refers to someone named in this or the last couple of paragraphs, not further back.
    if (mention.type === 'pronoun') return resolvePronoun(paragraph);
    return resolver.resolve(mention.name);
  };
  const noteNames = (text: string): void => {
    for (const name of namesIn(text)) {
      const resolved = resolver.resolve(name);
      if (resolver.isKnown(name) || knownSpeakers.has(resolved)) noteRecent(resolved, currentParagraph);
    }
  };

  input.paragraphs.forEach((paragraph, paragraphIndex) => {
    currentParagraph = paragraphIndex;
    const quotes = framed[paragraphIndex] ? findQuotes(paragraph, input.style.secondary) : primaryQuotes[paragraphIndex]!;
    let cursor = 0;
    let lastSpeaker: string | null = null;
    let lastEnd = -1;
    quotes.forEach((quote, quoteIndex) => {
      const head = paragraph.slice(cursor, quote.start);
      const nextStart = quotes[quoteIndex + 1]?.start ?? paragraph.length;
      const tail = paragraph.slice(quote.end, nextStart);
      const before = mentionBefore(head);
      noteNames(head);
      let speaker = resolveMention(mentionAfter(tail), paragraphIndex) ?? resolveMention(before, paragraphIndex);
      const gapWords = head.trim().split(/\s+/).filter(Boolean).length;
      // A gap that is only an aside in brackets does not change the speaker either.
      const isAside = /^\s*\([^()]*\)\s*$/.test(head);
      if (speaker === null && lastEnd >= 0 && (gapWords <= CONTINUATION_GAP_WORDS || isAside)) speaker = lastSpeaker;
      if (speaker === null && quoteIndex === 0 && quote.start === 0 && previousQuoteWasOpen) speaker = previousSpeaker;
      if (speaker === null && quoteIndex === 0 && quote.start === 0 && !previousQuoteWasOpen && !framed[paragraphIndex]) {
        speaker = speakerOfUntaggedTurn(paragraphIndex, quote.text);
      }
      if (speaker !== null) {
        knownSpeakers.add(speaker);
        noteRecent(speaker, paragraphIndex);
        if (speaker !== narratorFor(paragraphIndex)) lastOtherSpeaker = { name: speaker, at: paragraphIndex };
      }
      speeches.push({
        id: `${input.bookId}:${input.chapter}:q${speeches.length}`,
        bookId: input.bookId,
        chapter: input.chapter,
        passageId: passageIdFor(input.passages, paragraphIndex, quote.start),
        paragraph: paragraphIndex,
        text: quote.text,
        speaker,
      });
      lastSpeaker = speaker;
      lastEnd = quote.end;
      cursor = quote.end;
    });
    noteNames(paragraph.slice(cursor));
    isTurn[paragraphIndex] = !framed[paragraphIndex] && quotes[0]?.start === 0;
    const own = speeches.filter((speech) => speech.paragraph === paragraphIndex);
    paragraphSpeakers[paragraphIndex] = own.find((speech) => speech.speaker !== null)?.speaker ?? null;
    // Only a name already known to speak counts: "Sh!" and "Say," open quotations too.
    const addressed = own.length > 0 ? vocativesIn(own[0]!.text)[0] : undefined;
    const addressee = addressed === undefined ? null : resolver.resolve(addressed);
    paragraphAddressees[paragraphIndex] = addressee !== null && (knownSpeakers.has(addressee) || resolver.isKnown(addressed!)) ? addressee : null;
    const last = quotes.at(-1);
    previousQuoteWasOpen = !framed[paragraphIndex] && (last?.isOpenAtEnd ?? false);
    previousSpeaker = lastSpeaker;
  });
  return speeches;
}
