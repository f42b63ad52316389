/**
 * Finding who narrates in the first person, and where, from the text alone:
 * - a heading names the writer of what follows ("Mina Murray's Journal", "Letter, Lucy Westenra
 *   to Mina Murray", "Narrative Continued by the Doctor", "Walton, in continuation");
 * - a letter is signed ("Your affectionate brother, / R. Walton"); an unsigned letter that
 *   follows signed ones is by the same writer;
 * - a stretch told by "I" under no heading is named by how others address "I" (see
 *   `scoreNarratorNames`), pooled over the chapters it runs through;
 * - a long quoted narration inside it (a story within the story) is told by whoever spoke last
 *   before it, or by the book's nameless epithet character when the narration just before calls
 *   it so ("the fiend … began his tale").
 * The result is the `narrators` of book.json (chapter ranges, `startsAt` where a voice takes over
 * inside a chapter) and, for each narrator, the names the evidence used.
 */
import type { Chapter, SpeakerAliases, Speech } from './types.ts';
import type { NameCount } from './find-names.ts';
import type { QuoteStyle } from './find-quotes.ts';
import type { NarratorRange } from './narrator-ranges.ts';
import { countEpithets, type EpithetCharacter } from './epithets.ts';
import { isFirstPersonUnit, isFramedUnit, isQuotedUnit, MIN_MEASURED_WORDS, type NarrationUnit } from './narration-units.ts';
import { readSignature } from './section-headings.ts';
import { NAME_TITLES } from './common-words.ts';
import { expandName, FIRST_PERSON_SPEAKER, isSameNarrator } from './narrator-names.ts';
import { nameRuns } from './narrator-runs.ts';

export { FIRST_PERSON_SPEAKER } from './narrator-names.ts';

/** What `findNarrators` reads. */
export interface FindNarratorsInput {
  chapters: readonly Chapter[];
  units: readonly NarrationUnit[];
  /** Speeches attributed with every "said I" given to `FIRST_PERSON_SPEAKER`. */
  speeches: readonly Speech[];
  names: ReadonlyMap<string, NameCount>;
  epithet: EpithetCharacter | null;
  style: { primary: QuoteStyle; secondary: QuoteStyle };
}

/** The narrators found: book.json ranges and each narrator's other names. */
export interface FoundNarrators {
  ranges: NarratorRange[];
  narrators: SpeakerAliases[];
}

/** Who tells one unit: a named writer, a run of unnamed first-person units, a quoted story, nobody. */
export type Voice = { type: 'named'; raw: string } | { type: 'run'; run: number } | { type: 'frame'; raw: string | null } | { type: 'none' };

/** A quoted narration this many paragraphs long inside a first-person stretch has a voice of its own. */
const NESTED_MIN_PARAGRAPHS = 8;
/** How far back the voice of a quoted narration is looked for. */
const FRAME_LOOKBACK_SPEECHES = 10;
const FRAME_LOOKBACK_PARAGRAPHS = 6;

/** Whether anything in the book is told in the first person (else no narrator pass is needed). */
export function hasFirstPersonNarration(units: readonly NarrationUnit[]): boolean {
  return units.some((unit) => (unit.heading?.writer && !unit.isPreface) || isFirstPersonUnit(unit) || isFramedUnit(unit));
}

function assignVoices(units: readonly NarrationUnit[]): { voices: Voice[]; runCount: number } {
  const voices: Voice[] = [];
  let lastLetterWriter: string | null = null;
  let runCount = 0;
  let lastOuter: Voice = { type: 'none' };
  for (const unit of units) {
    const isFirst = isFirstPersonUnit(unit);
    const isFramed = isFramedUnit(unit);
    const isTiny = unit.words + unit.framedWords < MIN_MEASURED_WORDS;
    const writer = unit.isPreface ? null : (unit.heading?.writer ?? (isFirst || isFramed ? unit.signature : null));
    let voice: Voice;
    if (writer && (isFirst || isFramed || isTiny || unit.words < 300)) voice = { type: 'named', raw: writer };
    else if (unit.isLetter && lastLetterWriter !== null && (isFirst || isFramed || isTiny)) voice = { type: 'named', raw: lastLetterWriter };
    else if (isFramed && unit.heading === null && lastOuter.type !== 'none') voice = { type: 'frame', raw: null };
    // A quoted story goes on in the third person for a while (the cottagers' history in Frankenstein).
    else if (isQuotedUnit(unit) && unit.heading === null && voices.at(-1)?.type === 'frame') voice = voices.at(-1)!;
    else if (isFirst) voice = lastOuter.type === 'run' ? lastOuter : { type: 'run', run: runCount++ };
    else if (isTiny && voices.length > 0) voice = voices.at(-1)!;
    else voice = { type: 'none' };
    if (unit.isLetter && voice.type === 'named') lastLetterWriter = voice.raw;
    if (voice.type !== 'frame') lastOuter = voice;
    voices.push(voice);
  }
  return { voices, runCount };
}

export function speechesByChapter(speeches: readonly Speech[]): Map<number, Speech[]> {
  const byChapter = new Map<number, Speech[]>();
  for (const speech of speeches) {
    const list = byChapter.get(speech.chapter) ?? [];
    list.push(speech);
    byChapter.set(speech.chapter, list);
  }
  return byChapter;
}

const SALUTATION = /^[“"‘']*(?:my\s+)?(?:dear|dearest|beloved|honoured|respected)\b/i;

/**
 * Who tells a quoted narration from `paragraph` to `end`: the writer who signs it when it is a
 * letter, else the last named speaker before it, else the epithet character.
 */
function frameSpeaker(input: FindNarratorsInput, byChapter: Map<number, Speech[]>, chapter: number, paragraph: number, end: number): string | null {
  const framed = input.chapters[chapter - 1]?.paragraphs.slice(paragraph, end) ?? [];
  const signature = readSignature(framed, SALUTATION.test(framed[0] ?? ''));
  if (signature !== null) return signature;
  const before: Speech[] = [];
  for (let number = chapter; number >= Math.max(1, chapter - 1) && before.length < FRAME_LOOKBACK_SPEECHES; number -= 1) {
    const list = (byChapter.get(number) ?? []).filter((speech) => number < chapter || (speech.paragraph ?? 0) < paragraph);
    before.push(...list.reverse().slice(0, FRAME_LOOKBACK_SPEECHES - before.length));
  }
  const named = before.find((speech) => speech.speaker !== null && speech.speaker !== FIRST_PERSON_SPEAKER);
  if (named) return named.speaker;
  if (input.epithet === null) return null;
  const texts: string[] = [];
  const current = input.chapters[chapter - 1]?.paragraphs ?? [];
  texts.push(...current.slice(Math.max(0, paragraph - FRAME_LOOKBACK_PARAGRAPHS), paragraph));
  if (paragraph < FRAME_LOOKBACK_PARAGRAPHS) texts.push(...(input.chapters[chapter - 2]?.paragraphs ?? []).slice(-(FRAME_LOOKBACK_PARAGRAPHS - paragraph)));
  return countEpithets(texts).size > 0 ? input.epithet.name : null;
}

/** The fullest name first: most words past a title, untitled when it still has two words, most used. */
function byFullness(names: ReadonlyMap<string, NameCount>): (a: string, b: string) => number {
  const weight = (name: string): number => {
    const words = name.split(/\s+/);
    const titled = words.length > 1 && NAME_TITLES.has(words[0]!.replace(/\.$/, '').toLowerCase());
    const core = titled ? words.length - 1 : words.length;
    return core * 2 + (titled ? (core < 2 ? 1 : 0) : core >= 2 ? 1 : 0);
  };
  return (a, b) => weight(b) - weight(a) || (names.get(b)?.total ?? 0) - (names.get(a)?.total ?? 0) || a.localeCompare(b);
}

/**
 * "Mina Murray's Journal" until her wedding, "Mina Harker's Journal" after: one woman whose
 * surname changed. Two narrators are joined when they share a first name, every stretch under
 * the first surname comes before every stretch under the second, and the second is a surname
 * the book gives a wife ("Mrs. Harker") or another person ("Jonathan Harker").
 */
function joinMarriedNames(groups: Array<Set<string>>, order: readonly string[], names: ReadonlyMap<string, NameCount>): void {
  const span = (group: Set<string>): [number, number] => {
    const positions = order.flatMap((raw, index) => (group.has(raw) ? [index] : []));
    return [Math.min(...positions), Math.max(...positions)];
  };
  const fullName = (group: Set<string>): string[] | null => {
    const words = [...group].map((name) => name.split(/\s+/)).find((parts) => parts.length === 2 && parts.every((part) => /^\p{Lu}\p{Ll}/u.test(part)));
    return words ?? null;
  };
  for (let first = 0; first < groups.length; first += 1) {
    for (let second = 0; second < groups.length; second += 1) {
      const [a, b] = [groups[first], groups[second]];
      if (first === second || !a || !b) continue;
      const [nameA, nameB] = [fullName(a), fullName(b)];
      if (!nameA || !nameB || nameA[0] !== nameB[0] || nameA[1] === nameB[1]) continue;
      if (span(a)[1] >= span(b)[0]) continue;
      const newSurname = nameB[1]!;
      const isWifeOrFamily = [...names.values()].some((form) => form.words.at(-1) === newSurname && (form.title === 'mrs' || (form.title === null && form.words.length > 1 && form.words[0] !== nameB[0])));
      if (!isWifeOrFamily) continue;
      for (const member of a) b.add(member);
      groups.splice(first, 1);
      first -= 1;
      break;
    }
  }
}

/** Resolves printed names to one display name per person ("R.W.", "Walton" -> "Robert Walton"). */
function identify(raws: string[], names: ReadonlyMap<string, NameCount>): { displayOf: Map<string, string>; narrators: SpeakerAliases[] } {
  const groups: Array<Set<string>> = [];
  const wordsOf = (name: string): string[] => name.replace(/^(?:Mr|Mrs|Miss|Dr|M|Madame|Captain)\.?\s+/, '').split(/\s+/);
  // Two full names with different first names are two people of one family ("Victor Frankenstein",
  // "Alphonse Frankenstein"), even when a surname alone was found for one of them.
  const conflicts = (a: string, b: string): boolean => {
    const [first, second] = [wordsOf(a), wordsOf(b)];
    return first.length > 1 && second.length > 1 && !isSameNarrator(a, b);
  };
  // Full names first, so a bare surname joins the person it was found for, not a relative.
  const ordered = [...new Set(raws)].sort((a, b) => Math.min(wordsOf(b).length, 2) - Math.min(wordsOf(a).length, 2));
  for (const raw of ordered) {
    const expanded = raw.startsWith('The ') ? raw : expandName(raw, names, raws);
    const fitting = groups.filter((members) => [...members].some((member) => isSameNarrator(member, expanded) || isSameNarrator(member, raw)) && ![...members].some((member) => conflicts(member, expanded)));
    // A bare surname that fits two of the family is left to the run it was found in (see below).
    if (fitting.length > 1 && wordsOf(expanded).length === 1) continue;
    if (fitting[0]) fitting[0].add(raw).add(expanded);
    else groups.push(new Set([raw, expanded]));
  }
  joinMarriedNames(groups, raws, names);
  const displayOf = new Map<string, string>();
  const narrators: SpeakerAliases[] = [];
  for (const group of groups) {
    const display = [...group].filter((name) => !/^(?:\p{Lu}\.\s*)+$/u.test(name)).sort(byFullness(names))[0] ?? [...group][0]!;
    for (const member of group) displayOf.set(member, display);
    narrators.push({ name: display, aliases: [...group].filter((member) => member !== display).sort() });
  }
  return { displayOf, narrators };
}

function startsAtOf(paragraph: string): string {
  return paragraph.length <= 40 ? paragraph : paragraph.slice(0, 40).replace(/\s+\S*$/, '');
}

/** Turns voice change points into book.json ranges. */
function toRanges(points: Array<{ chapter: number; paragraph: number; speaker: string | null }>, chapters: readonly Chapter[]): NarratorRange[] {
  const ranges: NarratorRange[] = [];
  let open: NarratorRange | null = null;
  const close = (toChapter: number): void => {
    if (open) ranges.push({ ...open, toChapter: Math.max(open.fromChapter, toChapter) });
    open = null;
  };
  for (const point of points) {
    if (open !== null && (open as NarratorRange).speaker === point.speaker) continue;
    close(point.paragraph === 0 ? point.chapter - 1 : point.chapter);
    if (point.speaker === null) continue;
    const paragraph = chapters[point.chapter - 1]?.paragraphs[point.paragraph] ?? '';
    open = { fromChapter: point.chapter, toChapter: point.chapter, speaker: point.speaker, ...(point.paragraph > 0 ? { startsAt: startsAtOf(paragraph) } : {}) };
  }
  close(chapters.length);
  return ranges;
}

/** Finds the book's first-person narrators and where each one tells the story. */
export function findNarrators(input: FindNarratorsInput): FoundNarrators {
  const { voices, runCount } = assignVoices(input.units);
  const byChapter = speechesByChapter(input.speeches);
  const { unitNames, runNames } = nameRuns(input, voices, runCount, byChapter);
  const rawOf = new Map<number, string | null>();
  let previousFrame: string | null = null;
  input.units.forEach((unit, index) => {
    const voice = voices[index]!;
    if (voice.type === 'named') rawOf.set(index, voice.raw);
    else if (voice.type === 'run') rawOf.set(index, unitNames.get(index)?.name ?? null);
    else if (voice.type === 'frame') {
      const previous = voices[index - 1];
      previousFrame = previous?.type === 'frame' && previousFrame !== null ? previousFrame : frameSpeaker(input, byChapter, unit.chapter, unit.start, unit.end);
      rawOf.set(index, previousFrame);
    }
  });

  const points: Array<{ chapter: number; paragraph: number; speaker: string | null }> = [];
  input.units.forEach((unit, index) => {
    const outer = rawOf.get(index) ?? null;
    points.push({ chapter: unit.chapter, paragraph: unit.start, speaker: outer });
    if (voices[index]!.type !== 'run') return;
    for (const run of unit.framedRuns) {
      if (run.end - run.start < NESTED_MIN_PARAGRAPHS) continue;
      const inner = frameSpeaker(input, byChapter, unit.chapter, run.start, run.end);
      if (inner === null || inner === outer) continue;
      points.push({ chapter: unit.chapter, paragraph: run.start, speaker: inner });
      if (run.end < unit.end) points.push({ chapter: unit.chapter, paragraph: run.end, speaker: outer });
    }
  });
  const raws = [...points.map((point) => point.speaker).filter((speaker): speaker is string => speaker !== null), ...runNames.flatMap((run) => run.aliases)];
  const { displayOf, narrators } = identify(raws, input.names);
  for (const run of runNames) {
    const display = displayOf.get(run.name);
    const entry = narrators.find((narrator) => narrator.name === display);
    if (entry) entry.aliases = [...new Set([...entry.aliases, ...run.aliases, run.name])].filter((alias) => alias !== entry.name).sort();
  }
  const ranges = toRanges(points.map((point) => ({ ...point, speaker: point.speaker === null ? null : (displayOf.get(point.speaker) ?? point.speaker) })), input.chapters);
  const used = new Set(ranges.map((range) => range.speaker));
  return { ranges, narrators: narrators.filter((narrator) => used.has(narrator.name)) };
}
