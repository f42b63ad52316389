/**
 * `reverie eval discovery`: character discovery against gold casts. Each novel is parsed fresh
 * (no hand-written narrators) and its discovered characters are matched to the gold people by
 * their names and aliases; a name two gold people share ("Joe") decides nothing. Reported per
 * novel: top-12 precision (entries that are real people, gold or listed minor), duplicates (a
 * second top-12 entry for one person), merges (a top-12 entry holding two people's own names),
 * recall of the main people (importance 1-2) anywhere in the list and in the top 12, narrator
 * recall (gold narrators found as narrators), and the chapter count against the gold one.
 */
import { readFile } from 'node:fs/promises';
import { decodeText } from '../book/decode-text.ts';
import { discoverCharacters, type DiscoveredCharacter } from '../book/discover-characters.ts';
import { parseBook } from '../book/parse-book.ts';
import type { GoldCast, GoldNovel } from './gold-cast.ts';

/** How one discovered entry matched the gold cast. */
export interface EntryMatch {
  rank: number;
  name: string;
  /** The gold (or listed minor) person it stands for; null when none or only shared names matched. */
  person: string | null;
  /** Every person whose own names it holds (more than one is a wrong merge). */
  people: string[];
  verdict: 'person' | 'shared-name' | 'not-a-character' | 'unknown';
  isNarrator: boolean;
}

/** The figures for one novel. */
export interface DiscoveryReport {
  id: string;
  top: number;
  precision: number;
  duplicates: number;
  merges: number;
  mainPeople: number;
  mainRecall: number;
  mainRecallTop: number;
  narrators: number;
  /** Null when the gold cast has no narrator. */
  narratorRecall: number | null;
  /** Narrators found that the gold cast does not list as narrators. */
  extraNarrators: string[];
  chaptersFound: number;
  chaptersGold: number | null;
  missingMain: string[];
  duplicated: string[];
  merged: string[];
  entries: EntryMatch[];
}

/** The top of the list the figures are about. */
export const TOP = 12;

/** How names compare: case, curly apostrophes, dots after titles and a leading "the" do not count. */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/'s$/, '')
    .replace(/\b(mr|mrs|ms|dr|st|mme|mlle|rev)\./g, '$1')
    .replace(/^(?:the|old|young)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

interface GoldIndex {
  /** Normalised name -> the people (gold and minor) it names. */
  owners: Map<string, Set<string>>;
  main: string[];
  notCharacters: Set<string>;
}

function indexCast(cast: GoldCast): GoldIndex {
  const owners = new Map<string, Set<string>>();
  const add = (name: string, person: string): void => {
    const key = normaliseName(name);
    if (!key) return;
    owners.set(key, (owners.get(key) ?? new Set()).add(person));
  };
  for (const person of cast.characters) for (const name of [person.name, ...person.aliases]) add(name, person.name);
  for (const minor of cast.minor_characters_not_in_gold) if (!owners.has(normaliseName(minor))) add(minor, minor);
  return {
    owners,
    main: cast.characters.filter((person) => person.importance <= 2).map((person) => person.name),
    notCharacters: new Set(cast.not_characters.map((entry) => normaliseName(entry.text))),
  };
}

/** Matches one entry to the people it stands for: its own name first, then its aliases. */
export function matchEntry(entry: Pick<DiscoveredCharacter, 'name' | 'aliases' | 'isNarrator'>, rank: number, index: GoldIndex): EntryMatch {
  const people = new Set<string>();
  const counts = new Map<string, number>();
  let hasShared = false;
  for (const [position, name] of [entry.name, ...entry.aliases].entries()) {
    const owners = index.owners.get(normaliseName(name));
    if (!owners) continue;
    if (owners.size > 1) {
      hasShared = true;
      continue;
    }
    const [person] = owners;
    people.add(person!);
    counts.set(person!, (counts.get(person!) ?? 0) + (position === 0 ? 100 : 1));
  }
  const person = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const verdict = person !== null ? 'person' : hasShared ? 'shared-name' : index.notCharacters.has(normaliseName(entry.name)) ? 'not-a-character' : 'unknown';
  return { rank, name: entry.name, person, people: [...people].sort(), verdict, isNarrator: entry.isNarrator };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000;
}

/** Evaluates discovered characters against one gold cast. */
export function scoreDiscovery(id: string, characters: readonly DiscoveredCharacter[], cast: GoldCast, chaptersFound: number): DiscoveryReport {
  const index = indexCast(cast);
  const entries = characters.map((character, position) => matchEntry(character, position + 1, index));
  const top = entries.slice(0, TOP);
  const real = top.filter((entry) => entry.verdict === 'person' || entry.verdict === 'shared-name');
  const byPerson = new Map<string, EntryMatch[]>();
  for (const entry of top) if (entry.person) byPerson.set(entry.person, [...(byPerson.get(entry.person) ?? []), entry]);
  const duplicated = [...byPerson].filter(([, list]) => list.length > 1).map(([person, list]) => `${person}: ${list.map((entry) => entry.name).join(' / ')}`);
  const merged = top.filter((entry) => entry.people.length > 1).map((entry) => `${entry.name}: ${entry.people.join(' + ')}`);
  const foundAnywhere = new Set(entries.map((entry) => entry.person));
  const foundTop = new Set(top.map((entry) => entry.person));
  const goldNarrators = [...new Set(cast.narrators.map((narrator) => narratorPerson(narrator.name, index)))];
  const narratorEntries = new Set(entries.filter((entry) => entry.isNarrator).map((entry) => entry.person));
  return {
    id,
    top: top.length,
    precision: ratio(real.length, top.length),
    duplicates: [...byPerson.values()].reduce((sum, list) => sum + list.length - 1, 0),
    merges: merged.length,
    mainPeople: index.main.length,
    mainRecall: ratio(index.main.filter((person) => foundAnywhere.has(person)).length, index.main.length),
    mainRecallTop: ratio(index.main.filter((person) => foundTop.has(person)).length, index.main.length),
    narrators: goldNarrators.length,
    narratorRecall: goldNarrators.length === 0 ? null : ratio(goldNarrators.filter((person) => narratorEntries.has(person)).length, goldNarrators.length),
    extraNarrators: entries.filter((entry) => entry.isNarrator && !goldNarrators.includes(entry.person ?? entry.name)).map((entry) => entry.name),
    chaptersFound,
    chaptersGold: cast.chapters ?? null,
    missingMain: index.main.filter((person) => !foundAnywhere.has(person)),
    duplicated,
    merged,
    entries,
  };
}

function narratorPerson(name: string, index: GoldIndex): string {
  const owners = index.owners.get(normaliseName(name));
  return owners?.size === 1 ? [...owners][0]! : name;
}

/** Parses a gold novel fresh and scores its discovery. */
export async function evaluateDiscoveryNovel(novel: GoldNovel): Promise<DiscoveryReport> {
  const text = decodeText(await readFile(novel.textFile));
  const id = novel.id.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100) || 'novel';
  const book = parseBook(text, { id });
  const characters = discoverCharacters(book);
  return scoreDiscovery(novel.id, characters, novel.cast, book.chapters.filter((chapter) => chapter.kind === 'chapter' || chapter.kind === 'letter').length);
}

/** Whether a report meets the goals: no duplicates or merges in the top 12, main recall 1, narrator recall ≥ 0.9, precision ≥ 0.9. */
export function meetsGoals(report: DiscoveryReport): boolean {
  return report.duplicates === 0 && report.merges === 0 && report.mainRecall === 1 && (report.narratorRecall === null || report.narratorRecall >= 0.9) && report.precision >= 0.9;
}
