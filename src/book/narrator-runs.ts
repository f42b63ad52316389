/**
 * Naming runs of first-person chapters under no heading: the evidence of the whole run names it
 * (`scoreNarratorNames`), unless its chapters disagree. A book whose frame narrator hands over to
 * another teller for many chapters ("Mr. Lockwood" addressed in the frame, "Nelly" and "Ellen"
 * in the tale) is split where each chapter's own evidence points to a name that does not fit
 * the names before it, and each part is named from its own chapters.
 */
import type { Speech } from './types.ts';
import type { FindNarratorsInput, Voice } from './find-narrators.ts';
import { narrationOf, type NarrationUnit } from './narration-units.ts';
import { FIRST_PERSON_SPEAKER, isSameNarrator, pickNarratorName, scoreNarratorNames, type NarratorName } from './narrator-names.ts';
import { isShortFormOf } from './nicknames.ts';

/** A stretch of this many chapters told by a nameless "I" is still a narrator. */
const NAMELESS_NARRATOR_MIN_CHAPTERS = 3;
const NAMELESS_NARRATOR = 'The Narrator';
/** The evidence one chapter needs to start a new teller. */
const MIN_SWITCH_SCORE = 2;
/** How many speeches back the one who hands the tale over is looked for. */
const HAND_OVER_LOOKBACK = 6;

function isInFrame(unit: NarrationUnit, paragraph: number): boolean {
  return unit.framedRuns.some((run) => paragraph >= run.start && paragraph < run.end);
}

/** The speeches and narration of one unit, outside its quoted stories. */
function evidenceOf(input: FindNarratorsInput, unit: NarrationUnit, byChapter: Map<number, Speech[]>): { speeches: Speech[]; narration: string[] } {
  const paragraphs = input.chapters[unit.chapter - 1]?.paragraphs ?? [];
  const speeches = (byChapter.get(unit.chapter) ?? []).filter((speech) => {
    const at = speech.paragraph ?? 0;
    return at >= unit.start && at < unit.end && !isInFrame(unit, at);
  });
  const narration: string[] = [];
  for (let at = unit.start; at < unit.end; at += 1) if (!isInFrame(unit, at)) narration.push(narrationOf(paragraphs[at]!, input.style.primary));
  return { speeches, narration };
}

/** The last named speaker (not "I") in the few speeches before a unit starts. */
function lastSpeakerBefore(unit: NarrationUnit, byChapter: Map<number, Speech[]>): string | null {
  const before = [...(byChapter.get(unit.chapter - 1) ?? []), ...(byChapter.get(unit.chapter) ?? []).filter((speech) => (speech.paragraph ?? 0) < unit.start)].slice(-HAND_OVER_LOOKBACK);
  return before.reverse().find((speech) => speech.speaker !== null && speech.speaker !== FIRST_PERSON_SPEAKER)?.speaker ?? null;
}

/** Whether two names can be one teller's: one holds the other, or their first names are one name. */
function fits(a: string, b: string): boolean {
  return isSameNarrator(a, b) || isShortFormOf(a.split(/\s+/)[0]!, b.split(/\s+/)[0]!);
}

/** Names every run unit; returns each unit's name and every name picked. */
export function nameRuns(input: FindNarratorsInput, voices: readonly Voice[], runCount: number, byChapter: Map<number, Speech[]>): { unitNames: Map<number, NarratorName | null>; runNames: NarratorName[] } {
  const unitNames = new Map<number, NarratorName | null>();
  const runNames: NarratorName[] = [];
  const pick = (positions: number[], evidence: Array<{ speeches: Speech[]; narration: string[] }>): NarratorName | null =>
    pickNarratorName(scoreNarratorNames(positions.flatMap((position) => evidence[position]!.speeches), positions.flatMap((position) => evidence[position]!.narration)), input.names);
  for (let run = 0; run < runCount; run += 1) {
    const members = input.units.flatMap((_unit, index) => (voices[index]?.type === 'run' && (voices[index] as { run: number }).run === run ? [index] : []));
    const evidence = members.map((index) => evidenceOf(input, input.units[index]!, byChapter));
    const all = members.map((_index, position) => position);
    const pooled = pick(all, evidence);
    // Each chapter keeps the run's teller unless its own evidence names someone who fits none of
    // the teller's names while the teller's names get no evidence there. A chapter with no
    // evidence either way goes with the chapter before it (or after it, at the start).
    const TELLER = '';
    const raw = all.map((position): string | undefined => {
      if (pooled === null) return TELLER;
      const scores = scoreNarratorNames(evidence[position]!.speeches, evidence[position]!.narration);
      const local = pickNarratorName(scores, input.names);
      const tellerNames = [pooled.name, ...pooled.aliases];
      if (tellerNames.some((name) => (scores.get(name) ?? 0) > 0) || (local !== null && tellerNames.some((name) => fits(local.name, name)))) return TELLER;
      return local !== null && (scores.get(local.name) ?? 0) >= MIN_SWITCH_SCORE ? local.name : undefined;
    });
    const labels = raw.map((label, position) => {
      if (label !== undefined) return label;
      const before = raw.slice(0, position).reverse().find((other) => other !== undefined);
      return before ?? raw.slice(position + 1).find((other) => other !== undefined) ?? TELLER;
    }).map((label) => (label === TELLER ? null : label));
    const others = [...new Set(labels.filter((label): label is string => label !== null))];
    const groups: Array<{ positions: number[] }> = [{ positions: all.filter((position) => labels[position] === null) }];
    for (const label of others) {
      const joined = groups.slice(1).find((group) => fits(labels[group.positions[0]!]!, label));
      if (joined) joined.positions.push(...all.filter((position) => labels[position] === label));
      else groups.push({ positions: all.filter((position) => labels[position] === label) });
    }
    for (const group of groups) {
      if (group.positions.length === 0) continue;
      const chapters = new Set(group.positions.map((position) => input.units[members[position]!]!.chapter));
      let picked = (others.length === 0 ? pooled : pick(group.positions, evidence)) ?? (chapters.size >= NAMELESS_NARRATOR_MIN_CHAPTERS ? { name: NAMELESS_NARRATOR, aliases: [] } : null);
      // A teller who takes over from another is the one who spoke last before the hand-over ("Mrs. Dunn").
      const first = Math.min(...group.positions);
      if (picked !== null && others.length > 0 && first > 0 && labels[first - 1] !== labels[first]) {
        const speaker = lastSpeakerBefore(input.units[members[first]!]!, byChapter);
        const previousTeller = labels[first - 1] ?? pooled?.name ?? null;
        if (speaker !== null && (previousTeller === null || !fits(speaker, previousTeller)) && !fits(speaker, picked.name)) picked = { ...picked, aliases: [...picked.aliases, speaker] };
      }
      for (const position of group.positions) unitNames.set(members[position]!, picked);
      if (picked) runNames.push(picked);
    }
  }
  return { unitNames, runNames };
}
