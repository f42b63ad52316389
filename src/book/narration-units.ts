/**
 * Cutting a book into the stretches one voice tells: a chapter, or the sections inside it that a
 * heading opens ("Mina Murray's Journal", "Letter, Lucy to Mina"), each measured for first-person
 * narration (I, me, my outside quotations, per hundred words) and for long quoted narration (a
 * story told within the story, as the Creature's in Frankenstein).
 */
import type { Chapter } from './types.ts';
import { findQuotes, type QuoteStyle } from './find-quotes.ts';
import { findFramedParagraphs } from './extract-speeches.ts';
import { countWords } from './build-passages.ts';
import { readSectionHeading, readSignature, type SectionHeading } from './section-headings.ts';

/** A run of paragraphs inside one quotation that runs on from paragraph to paragraph. */
export interface FramedRun {
  start: number;
  /** Exclusive. */
  end: number;
}

/** One stretch of a chapter told by one voice, as far as headings tell. */
export interface NarrationUnit {
  chapter: number;
  /** First paragraph (0-based, the heading's own when there is one). */
  start: number;
  /** Exclusive. */
  end: number;
  heading: SectionHeading | null;
  /** The chapter is a letter ("Letter 3"), or a heading says the section is one. */
  isLetter: boolean;
  /** A preface or introduction: the author's own voice, never a character's. */
  isPreface: boolean;
  /** The name signed at the end of a letter, as printed ("R. Walton"). */
  signature: string | null;
  /** Words of narration outside quotations and outside framed runs. */
  words: number;
  firstPerson: number;
  /** Words of narration inside framed runs (their own quotations left out). */
  framedWords: number;
  framedFirstPerson: number;
  framedRuns: FramedRun[];
}

/** First-person words per hundred words of narration from which a stretch is told by "I". */
export const FIRST_PERSON_RATE = 1.5;
/** Narration shorter than this is too short to measure. */
export const MIN_MEASURED_WORDS = 60;

const FIRST_PERSON = /\b(?:I|me|my|myself|mine)\b/g;

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** A paragraph's narration: its text with the quotations of one style taken out. */
export function narrationOf(paragraph: string, style: QuoteStyle): string {
  let narration = '';
  let cursor = 0;
  for (const quote of findQuotes(paragraph, style)) {
    narration += `${paragraph.slice(cursor, quote.start)} `;
    cursor = quote.end;
  }
  return narration + paragraph.slice(cursor);
}

/** Whether a unit's own narration (outside frames) is told in the first person. */
export function isFirstPersonUnit(unit: NarrationUnit): boolean {
  return !unit.isPreface && unit.words >= MIN_MEASURED_WORDS && (unit.firstPerson * 100) / unit.words >= FIRST_PERSON_RATE;
}

/** Whether a unit is mostly one long quoted narration told in the first person. */
export function isFramedUnit(unit: NarrationUnit): boolean {
  return isQuotedUnit(unit) && (unit.framedFirstPerson * 100) / unit.framedWords >= FIRST_PERSON_RATE;
}

/** Whether a unit is mostly long quoted narration, in whatever person it is told. */
export function isQuotedUnit(unit: NarrationUnit): boolean {
  return !unit.isPreface && unit.framedWords >= MIN_MEASURED_WORDS && unit.framedWords >= 2 * unit.words;
}

function framedRunsOf(framed: boolean[]): FramedRun[] {
  const runs: FramedRun[] = [];
  framed.forEach((isFramed, index) => {
    if (!isFramed) return;
    const last = runs.at(-1);
    if (last && last.end === index) last.end = index + 1;
    else runs.push({ start: index, end: index + 1 });
  });
  return runs;
}

/** Cuts every chapter into narration units at section headings and measures them. */
export function findNarrationUnits(chapters: readonly Chapter[], style: { primary: QuoteStyle; secondary: QuoteStyle }): NarrationUnit[] {
  const units: NarrationUnit[] = [];
  for (const chapter of chapters) {
    const { paragraphs } = chapter;
    const primary = paragraphs.map((paragraph) => findQuotes(paragraph, style.primary));
    const framed = findFramedParagraphs(primary, paragraphs);
    const runs = framedRunsOf(framed);
    const titleHeading = chapter.title !== chapter.label ? readSectionHeading(chapter.title) : null;
    const starts: Array<{ at: number; heading: SectionHeading | null }> = [{ at: 0, heading: titleHeading }];
    paragraphs.forEach((paragraph, index) => {
      if (paragraph.length > 120) return;
      const heading = readSectionHeading(paragraph);
      if (heading === null) return;
      if (index === 0) starts[0] = { at: 0, heading };
      else starts.push({ at: index, heading });
    });
    starts.forEach(({ at, heading }, position) => {
      const end = starts[position + 1]?.at ?? paragraphs.length;
      const isLetter = chapter.kind === 'letter' || heading?.kind === 'letter';
      const unit: NarrationUnit = {
        chapter: chapter.number,
        start: at,
        end,
        heading,
        isLetter,
        isPreface: chapter.kind === 'preface',
        signature: readSignature(paragraphs.slice(at, end), isLetter),
        words: 0,
        firstPerson: 0,
        framedWords: 0,
        framedFirstPerson: 0,
        framedRuns: runs.filter((run) => run.start >= at && run.start < end).map((run) => ({ start: run.start, end: Math.min(run.end, end) })),
      };
      for (let index = at; index < end; index += 1) {
        if (heading !== null && index === at && at > 0) continue;
        const narration = framed[index] ? narrationOf(paragraphs[index]!, style.secondary) : narrationOf(paragraphs[index]!, style.primary);
        const words = countWords(narration);
        const firstPerson = countMatches(narration, FIRST_PERSON);
        if (framed[index]) {
          unit.framedWords += words;
          unit.framedFirstPerson += firstPerson;
        } else {
          unit.words += words;
          unit.firstPerson += firstPerson;
        }
      }
      units.push(unit);
    });
  }
  return units;
}
