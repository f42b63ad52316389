/**
 * Cutting a cleaned text into chapters: heading blocks ("CHAPTER I.\nDown the Rabbit-Hole"),
 * volume markers whose chapter numbers restart, a contents list to skip, prefaces, headings
 * hidden in illustration captions, and, when nothing looks like a heading, parts of similar length.
 */
import type { ChapterKind } from './types.ts';
import { readCaptionHeading, readHeading, type Heading } from './heading.ts';
import { countWords } from './build-passages.ts';

/** A chapter before its paragraphs are split into passages. */
export interface RawChapter {
  label: string;
  title: string;
  kind: ChapterKind;
  volume?: number;
  /** The chapter's text blocks (blank-line separated), headings removed. */
  blocks: string[];
}

/** The chapters found and what the author should know about how they were found. */
export interface FoundChapters {
  chapters: RawChapter[];
  warnings: string[];
}

/** Options for `findChapters`. */
export interface FindChaptersOptions {
  /** Words per part when no heading is found. */
  wordsPerPart?: number;
}

type ChapterHeading = Extract<Heading, { type: 'chapter' }>;

interface Marker {
  blockIndex: number;
  heading: Heading;
  /** The title on the line after the heading, in the same block. */
  nextLineTitle: string | null;
}

const CONTENTS_TITLE = /^\s*(table of )?contents\.?\s*$/i;
const CAPTIONS_TITLE = /^\s*(list of )?(illustrations|plates)\.?\s*$/i;


/** A block of several lines most of which are headings is a contents list, not a heading. */
function isContentsBlock(lines: string[]): boolean {
  const nonEmpty = lines.filter((line) => line.trim().length > 0);
  if (nonEmpty.length < 2) return false;
  const headings = nonEmpty.filter((line) => readHeading(line.replace(/\s{2,}/g, ' ')) !== null).length;
  return headings >= 2 && headings / nonEmpty.length >= 0.6;
}

function readMarker(block: string, blockIndex: number): Marker | null {
  const lines = block.split('\n').filter((line) => line.trim().length > 0);
  const first = lines[0];
  if (first === undefined) return null;
  if (first.trim().startsWith('[')) {
    const heading = readCaptionHeading(block);
    return heading ? { blockIndex, heading, nextLineTitle: null } : null;
  }
  // A heading block is short: the heading, maybe its title below, maybe a subtitle.
  if (lines.length > 3 || isContentsBlock(lines)) return null;
  const heading = readHeading(first);
  if (!heading) return null;
  const second = lines[1]?.trim();
  if (heading.type === 'chapter' && heading.isBare && lines.length > 2) return null;
  const nextLineTitle = second && second.length <= 100 ? second.replace(/^_(.*)_$/, '$1') : null;
  return { blockIndex, heading, nextLineTitle };
}

/** Keeps bare numbered headings ("I.", "II. THE RED-HEADED LEAGUE") only when they count up from one. */
function keepCountingBareHeadings(markers: Marker[]): Marker[] {
  const bare = markers.filter((marker) => marker.heading.type === 'chapter' && marker.heading.isBare);
  const keyworded = markers.filter((marker) => !(marker.heading.type === 'chapter' && marker.heading.isBare));
  const hasKeywordChapters = keyworded.some((marker) => marker.heading.type === 'chapter' && marker.heading.kind !== 'preface');
  if (hasKeywordChapters) return keyworded;
  const kept = new Set<Marker>();
  let expected = 1;
  for (const marker of bare) {
    const number = (marker.heading as ChapterHeading).number;
    if (number === expected) {
      kept.add(marker);
      expected += 1;
    } else if (number === 1 && expected > 2) {
      kept.add(marker);
      expected = 2;
    }
  }
  if (kept.size < 2) return keyworded;
  return markers.filter((marker) => kept.has(marker) || keyworded.includes(marker));
}

function splitIntoParts(blocks: string[], wordsPerPart: number): RawChapter[] {
  const totalWords = blocks.reduce((sum, block) => sum + countWords(block), 0);
  const partCount = Math.max(1, Math.round(totalWords / wordsPerPart));
  const target = totalWords / partCount;
  const parts: RawChapter[] = [];
  let current: string[] = [];
  let currentWords = 0;
  for (const block of blocks) {
    current.push(block);
    currentWords += countWords(block);
    if (currentWords >= target && parts.length < partCount - 1) {
      parts.push({ label: `Part ${parts.length + 1}`, title: `Part ${parts.length + 1}`, kind: 'part', blocks: current });
      current = [];
      currentWords = 0;
    }
  }
  if (current.length > 0 || parts.length === 0) {
    parts.push({ label: `Part ${parts.length + 1}`, title: `Part ${parts.length + 1}`, kind: 'part', blocks: current });
  }
  return parts;
}

function isHeadingOnly(block: string): boolean {
  const lines = block.split('\n').filter((line) => line.trim().length > 0);
  return lines.length > 0 && (isContentsBlock(lines) || lines.every((line) => readHeading(line.replace(/\s{2,}/g, ' ')) !== null));
}

/** "CHAPTER IV." and "Chapter 4" name the same chapter: the heading's kind and number. */
function headingKey(block: string): string | null {
  const first = block.split('\n').find((line) => line.trim().length > 0);
  const heading = first === undefined ? null : readHeading(first.replace(/\s{2,}/g, ' '));
  return heading?.type === 'chapter' && heading.number !== null ? `${heading.kind}:${heading.number}` : null;
}

/** A contents entry: a heading, perhaps with its summary on a line or two below, and no prose. */
function isContentsEntry(block: string): boolean {
  const lines = block.split('\n').filter((line) => line.trim().length > 0);
  return headingKey(block) !== null && lines.length <= 4 && countWords(block) <= 60;
}

/** A list of captions: one short line, not a sentence of prose. */
function isCaptionLine(block: string): boolean {
  return !block.includes('\n') && block.trim().length <= 60 && readHeading(block) === null;
}

/**
 * Drops a contents list: a "Contents" title and the entries after it (bare headings, or headings
 * with a chapter summary whose heading is printed again later), and a list of illustrations.
 */
function dropContents(blocks: string[]): string[] {
  const lastIndexOf = new Map<string, number>();
  blocks.forEach((block, index) => {
    const key = headingKey(block);
    if (key !== null) lastIndexOf.set(key, index);
  });
  const kept: string[] = [];
  let mode: 'body' | 'contents' | 'captions' = 'body';
  for (const [index, block] of blocks.entries()) {
    const lines = block.split('\n');
    if (lines.length <= 1 && CONTENTS_TITLE.test(lines[0] ?? '')) {
      mode = 'contents';
      continue;
    }
    if (lines.length <= 1 && CAPTIONS_TITLE.test(lines[0] ?? '')) {
      mode = 'captions';
      continue;
    }
    if (isContentsBlock(lines) && kept.length < 200) continue;
    const next = blocks[index + 1];
    if (mode === 'contents') {
      // Inside a contents list, heading-only blocks are entries while another heading-only block
      // follows; the last one before body text is the real first heading. An entry with a summary
      // ("CHAPTER I. Y-o-u-u Tom—Aunt Polly Decides…") is one because its heading comes again.
      if (isHeadingOnly(block) && next !== undefined && isHeadingOnly(next)) continue;
      const key = headingKey(block);
      const repeats = key !== null && (lastIndexOf.get(key) ?? index) > index;
      if (isContentsEntry(block) && (repeats || (next !== undefined && isContentsEntry(next)))) continue;
    }
    if (mode === 'captions' && isCaptionLine(block)) continue;
    mode = 'body';
    kept.push(block);
  }
  return kept;
}

function chapterFrom(marker: Marker, volume: number | undefined, blocks: string[]): RawChapter {
  const heading = marker.heading as ChapterHeading;
  const title = heading.title ?? marker.nextLineTitle ?? heading.label;
  const chapter: RawChapter = { label: heading.label, title, kind: heading.kind, blocks };
  if (volume !== undefined) chapter.volume = volume;
  return chapter;
}

/** Finds the chapters of a cleaned text (LF line endings, Gutenberg boilerplate removed). */
export function findChapters(text: string, options: FindChaptersOptions = {}): FoundChapters {
  const wordsPerPart = options.wordsPerPart ?? 4000;
  const warnings: string[] = [];
  const blocks = dropContents(
    text
      .split(/\n[ \t]*\n/)
      .map((block) => block.replace(/^\n+|\s+$/g, ''))
      .filter((block) => block.trim().length > 0),
  );

  const candidates = blocks.map(readMarker).filter((marker): marker is Marker => marker !== null);
  const markers = keepCountingBareHeadings(candidates);
  const chapterMarkers = markers.filter((marker) => marker.heading.type === 'chapter');
  if (chapterMarkers.length === 0) {
    warnings.push(`No chapter headings found; the text was cut into parts of about ${wordsPerPart} words.`);
    return { chapters: splitIntoParts(blocks, wordsPerPart), warnings };
  }

  const chapters: RawChapter[] = [];
  const front = blocks.slice(0, markers[0]!.blockIndex);
  const frontWords = front.reduce((sum, block) => sum + countWords(block), 0);
  if (frontWords >= 300) {
    chapters.push({ label: 'Opening', title: 'Opening', kind: 'section', blocks: front });
    warnings.push(`Kept ${frontWords} words before the first heading as an "Opening" section.`);
  }

  let volume: number | undefined;
  let volumeCount = 0;
  let lastNumber = 0;
  let lastKind: ChapterKind | null = null;
  for (let index = 0; index < markers.length; index += 1) {
    const marker = markers[index]!;
    const end = markers[index + 1]?.blockIndex ?? blocks.length;
    if (marker.heading.type === 'volume') {
      volumeCount += 1;
      volume = marker.heading.number ?? volumeCount;
      lastNumber = 0;
      continue;
    }
    const heading = marker.heading;
    // Numbers restarting without a volume marker still mean a new volume.
    if (heading.number !== null && heading.kind === lastKind && heading.number <= lastNumber && heading.number === 1) {
      volume = (volume ?? 1) + 1;
      if (chapters.length > 0 && chapters.every((chapter) => chapter.volume === undefined)) {
        for (const chapter of chapters) chapter.volume = 1;
      }
    }
    if (heading.number !== null) {
      lastNumber = heading.number;
      lastKind = heading.kind;
    }
    const headingBlock = blocks[marker.blockIndex]!;
    const isCaption = headingBlock.trim().startsWith('[');
    const headingLines = heading.title === null && marker.nextLineTitle !== null ? 2 : 1;
    const extra = isCaption ? [] : headingBlock.split('\n').filter((line) => line.trim()).slice(headingLines);
    const body = blocks.slice(marker.blockIndex + 1, end);
    if (extra.length > 0) body.unshift(extra.join('\n'));
    chapters.push(chapterFrom(marker, volume, body));
  }
  return { chapters: dropEmptyRepeats(chapters), warnings };
}

/** A heading with no text that is printed again later was a contents entry: drop it. */
function dropEmptyRepeats(chapters: RawChapter[]): RawChapter[] {
  // "CHAPTER IV." in a contents list and "CHAPTER IV" over the text are one heading.
  const key = (chapter: RawChapter): string => `${chapter.kind}:${chapter.label.replace(/\.$/, '').toLowerCase()}`;
  return chapters.filter((chapter, index) => {
    const words = chapter.blocks.reduce((sum, block) => sum + countWords(block), 0);
    if (words > 0) return true;
    return !chapters.slice(index + 1).some((later) => key(later) === key(chapter));
  });
}
