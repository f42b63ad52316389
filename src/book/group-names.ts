/**
 * Grouping the forms of a name that belong to one character: "Mr. Darcy" with "Darcy",
 * "White Rabbit" with "Rabbit", "Queen of Hearts" with "Queen". Titles of different sexes stay
 * apart ("Mr. Bennet", "Mrs. Bennet"); a bare word shared by several names goes to the one used
 * at least twice as often, or stands alone when none is.
 */
import { NAME_TITLES } from './common-words.ts';
import type { NameCount } from './find-names.ts';

/** The forms that name one character. */
export interface NameGroup {
  forms: NameCount[];
}

function groupTotal(group: NameGroup): number {
  return group.forms.reduce((sum, form) => sum + form.total, 0);
}

/** Groups accepted name forms into characters. */
export function groupNames(accepted: NameCount[]): NameGroup[] {
  const ordered = [...accepted].sort((a, b) => b.words.length - a.words.length || (b.title ? 1 : 0) - (a.title ? 1 : 0) || b.total - a.total);
  const groups: NameGroup[] = [];
  const byKey = new Map<string, NameGroup>();
  for (const name of ordered) {
    if (name.title !== null || name.words.length > 1) {
      const sex = name.title === null ? 'none' : (NAME_TITLES.get(name.title) ?? 'neutral');
      const key = `${sex}:${name.words.join(' ').toLowerCase()}`;
      const existing = byKey.get(key);
      if (existing) {
        existing.forms.push(name);
        continue;
      }
      const group: NameGroup = { forms: [name] };
      groups.push(group);
      byKey.set(key, group);
      continue;
    }
    const word = name.words[0]!;
    const holders = groups
      .filter((group) => group.forms.some((form) => form.words.includes(word)))
      .sort((a, b) => groupTotal(b) - groupTotal(a));
    const [best, runnerUp] = holders;
    if (best && (runnerUp === undefined || groupTotal(best) >= 2 * groupTotal(runnerUp))) {
      best.forms.push(name);
      continue;
    }
    groups.push({ forms: [name] });
  }
  return groups;
}

/**
 * The name to show for a group: the longest form used at least a quarter as often as the most
 * used one, with "The" in front when the book mostly writes "the" before it ("The Hatter").
 */
export function displayName(group: NameGroup): string {
  const most = Math.max(...group.forms.map((form) => form.total));
  const chosen = [...group.forms]
    .filter((form) => form.total * 4 >= most)
    .sort((a, b) => b.words.length + (b.title ? 1 : 0) - (a.words.length + (a.title ? 1 : 0)) || b.total - a.total)[0]!;
  return chosen.title === null && chosen.afterThe * 2 >= chosen.total ? `The ${chosen.form}` : chosen.form;
}
