/**
 * The steps of discovery that join drafts into one person on the text's evidence: a narrator
 * absorbs the drafts holding the names it was found by (and "Mrs. <surname>" when she is a
 * woman who married into it); a name of address joins the speaker it is consistently said to;
 * "known as" appositions and names tagging one turn of dialogue join their person.
 */
import type { Book, NarratorRange, SpeakerAliases } from './types.ts';
import { findAddressLinks } from './address-links.ts';
import { findAppositions, findTurnLinks } from './identity-links.ts';
import { isEpithet } from './epithets.ts';
import type { Gender } from './name-gender.ts';
import { areDistinctByName, emptyDraft, hasConflictingStanding, indexDrafts, mergeInto, namesOf, titlesOf, type Draft } from './character-drafts.ts';
import { titleClass } from './common-words.ts';
import { nameKey } from './name-key.ts';
import { isShortFormOf } from './nicknames.ts';

/** Paragraphs two names must tag together to be one speaker. */
const SAME_TURN_EVIDENCE = 2;
/** Of a name of address's links, the share that must point at one other draft to join it. */
const ADDRESS_AGREEMENT = 0.7;

/** Merges the drafts that hold a narrator's names into one draft under the narrator's name. */
export function addNarrators(drafts: Draft[], narrators: readonly NarratorRange[], narratorNames: readonly SpeakerAliases[], genderOf: (forms: readonly string[]) => Gender): void {
  for (const speaker of new Set(narrators.map((range) => range.speaker))) {
    const known = narratorNames.find((entry) => entry.name === speaker);
    const keys = new Set([speaker, ...(known?.aliases ?? [])].map(nameKey));
    // "the Doctor" narrates: the one person titled so.
    const title = /^the\s+(\p{L}+)$/iu.exec(speaker)?.[1];
    const byTitle = title && !isEpithet(speaker) ? drafts.filter((draft) => titlesOf(draft).has(titleClass(title))) : [];
    let holders = drafts.filter((draft) => namesOf(draft).some((name) => keys.has(nameKey(name))) || (byTitle.length === 1 && byTitle[0] === draft));
    if (holders.length === 0) {
      // "Elizabeth Lavenza" signs a letter; the book calls her "Elizabeth": the one draft that holds the first or last word.
      const words = speaker.split(/\s+/).filter((word) => /^\p{Lu}\p{Ll}/u.test(word));
      for (const word of words.length > 1 ? [words[0]!, words.at(-1)!] : []) {
        const byWord = drafts.filter((draft) => !draft.isNarrator && draft.forms.some((form) => form.words.length === 1 && form.words[0] === word));
        if (byWord.length === 1) {
          holders = byWord;
          break;
        }
      }
    }
    const [into, ...rest] = holders.sort((a, b) => b.mentions - a.mentions);
    const target = into ?? emptyDraft(speaker);
    for (const other of rest) {
      mergeInto(target, other);
      drafts.splice(drafts.indexOf(other), 1);
    }
    if (!into) drafts.push(target);
    if (target.name !== speaker) target.aliases.add(target.name);
    target.name = speaker;
    target.isNarrator = true;
    for (const alias of known?.aliases ?? []) target.aliases.add(alias);
    joinWifeForm(drafts, target, genderOf);
  }
}

/** "Mrs. Harker" is Mina Harker, who narrates, when the book speaks of Mina as she. */
function joinWifeForm(drafts: Draft[], narrator: Draft, genderOf: (forms: readonly string[]) => Gender): void {
  const fullNames = namesOf(narrator).map((name) => name.split(/\s+/)).filter((words) => words.length === 2 && words.every((word) => /^\p{Lu}\p{Ll}/u.test(word)));
  if (fullNames.length === 0 || genderOf([fullNames[0]![0]!]) !== 'female') return;
  const surnames = new Set(fullNames.map((words) => words[1]!));
  const wives = drafts.filter((draft) => draft !== narrator && draft.forms.length > 0 && draft.forms.every((form) => form.title !== null && titleClass(form.title) === 'mrs' && form.words.length === 1 && surnames.has(form.words[0]!)));
  if (wives.length !== 1) return;
  mergeInto(narrator, wives[0]!);
  drafts.splice(drafts.indexOf(wives[0]!), 1);
}

/** Joins a draft to the speaker its name of address is consistently said to ("Mr. Jones" to "the Welshman"). */
export function joinByAddress(book: Book, drafts: Draft[], speakers: Map<string, { lines: number }>): void {
  const byKey = indexDrafts(drafts);
  const lineCounts = (draft: Draft): number => namesOf(draft).reduce((sum, name) => sum + (speakers.get(nameKey(name))?.lines ?? 0), 0);
  const { links, usedBy } = findAddressLinks(book.speeches);
  const apart = new Set<string>();
  const pairKey = (a: Draft, b: Draft): string => `${drafts.indexOf(a)}:${drafts.indexOf(b)}`;
  for (const { vocative, speaker } of usedBy) {
    const a = byKey.get(nameKey(vocative));
    const b = byKey.get(nameKey(speaker));
    if (a && b) apart.add(pairKey(a, b)).add(pairKey(b, a));
  }
  const counts = new Map<Draft, Map<Draft, number>>();
  for (const { vocative, addressee } of links) {
    const from = byKey.get(nameKey(vocative));
    const to = byKey.get(nameKey(addressee));
    if (!from || !to || from === to) continue;
    const row = counts.get(from) ?? new Map<Draft, number>();
    row.set(to, (row.get(to) ?? 0) + 1);
    counts.set(from, row);
  }
  const merged = new Set<Draft>();
  for (const [from, row] of counts) {
    const total = [...row.values()].reduce((sum, count) => sum + count, 0);
    const [to, count] = [...row].sort((a, b) => b[1] - a[1])[0]!;
    if (merged.has(from) || merged.has(to) || count < ADDRESS_AGREEMENT * total || apart.has(pairKey(from, to))) continue;
    // The name of address must be a person's: titled ("Mr. Jones"), or a speaker of a line or two.
    // A speaker with many lines under their own name is someone else the dialogue turns to.
    const fromLines = lineCounts(from);
    const isTitled = titlesOf(from).size > 0;
    const isPetName = namesOf(from).some((name) => namesOf(to).some((other) => name !== other && !name.includes(' ') && isShortFormOf(name, other.split(' ')[0]!)));
    if ((!isTitled && !isPetName && fromLines === 0) || fromLines > 2 || lineCounts(to) < 2) continue;
    // One pair of evidence is enough only to name someone the book calls by an epithet ("the Welshman").
    const isEpithetLike = to.forms.length > 0 && to.forms.every((form) => form.title === null && form.words.length === 1 && form.afterThe * 2 >= form.total);
    if (count < 2 && !(isEpithetLike && isTitled)) continue;
    if (areDistinctByName(from, to) || from.isNarrator || (to.mentions < from.mentions && !isEpithetLike)) continue;
    const [into, other] = isEpithetLike && isTitled && !to.isNarrator ? [from, to] : [to, from];
    mergeInto(into, other);
    merged.add(other);
  }
  for (const draft of merged) drafts.splice(drafts.indexOf(draft), 1);
}

/**
 * Joins what the text says is one person: "known as" and "now Lord …" appositions, and two
 * names tagging one paragraph's quotations at least twice, when they never speak in adjacent
 * turns and their names do not say they are two people.
 */
export function joinByIdentity(book: Book, drafts: Draft[]): void {
  const byKey = indexDrafts(drafts);
  // The text saying so outright ("better known as") outweighs two different full names.
  const merge = (a: Draft, b: Draft, isSaidOutright: boolean): void => {
    if (a === b || !drafts.includes(a) || !drafts.includes(b) || (a.isNarrator && b.isNarrator)) return;
    if (isSaidOutright ? hasConflictingStanding(a, b) : areDistinctByName(a, b)) return;
    const [into, from] = a.isNarrator || a.mentions >= b.mentions ? [a, b] : [b, a];
    mergeInto(into, from);
    drafts.splice(drafts.indexOf(from), 1);
    for (const name of namesOf(from)) byKey.set(nameKey(name), into);
  };
  for (const { a, b } of findAppositions(book.chapters)) {
    const [first, second] = [byKey.get(nameKey(a)), byKey.get(nameKey(b))];
    if (first && second) merge(first, second, true);
    else if (first || second) {
      (first ?? second)!.aliases.add(first ? b : a);
      byKey.set(nameKey(first ? b : a), (first ?? second)!);
    }
  }
  const { same, apart } = findTurnLinks(book.speeches);
  const apartKeys = new Set(apart.map(([a, b]) => `${nameKey(a)}|${nameKey(b)}`));
  const counts = new Map<string, { a: string; b: string; count: number }>();
  for (const { a, b } of same) {
    const key = [nameKey(a), nameKey(b)].sort().join('|');
    const entry = counts.get(key) ?? { a, b, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  for (const { a, b, count } of counts.values()) {
    if (count < SAME_TURN_EVIDENCE || apartKeys.has(`${nameKey(a)}|${nameKey(b)}`) || apartKeys.has(`${nameKey(b)}|${nameKey(a)}`)) continue;
    const [first, second] = [byKey.get(nameKey(a)), byKey.get(nameKey(b))];
    if (first && second) merge(first, second, false);
  }
}

