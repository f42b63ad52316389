/**
 * Finding a book's characters from its text alone, for an author who has just uploaded it.
 *
 * 1. Proper names by frequency (`findNames`), kept when they can name a person
 *    (`isAcceptedName`: not places, dates, groups, or words mostly in lowercase).
 * 2. Forms grouped into people (`groupNames`): full names with their short forms and titled
 *    forms, "Mrs." kept from "Miss" and from a son's name; a word several people share ("Joe")
 *    given to each where the context says it is theirs (`countSharedUses`).
 * 3. The book's nameless epithet character ("the monster", "the fiend"), if it has one.
 * 4. First-person narrators (given in book.json, or found by `parseBook`) absorb the drafts that
 *    hold their names ("Victor", "Frankenstein").
 * 5. Names of address join the speaker they are said to ("Mr. Jones" to "the Welshman") when the
 *    dialogue says so consistently.
 * 6. Speakers the parser named but no name form covers become characters when they speak twice;
 *    then "known as" appositions and names tagging one paragraph's quotations join their person.
 * 7. The author's edits (merge, split, rename, not a character) are replayed.
 * 8. Lines are the speeches `assignLines` gives each character; narrators also count the
 *    paragraphs they narrate. Ranked by lines, mentions and narration, strongest first.
 */
import type { Book, NarratorRange, Speech } from './types.ts';
import { findNames } from './find-names.ts';
import { groupNames } from './group-names.ts';
import { isAcceptedName, isSpokenOfAsPerson } from './name-filters.ts';
import { createGenderLookup, type Gender } from './name-gender.ts';
import { countSharedUses } from './context-resolution.ts';
import { findEpithetCharacter, EPITHETS } from './epithets.ts';
import { addNarrators, joinByAddress, joinByIdentity } from './character-joins.ts';
import { assignLines } from './character-lines.ts';
import { applyCharacterEdits, type CharacterEdit, type EditedCharacters } from './character-edits.ts';
import { paragraphNarrators } from './narrator-ranges.ts';
import { draftFrom, emptyDraft, indexDrafts, namesOf, type Draft } from './character-drafts.ts';
import { COMMON_CAPITALISED_WORDS } from './common-words.ts';
import { nameKey } from './name-key.ts';
import { vocativesIn } from './vocatives.ts';

export { nameKey } from './name-key.ts';

/** A character found in a book. */
export interface DiscoveredCharacter {
  name: string;
  /** Other names the book uses ("Darcy", "the Hatter"); never includes `name` itself. */
  aliases: string[];
  /** Names shared with other characters ("Joe"); a use of one is theirs where the context says so. */
  sharedAliases: string[];
  /** Quotations attributed to them. */
  lines: number;
  /** Times the text names them (by name, alias or epithet). */
  mentions: number;
  /** Chapters (1-based positions) in which they are named, speak or narrate, ascending. */
  chapters: number[];
  /** Whether they narrate some chapters in the first person. */
  isNarrator: boolean;
  /** Paragraphs they narrate in the first person. */
  narration: number;
}

/** Options for `discoverCharacters`. */
export interface DiscoverCharactersOptions {
  /** First-person narrators by chapter (default: the book's own, given or found). */
  narrators?: NarratorRange[];
  /** The most characters to return (default 40). */
  limit?: number;
  /** The author's corrections (`character-edits.json`), replayed in order. */
  edits?: readonly CharacterEdit[];
}

/** A share of a shared name's uses this large makes it plainly one holder's alias. */
const PLAIN_ALIAS_SHARE = 0.8;

/** Whether a speech is attributed to the character by name or alias (shared names not resolved). */
export function isSpokenBy(speech: Speech, character: Pick<DiscoveredCharacter, 'name' | 'aliases'>): boolean {
  if (speech.speaker === null) return false;
  const key = nameKey(speech.speaker);
  return [character.name, ...character.aliases].some((name) => nameKey(name) === key);
}

function countSpeakers(speeches: readonly Speech[]): Map<string, { name: string; lines: number }> {
  const speakers = new Map<string, { name: string; lines: number }>();
  for (const speech of speeches) {
    if (speech.speaker === null) continue;
    const key = nameKey(speech.speaker);
    const entry = speakers.get(key) ?? { name: speech.speaker, lines: 0 };
    entry.lines += 1;
    speakers.set(key, entry);
  }
  return speakers;
}

/** Groups the book's names into drafts and gives each shared name's uses to its holders. */
function draftsFromNames(book: Book, speakers: Map<string, { lines: number }>, genderOf: (forms: readonly string[]) => Gender): Draft[] {
  const { names, lowercaseCounts } = findNames(book.chapters);
  // A word used to address someone ("Nelly, put down that book") is a name even when it opens every quotation.
  const addressed = new Map<string, number>();
  for (const speech of book.speeches) for (const name of vocativesIn(speech.text)) addressed.set(name, (addressed.get(name) ?? 0) + 1);
  const accepted = [...names.values()].filter((name) => isAcceptedName(name, speakers.get(nameKey(name.form))?.lines ?? 0, lowercaseCounts, addressed.get(name.form) ?? 0));
  const acceptedSet = new Set(accepted);
  const hints = [...names.values()].filter((name) => !acceptedSet.has(name) && name.title === null && name.words.length === 2);
  const { groups, shared } = groupNames(accepted, { hints, genderOf });
  const drafts = groups.map(draftFrom);
  const draftOf = new Map(groups.map((group, index) => [group, drafts[index]!]));
  for (const { form, holders } of shared) {
    const holderDrafts = holders.map((group) => draftOf.get(group)!);
    const counts = countSharedUses(book.chapters, holderDrafts.map((draft) => ({ key: draft.name, names: namesOf(draft) })), form.form, form.chapters);
    const used = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const [top] = [...counts].sort((a, b) => b[1] - a[1]);
    const plain = top && top[1] >= PLAIN_ALIAS_SHARE * used ? holderDrafts.find((draft) => draft.name === top[0]) : undefined;
    if (plain) {
      plain.forms.push(form);
      plain.aliases.add(form.form);
      plain.mentions += form.total;
      for (const chapter of form.chapters) plain.chapters.add(chapter);
      continue;
    }
    for (const draft of holderDrafts) {
      draft.sharedAliases.add(form.form);
      draft.mentions += counts.get(draft.name) ?? 0;
    }
  }
  return drafts;
}

/** Folds capitalised epithets ("the Fiend") into the book's epithet character, if it has one. */
function addEpithetCharacter(book: Book, drafts: Draft[], speakerNames: string[]): void {
  const epithet = findEpithetCharacter(book.chapters, speakerNames);
  if (!epithet) return;
  const draft = emptyDraft(epithet.name);
  for (const alias of epithet.aliases) draft.aliases.add(alias);
  draft.mentions = epithet.mentions;
  for (const chapter of epithet.chapters) draft.chapters.add(chapter);
  for (const other of [...drafts]) {
    if (!EPITHETS.some((word) => nameKey(other.name) === word)) continue;
    for (const chapter of other.chapters) draft.chapters.add(chapter);
    drafts.splice(drafts.indexOf(other), 1);
  }
  drafts.unshift(draft);
}

/**
 * Drops what the book names like a character ("the Hispaniola") but never treats as one: a
 * bare word mostly after "the" that never speaks, narrates or carries a title, and is never
 * said to say, think or feel anything.
 */
function dropThings(book: Book, drafts: Draft[], speakers: Map<string, { lines: number }>): void {
  const paragraphs = book.chapters.flatMap((chapter) => chapter.paragraphs);
  for (const draft of [...drafts]) {
    if (draft.isNarrator || draft.forms.length === 0 || namesOf(draft).some((name) => (speakers.get(nameKey(name))?.lines ?? 0) > 0)) continue;
    const isBareThe = draft.forms.every((form) => form.title === null && form.words.length === 1 && form.afterThe * 2 >= form.total);
    if (isBareThe && !isSpokenOfAsPerson(paragraphs, draft.forms.map((form) => form.form))) drafts.splice(drafts.indexOf(draft), 1);
  }
}

/** Adds the speakers no draft holds, when they speak twice and are named like people. */
function addSpeakers(drafts: Draft[], speakers: Map<string, { name: string; lines: number }>): void {
  const byKey = indexDrafts(drafts);
  const shared = new Set(drafts.flatMap((draft) => [...draft.sharedAliases].map(nameKey)));
  for (const [key, entry] of speakers) {
    if (byKey.has(key) || shared.has(key)) continue;
    // A speaker the parser named but the text never capitalises is a description ("unhappy victim").
    const isProperName = entry.name.split(/\s+/).every((word) => /^[A-Z]/.test(word) || /^(of|de|von|van|le|la|du)$/.test(word));
    if (entry.lines < 2 || !isProperName || key.split(' ').every((word) => COMMON_CAPITALISED_WORDS.has(word))) continue;
    const draft = emptyDraft(entry.name);
    drafts.push(draft);
    byKey.set(key, draft);
  }
}

function narrationCounts(book: Book, narrators: readonly NarratorRange[]): Map<string, { paragraphs: number; chapters: Set<number> }> {
  const counts = new Map<string, { paragraphs: number; chapters: Set<number> }>();
  if (narrators.length === 0) return counts;
  for (const chapter of book.chapters) {
    for (const speaker of paragraphNarrators(narrators, chapter.number, chapter.paragraphs)) {
      if (speaker === null) continue;
      const entry = counts.get(speaker) ?? { paragraphs: 0, chapters: new Set<number>() };
      entry.paragraphs += 1;
      entry.chapters.add(chapter.number);
      counts.set(speaker, entry);
    }
  }
  return counts;
}

/** Finds the characters of a parsed book, ranked by how much they speak, narrate and are named. */
export function discoverCharacters(book: Book, options: DiscoverCharactersOptions = {}): DiscoveredCharacter[] {
  return discoverWithEdits(book, options).characters;
}

/** Like `discoverCharacters`, also saying which of the author's edits still found their entries. */
export function discoverWithEdits(book: Book, options: DiscoverCharactersOptions = {}): EditedCharacters {
  const narrators = options.narrators ?? book.narrators ?? [];
  const narratorNames = options.narrators ? [] : (book.narratorNames ?? []);
  const speakers = countSpeakers(book.speeches);
  const genderOf = createGenderLookup(book.chapters);
  const drafts = draftsFromNames(book, speakers, genderOf);
  addEpithetCharacter(book, drafts, [...new Set([...narrators.map((range) => range.speaker), ...[...speakers.values()].map((entry) => entry.name)])]);
  addNarrators(drafts, narrators, narratorNames, genderOf);
  joinByAddress(book, drafts, speakers);
  addSpeakers(drafts, speakers);
  joinByIdentity(book, drafts);
  dropThings(book, drafts, speakers);
  return rankCharacters(book, drafts, narrators, options.limit ?? 40, options.edits);
}

/** Counts lines and narration for final drafts, applies the author's edits, and ranks them. */
export function rankCharacters(book: Book, drafts: readonly Draft[], narrators: readonly NarratorRange[], limit: number, edits: readonly CharacterEdit[] = []): EditedCharacters {
  const narration = narrationCounts(book, narrators);
  const found = drafts.map((draft): DiscoveredCharacter => {
    const narrated = narration.get(draft.name);
    return {
      name: draft.name,
      aliases: [...draft.aliases].filter((alias) => alias !== draft.name).sort(),
      sharedAliases: [...draft.sharedAliases].sort(),
      lines: 0,
      mentions: draft.mentions,
      chapters: [...new Set([...draft.chapters, ...(narrated?.chapters ?? [])])].sort((a, b) => a - b),
      isNarrator: draft.isNarrator || narrated !== undefined,
      narration: narrated?.paragraphs ?? 0,
    };
  });
  const { characters, applied } = applyCharacterEdits(book, found, edits);
  const lines = assignLines(book, characters);
  for (const character of characters) {
    const own = lines.get(character.name) ?? [];
    character.lines = own.length;
    character.chapters = [...new Set([...character.chapters, ...own.map((speech) => speech.chapter)])].sort((a, b) => a - b);
  }
  // An entry the author made (a split, a merge) stays listed even when it is small.
  const edited = new Set(edits.flatMap((edit) => (edit.op === 'merge' ? [edit.into] : edit.op === 'split' ? [edit.name ?? edit.alias] : edit.op === 'rename' ? [edit.to] : [])).map(nameKey));
  const score = (character: DiscoveredCharacter): number => character.lines * 2 + character.mentions + character.narration / 2;
  const ranked = characters
    .filter((character) => character.isNarrator || character.lines >= 2 || character.mentions + character.lines >= 4 || edited.has(nameKey(character.name)))
    .sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name))
    .slice(0, limit);
  return { characters: ranked, applied };
}
