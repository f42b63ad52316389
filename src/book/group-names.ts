/**
 * Grouping the forms of a name that belong to one person.
 * - Full names join when they share a surname and their first names are one name's forms
 *   ("Huck Finn", "Huckleberry Finn"; "Tom Sawyer", "Thomas Sawyer").
 * - A title with a surname joins the one full name of that surname when the sexes agree
 *   ("M. Frankenstein"); "Mrs. Harper" never joins "Joe Harper", and "Miss Bennet" joins a
 *   full name only when she is the one woman of that surname. Titles of different standing
 *   ("Mr.", "Mrs.", "Miss") stay different people.
 * - A single word joins the one person whose name holds it ("Potter" -> "Muff Potter"), or a
 *   short form of their first name ("Hucky"), unless it is mostly used where that person is not
 *   (bare "Jim" is not "Jim Hollis"). A word several people's names hold ("Joe": "Injun Joe",
 *   "Joe Harper") is shared, for the caller to resolve by context; so is a title alone ("the
 *   Judge") that several titled people carry.
 * - A full name printed in the text, even once, joins its first name and its surname.
 */
import { FIRST_NAME_TITLES, NAME_TITLES, titleClass } from './common-words.ts';
import type { NameCount } from './find-names.ts';
import type { Gender } from './name-gender.ts';
import { isShortFormOf } from './nicknames.ts';

/** The forms that name one character. */
export interface NameGroup {
  forms: NameCount[];
}

/** A form several groups' names hold: who it means depends on where it is used. */
export interface SharedForm {
  form: NameCount;
  holders: NameGroup[];
}

/** Options for `groupNames`. */
export interface GroupNamesOptions {
  /** Multi-word forms printed in the text but too rare to list, as evidence that their words go together. */
  hints?: readonly NameCount[];
  /** He or she, for a set of forms; unknown when omitted. */
  genderOf?: (forms: readonly string[]) => Gender;
}

/** Groups and the forms left shared between them. */
export interface GroupedNames {
  groups: NameGroup[];
  shared: SharedForm[];
}

interface Person {
  group: NameGroup;
  firsts: Set<string>;
  surnames: Set<string>;
  titles: Set<string>;
}

/** A bare word mostly used away from the person it would join belongs to someone else. */
const MIN_OVERLAP = 0.3;
/** Forms of address that may go with a first name as well as a surname ("Miss Lizzy", "Madam Mina"). */
const ADDRESS_TITLES = new Set(['miss', 'madam', 'madame', 'mademoiselle', 'mlle']);
/** Titles of standing that exclude each other for one person. */
const EXCLUSIVE_TITLES = new Set(['mr', 'mrs', 'miss']);

function lower(word: string): string {
  return word.toLowerCase();
}

function total(person: Person): number {
  return person.group.forms.reduce((sum, form) => sum + form.total, 0);
}

function isTitleWord(word: string): boolean {
  const bare = lower(word);
  return NAME_TITLES.has(bare) && !['m', 'st', 'mr', 'mrs', 'ms', 'dr', 'mme', 'mlle', 'rev'].includes(bare);
}

function hasConflictingTitle(person: Person, cls: string): boolean {
  return EXCLUSIVE_TITLES.has(cls) && [...person.titles].some((title) => EXCLUSIVE_TITLES.has(title) && title !== cls);
}

/** The share of a form's uses in chapters (or next to chapters) where the person's other forms appear. */
function overlap(form: NameCount, person: Person): number {
  const near = new Set<number>();
  for (const other of person.group.forms) for (const chapter of other.chapters) for (const delta of [-1, 0, 1]) near.add(chapter + delta);
  let inside = 0;
  for (const [chapter, count] of form.byChapter) if (near.has(chapter)) inside += count;
  return form.total === 0 ? 0 : inside / form.total;
}

/** Groups accepted name forms into characters (see the module comment). */
export function groupNames(accepted: readonly NameCount[], options: GroupNamesOptions = {}): GroupedNames {
  const genderOf = options.genderOf ?? (() => null);
  const persons: Person[] = [];
  const shared: SharedForm[] = [];
  const create = (form: NameCount, first: string | null, surname: string | null, title: string | null): Person => {
    const person: Person = { group: { forms: [form] }, firsts: new Set(first ? [lower(first)] : []), surnames: new Set(surname ? [lower(surname)] : []), titles: new Set(title ? [title] : []) };
    persons.push(person);
    return person;
  };
  const genderOfPerson = (person: Person): Gender => genderOf(person.group.forms.map((form) => form.form));
  const sexOfTitles = (person: Person): Set<string> => new Set([...person.titles].map((title) => NAME_TITLES.get(title) ?? 'neutral'));
  const isManOf = (person: Person): boolean => sexOfTitles(person).has('male') || (person.titles.size === 0 && genderOfPerson(person) === 'male');
  const isWomanOf = (person: Person): boolean => sexOfTitles(person).has('female') || (!sexOfTitles(person).has('male') && genderOfPerson(person) === 'female');

  const multi = accepted.filter((form) => form.title === null && form.words.length > 1).sort((a, b) => b.total - a.total);
  const titledMulti = accepted.filter((form) => form.title !== null && form.words.length > 1).sort((a, b) => b.total - a.total);
  const titledSingle = accepted.filter((form) => form.title !== null && form.words.length === 1).sort((a, b) => b.total - a.total);
  const singles = accepted.filter((form) => form.title === null && form.words.length === 1).sort((a, b) => b.total - a.total);

  const joinFullName = (form: NameCount, cls: string | null): void => {
    const first = form.words[0]!;
    const surname = form.words.at(-1)!;
    const match = persons.find((person) => person.surnames.has(lower(surname)) && [...person.firsts].some((name) => isShortFormOf(name, first)) && (cls === null || !hasConflictingTitle(person, cls)));
    if (match) {
      match.group.forms.push(form);
      match.firsts.add(lower(first));
      if (cls) match.titles.add(cls);
    } else create(form, first, surname, cls);
  };
  for (const form of multi) joinFullName(form, null);
  for (const form of titledMulti) joinFullName(form, titleClass(form.title!));

  for (const form of titledSingle) {
    const cls = titleClass(form.title!);
    const word = lower(form.words[0]!);
    const same = persons.find((person) => person.titles.has(cls) && (person.surnames.has(word) || person.firsts.has(word)));
    if (same) {
      same.group.forms.push(form);
      continue;
    }
    const takesFirstName = FIRST_NAME_TITLES.has(lower(form.title!));
    // "Madam Mina", "Miss Lizzy": an address that goes with a first name, on a word that is nobody's
    // surname but one person's first name. "Colonel Fitzwilliam" is a surname, never Fitzwilliam Darcy.
    const isSomeonesSurname = persons.some((person) => person.surnames.has(word));
    const mayTakeFirstName = takesFirstName || ADDRESS_TITLES.has(lower(form.title!));
    const byFirstName = mayTakeFirstName && !isSomeonesSurname ? persons.filter((person) => person.firsts.has(word) && !hasConflictingTitle(person, cls)) : [];
    const candidates = byFirstName.length === 1 ? byFirstName : persons.filter((person) => {
      if (hasConflictingTitle(person, cls)) return false;
      const holds = person.surnames.has(word) || (takesFirstName && person.firsts.has(word));
      if (!holds) return false;
      // A married woman's surname is her husband's, not a girl's of that family.
      if (cls === 'mrs' && !person.titles.has('mrs')) return false;
      return true;
    });
    const sex = NAME_TITLES.get(lower(form.title!)) ?? 'neutral';
    // The pronoun count reads the whole book, so it is asked only about the one candidate.
    const fits = (person: Person): boolean => {
      const gender = genderOfPerson(person);
      if (sex === 'neutral') return gender === null || gender === genderOf([form.form]) || genderOf([form.form]) === null;
      return cls === 'miss' ? gender === 'female' : gender === null || gender === sex;
    };
    if (candidates.length === 1 && fits(candidates[0]!)) {
      candidates[0]!.group.forms.push(form);
      candidates[0]!.titles.add(cls);
    } else create(form, takesFirstName || byFirstName.length > 0 ? form.words[0]! : null, takesFirstName || byFirstName.length > 0 ? null : form.words[0]!, cls);
  }

  for (const form of singles) {
    const word = lower(form.words[0]!);
    let candidates: Person[];
    if (isTitleWord(word)) {
      // "the Judge": someone who carries that title.
      const cls = titleClass(word);
      candidates = persons.filter((person) => person.titles.has(cls));
    } else {
      // "Hucky", "Huckleberry" of "Huck Finn": prefixes and pet endings; listed pairs need more evidence.
      const isPrefixForm = (first: string): boolean => first !== word && (first.startsWith(word) || word.startsWith(first)) && isShortFormOf(word, first);
      candidates = persons.filter((person) => person.surnames.has(word) || person.firsts.has(word) || [...person.firsts].some(isPrefixForm));
    }
    if (candidates.length === 0) {
      create(form, form.words[0]!, null, null);
      continue;
    }
    if (candidates.length === 1) {
      const person = candidates[0]!;
      if (overlap(form, person) >= MIN_OVERLAP || form.total <= 3 * total(person)) {
        person.group.forms.push(form);
        person.firsts.add(word);
      } else create(form, form.words[0]!, null, null);
      continue;
    }
    // A bare surname is the man's: the women of the family are "Miss" and "Mrs.", never "Bingley".
    const surnameHolders = candidates.filter((person) => person.surnames.has(word));
    const men = surnameHolders.filter((person) => isManOf(person));
    if (men.length === 1 && surnameHolders.length === candidates.length && surnameHolders.every((person) => person === men[0] || isWomanOf(person))) {
      men[0]!.group.forms.push(form);
      continue;
    }
    shared.push({ form, holders: candidates.sort((a, b) => total(b) - total(a)).map((person) => person.group) });
  }

  // A full name printed even once ("Henry Clerval") joins the first name and the surname it holds.
  for (const hint of options.hints ?? []) {
    if (hint.title !== null || hint.words.length !== 2) continue;
    const [first, surname] = hint.words.map(lower) as [string, string];
    const firstHolders = persons.filter((person) => person.firsts.has(first) && person.group.forms.every((form) => form.words.length === 1));
    const surnameHolders = persons.filter((person) => (person.firsts.has(surname) || person.surnames.has(surname)) && person.group.forms.every((form) => form.words.length === 1 && form.title === null));
    if (firstHolders.length !== 1 || surnameHolders.length !== 1 || firstHolders[0] === surnameHolders[0]) continue;
    const [into, from] = [firstHolders[0]!, surnameHolders[0]!].sort((a, b) => total(b) - total(a)) as [Person, Person];
    into.group.forms.push(...from.group.forms, hint);
    into.firsts.add(first);
    into.surnames.add(surname);
    persons.splice(persons.indexOf(from), 1);
    for (const entry of shared) entry.holders = entry.holders.map((holder) => (holder === from.group ? into.group : holder));
  }
  return { groups: persons.map((person) => person.group), shared };
}

/**
 * The name to show for a group: a full name holding a word the group is called by ("Tom Sawyer"
 * over "Tom"), else the
 * longest form used at least a quarter as often as the most used one, with "The" in front when
 * the book mostly writes "the" before it ("The Hatter").
 */
export function displayName(group: NameGroup): string {
  const most = Math.max(...group.forms.map((form) => form.total));
  const words = new Set(group.forms.filter((form) => form.words.length === 1).map((form) => lower(form.words[0]!)));
  // "Tom Sawyer" for a group mostly called "Tom": a full name whose first or last word it is called by.
  const full = group.forms
    .filter((form) => form.title === null && form.words.length === 2 && form.words.some((word) => words.has(lower(word))))
    .sort((a, b) => b.total - a.total)[0];
  if (full && full.afterThe * 2 < full.total) return full.form;
  const chosen = [...group.forms]
    .filter((form) => form.total * 4 >= most)
    .sort((a, b) => b.words.length + (b.title ? 1 : 0) - (a.words.length + (a.title ? 1 : 0)) || b.total - a.total)[0]!;
  return chosen.title === null && chosen.afterThe * 2 >= chosen.total ? `The ${chosen.form}` : chosen.form;
}
