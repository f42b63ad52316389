/**
 * A character while it is being discovered: its name, the forms and aliases it holds, its
 * mentions and chapters, and the operations discovery applies to it (merging two drafts,
 * finding the draft that holds a name).
 */
import type { NameCount } from './find-names.ts';
import { displayName, type NameGroup } from './group-names.ts';
import { nameKey } from './name-key.ts';
import { titleClass } from './common-words.ts';

/** A character being discovered. */
export interface Draft {
  name: string;
  forms: NameCount[];
  aliases: Set<string>;
  sharedAliases: Set<string>;
  mentions: number;
  chapters: Set<number>;
  isNarrator: boolean;
}

/** A draft from a group of name forms, with "the X" as an alias where the book writes it so. */
export function draftFrom(group: NameGroup): Draft {
  const aliases = new Set<string>();
  const chapters = new Set<number>();
  let mentions = 0;
  for (const form of group.forms) {
    aliases.add(form.form);
    if (form.afterThe * 5 >= form.total && form.afterThe > 0) aliases.add(`the ${form.form}`);
    mentions += form.total;
    for (const chapter of form.chapters) chapters.add(chapter);
  }
  return { name: group.forms.length > 0 ? displayName(group) : '', forms: [...group.forms], aliases, sharedAliases: new Set(), mentions, chapters, isNarrator: false };
}

/** An empty draft under a name (a narrator or a speaker the text never capitalises elsewhere). */
export function emptyDraft(name: string): Draft {
  return { name, forms: [], aliases: new Set(), sharedAliases: new Set(), mentions: 0, chapters: new Set(), isNarrator: false };
}

/** Every name a draft answers to, its own first. */
export function namesOf(draft: Draft): string[] {
  return [draft.name, ...draft.aliases];
}

/** Moves everything `from` holds into `into`; `into` keeps its name. */
export function mergeInto(into: Draft, from: Draft): void {
  if (into === from) return;
  into.forms.push(...from.forms);
  for (const alias of namesOf(from)) if (alias) into.aliases.add(alias);
  for (const alias of from.sharedAliases) into.sharedAliases.add(alias);
  into.mentions += from.mentions;
  for (const chapter of from.chapters) into.chapters.add(chapter);
  into.isNarrator ||= from.isNarrator;
}

/** Title standings a draft's forms carry ("mr", "mrs", "miss", …). */
export function titlesOf(draft: Draft): Set<string> {
  return new Set(draft.forms.filter((form) => form.title !== null).map((form) => titleClass(form.title!)));
}

/** Whether two drafts carry standings one person cannot have at once ("Mr." and "Mrs."). */
export function hasConflictingStanding(a: Draft, b: Draft): boolean {
  const exclusive = ['mr', 'mrs', 'miss'];
  const titlesA = [...titlesOf(a)].filter((title) => exclusive.includes(title));
  const titlesB = [...titlesOf(b)].filter((title) => exclusive.includes(title));
  return titlesA.length > 0 && titlesB.length > 0 && !titlesA.some((title) => titlesB.includes(title));
}

/** Whether two drafts cannot be one person by their names: different standings, different full names. */
export function areDistinctByName(a: Draft, b: Draft): boolean {
  if (hasConflictingStanding(a, b)) return true;
  const fullNames = (draft: Draft): string[] => draft.forms.filter((form) => form.title === null && form.words.length > 1).map((form) => form.form);
  const fullA = fullNames(a);
  const fullB = fullNames(b);
  return fullA.length > 0 && fullB.length > 0 && !fullA.some((name) => fullB.includes(name));
}

/** An index from name keys to the drafts holding them (the first holder wins). */
export function indexDrafts(drafts: readonly Draft[]): Map<string, Draft> {
  const byKey = new Map<string, Draft>();
  for (const draft of drafts) for (const name of namesOf(draft)) if (name && !byKey.has(nameKey(name))) byKey.set(nameKey(name), draft);
  return byKey;
}
