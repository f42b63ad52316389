/**
 * Finding a book's characters from its text alone, for an author who has just uploaded it.
 *
 * 1. Proper names by frequency (`findNames`): runs of capitalised words that are not common words,
 *    kept when they are capitalised mid-sentence at least twice (or speak), not mostly written in
 *    lowercase elsewhere ("Nature"/"nature"), and not mostly after "in/at/to/from" (places).
 * 2. Forms grouped into characters with their aliases (`groupNames`): Mr. Darcy / Darcy.
 * 3. Speakers from the parser's attributed speech (`Book.speeches`) counted as lines and matched
 *    to groups by name; a speaker with two or more lines and no group becomes a character.
 * 4. First-person narrators (the `narrators` of book.json) become characters even when the text
 *    rarely names them, absorbing the untitled forms of their name (Victor / Frankenstein).
 * 5. Characters the text calls by epithets rather than a name: when "the monster", "the daemon",
 *    "the fiend", "the wretch", "the creature" (three kinds or more, fifteen times or more) run
 *    through a book, they are one character, named after the narrator or speaker whose name holds
 *    one of those words ("The Creature") or after the most used epithet.
 * Ranked by lines and mentions (a line counts double), strongest first.
 */
import type { Book, Speech } from './types.ts';
import type { NarratorRange } from './extract-speeches.ts';
import { findNames, type NameCount } from './find-names.ts';
import { displayName, groupNames, type NameGroup } from './group-names.ts';
import { COMMON_CAPITALISED_WORDS } from './common-words.ts';

/** A character found in a book. */
export interface DiscoveredCharacter {
  name: string;
  /** Other names the book uses ("Darcy", "the Hatter"); never includes `name` itself. */
  aliases: string[];
  /** Quotations attributed to them. */
  lines: number;
  /** Times the text names them (by name, alias or epithet). */
  mentions: number;
  /** Chapters (1-based positions) in which they are named, speak or narrate, ascending. */
  chapters: number[];
  /** Whether they narrate some chapters in the first person. */
  isNarrator: boolean;
}

/** Options for `discoverCharacters`. */
export interface DiscoverCharactersOptions {
  /** First-person narrators by chapter, from book.json. */
  narrators?: NarratorRange[];
  /** The most characters to return (default 40). */
  limit?: number;
}

const EPITHETS = ['monster', 'daemon', 'dæmon', 'demon', 'fiend', 'wretch', 'creature', 'being'] as const;
const EPITHET_PATTERN = /\b(?:the|this|that|my|a|an|his|her|its|your|our|vile|hideous)\s+(monster|daemon|dæmon|demon|fiend|wretch|creature|being)(?![\p{L}])/giu;
const DISTINCTIVE_EPITHETS = new Set(['monster', 'daemon', 'dæmon', 'demon', 'fiend', 'wretch', 'creature']);

/** The key two names share when they name the same person ("The Hatter" and "Hatter"). */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[’']s$/, '').replace(/^the\s+/, '').replace(/\s+/g, ' ').trim();
}

/** Whether a speech is attributed to the character (by name or alias). */
export function isSpokenBy(speech: Speech, character: Pick<DiscoveredCharacter, 'name' | 'aliases'>): boolean {
  if (speech.speaker === null) return false;
  const key = nameKey(speech.speaker);
  return [character.name, ...character.aliases].some((name) => nameKey(name) === key);
}

interface Draft {
  group: NameGroup;
  name: string;
  aliases: Set<string>;
  lines: number;
  mentions: number;
  chapters: Set<number>;
  isNarrator: boolean;
}

function isAccepted(name: NameCount, lines: number, lowercaseCounts: Map<string, number>): boolean {
  if (lines > 0) return true;
  if (name.midSentence < 2) return false;
  if (name.afterPlacePreposition * 2 >= name.total) return false;
  if (name.title === null && name.words.length === 1) {
    const lower = lowercaseCounts.get(name.words[0]!.toLowerCase()) ?? 0;
    if (lower > 2 * name.midSentence + 2) return false;
  }
  return true;
}

function draftFrom(group: NameGroup): Draft {
  const name = group.forms.length > 0 ? displayName(group) : '';
  const aliases = new Set<string>();
  const chapters = new Set<number>();
  let mentions = 0;
  for (const form of group.forms) {
    aliases.add(form.form);
    if (form.afterThe * 5 >= form.total && form.afterThe > 0) aliases.add(`the ${form.form}`);
    mentions += form.total;
    for (const chapter of form.chapters) chapters.add(chapter);
  }
  return { group, name, aliases, lines: 0, mentions, chapters, isNarrator: false };
}

/**
 * Gives each named narrator the untitled forms made only of their own words ("Victor",
 * "Frankenstein" for Victor Frankenstein), taking them out of the groups they were in.
 */
function claimNarratorForms(groups: NameGroup[], narrators: NarratorRange[]): Map<string, NameGroup> {
  const claimed = new Map<string, NameGroup>();
  for (const speaker of new Set(narrators.map((range) => range.speaker))) {
    const words = new Set(nameKey(speaker).split(' '));
    if ([...words].some((word) => EPITHETS.includes(word as (typeof EPITHETS)[number]))) continue;
    const group: NameGroup = { forms: [] };
    for (const other of groups) {
      const mine = other.forms.filter((form) => form.title === null && form.words.every((word) => words.has(word.toLowerCase())));
      group.forms.push(...mine);
      other.forms = other.forms.filter((form) => !mine.includes(form));
    }
    claimed.set(speaker, group);
  }
  return claimed;
}

function countEpithets(book: Book): { counts: Map<string, number>; chapters: Set<number> } {
  const counts = new Map<string, number>();
  const chapters = new Set<number>();
  for (const chapter of book.chapters) {
    for (const paragraph of chapter.paragraphs) {
      for (const match of paragraph.matchAll(EPITHET_PATTERN)) {
        const word = match[1]!.toLowerCase();
        counts.set(word, (counts.get(word) ?? 0) + 1);
        chapters.add(chapter.number);
      }
    }
  }
  return { counts, chapters };
}

function epithetDraft(book: Book, speakerNames: string[]): Draft | null {
  const { counts, chapters } = countEpithets(book);
  const distinctive = [...counts].filter(([word]) => DISTINCTIVE_EPITHETS.has(word));
  const total = distinctive.reduce((sum, [, count]) => sum + count, 0);
  if (distinctive.length < 3 || total < 15) return null;
  const top = [...distinctive].sort((a, b) => b[1] - a[1])[0]![0];
  const named = speakerNames.find((name) => EPITHETS.some((word) => new RegExp(`\\b${word}\\b`, 'i').test(name)));
  const name = named ?? `The ${top.charAt(0).toUpperCase()}${top.slice(1)}`;
  const aliases = new Set([...counts.keys()].map((word) => `the ${word}`));
  return { group: { forms: [] }, name, aliases, lines: 0, mentions: total + (counts.get('being') ?? 0), chapters, isNarrator: false };
}

/** Finds the characters of a parsed book, ranked by how much they speak and are named. */
export function discoverCharacters(book: Book, options: DiscoverCharactersOptions = {}): DiscoveredCharacter[] {
  const narrators = options.narrators ?? [];
  const speakerLines = new Map<string, { name: string; lines: number; chapters: Set<number> }>();
  for (const speech of book.speeches) {
    if (speech.speaker === null) continue;
    const key = nameKey(speech.speaker);
    const entry = speakerLines.get(key) ?? { name: speech.speaker, lines: 0, chapters: new Set<number>() };
    entry.lines += 1;
    entry.chapters.add(speech.chapter);
    speakerLines.set(key, entry);
  }
  const { names, lowercaseCounts } = findNames(book.chapters);
  const accepted = [...names.values()].filter((name) => isAccepted(name, speakerLines.get(nameKey(name.form))?.lines ?? 0, lowercaseCounts));
  const groups = groupNames(accepted);
  const narratorGroups = claimNarratorForms(groups, narrators);
  const drafts = groups.filter((group) => group.forms.length > 0).map(draftFrom);
  for (const [narrator, group] of narratorGroups) {
    const draft = group.forms.length > 0 ? draftFrom(group) : { ...draftFrom({ forms: [] }), aliases: new Set<string>() };
    draft.name = narrator;
    draft.isNarrator = true;
    drafts.push(draft);
  }

  const speakerNames = [...new Set([...narrators.map((range) => range.speaker), ...[...speakerLines.values()].map((entry) => entry.name)])];
  const epithets = epithetDraft(book, speakerNames);
  if (epithets) {
    // "the Fiend" capitalised is the same creature as "the fiend".
    for (const draft of [...drafts]) {
      if (!EPITHETS.some((word) => nameKey(draft.name) === word)) continue;
      for (const chapter of draft.chapters) epithets.chapters.add(chapter);
      drafts.splice(drafts.indexOf(draft), 1);
    }
    drafts.unshift(epithets);
  }

  const byKey = new Map<string, Draft>();
  const index = (draft: Draft): void => {
    for (const alias of [draft.name, ...draft.aliases]) if (!byKey.has(nameKey(alias))) byKey.set(nameKey(alias), draft);
  };
  drafts.forEach(index);

  for (const range of narrators) {
    const key = nameKey(range.speaker);
    let draft = byKey.get(key);
    if (!draft) {
      const words = new Set(key.split(' '));
      // Untitled forms made only of the narrator's own words ("Victor", "Frankenstein") are theirs.
      const parts = drafts.filter((candidate) => candidate.group.forms.length > 0 && candidate.group.forms.every((form) => form.title === null && form.words.every((word) => words.has(word.toLowerCase()))));
      draft = { group: { forms: [] }, name: range.speaker, aliases: new Set(), lines: 0, mentions: 0, chapters: new Set(), isNarrator: true };
      for (const part of parts) {
        for (const alias of [part.name, ...part.aliases]) draft.aliases.add(alias);
        draft.mentions += part.mentions;
        for (const chapter of part.chapters) draft.chapters.add(chapter);
        drafts.splice(drafts.indexOf(part), 1);
      }
      drafts.push(draft);
      for (const alias of [draft.name, ...draft.aliases]) byKey.set(nameKey(alias), draft);
    }
    draft.name = range.speaker;
    draft.isNarrator = true;
    for (let chapter = range.fromChapter; chapter <= range.toChapter; chapter += 1) draft.chapters.add(chapter);
  }

  for (const [key, entry] of speakerLines) {
    let draft = byKey.get(key) ?? (epithets && EPITHETS.some((word) => key === word) ? epithets : undefined);
    if (!draft) {
      // A speaker the parser named but the text never capitalises is a description ("unhappy victim").
      const isProperName = entry.name.split(/\s+/).every((word) => /^[A-Z]/.test(word) || /^(of|de|von|van|le|la|du)$/.test(word));
      if (entry.lines < 2 || !isProperName || key.split(' ').every((word) => COMMON_CAPITALISED_WORDS.has(word))) continue;
      draft = { group: { forms: [] }, name: entry.name, aliases: new Set(), lines: 0, mentions: 0, chapters: new Set(), isNarrator: false };
      drafts.push(draft);
      byKey.set(key, draft);
    }
    draft.lines += entry.lines;
    if (nameKey(draft.name) !== key) draft.aliases.add(entry.name);
    for (const chapter of entry.chapters) draft.chapters.add(chapter);
  }

  return drafts
    .filter((draft) => draft.isNarrator || draft.lines >= 2 || draft.mentions + draft.lines >= 4)
    .sort((a, b) => b.lines * 2 + b.mentions - (a.lines * 2 + a.mentions) || a.name.localeCompare(b.name))
    .slice(0, options.limit ?? 40)
    .map((draft) => ({
      name: draft.name,
      aliases: [...draft.aliases].filter((alias) => alias !== draft.name).sort(),
      lines: draft.lines,
      mentions: draft.mentions,
      chapters: [...draft.chapters].sort((a, b) => a - b),
      isNarrator: draft.isNarrator,
    }));
}
