/**
 * Naming a first-person narrator the narration never names: the names others use to address
 * "I" in dialogue (above all when "I" answers next), the names "I" gives themselves ("call me
 * Ishmael"), less the names "I" uses to address others and those the narration uses of someone
 * else. Then printed forms are made whole from the book's own names: "R. Walton" and "R.W." are
 * "Robert Walton"; "Victor", addressed as often as the surname "Frankenstein", is "Victor
 * Frankenstein".
 */
import type { Speech } from './types.ts';
import type { NameCount } from './find-names.ts';
import { NAME_TITLES } from './common-words.ts';
import { selfNamesIn, vocativesIn } from './vocatives.ts';
import { isShortFormOf } from './nicknames.ts';

/** The speaker the first attribution pass gives to every "said I". */
export const FIRST_PERSON_SPEAKER = '\u0000I';

/** Names of one narrator: what to call them and every name the evidence used. */
export interface NarratorName {
  name: string;
  aliases: string[];
}

/** How many paragraphs later a reply by "I" still answers an address. */
const REPLY_REACH_PARAGRAPHS = 2;
/** Evidence a name needs to name a narrator. */
const MIN_SCORE = 2;

function stripTitle(name: string): string {
  const words = name.split(/\s+/);
  const first = words[0]!.replace(/\.$/, '').toLowerCase();
  return words.length > 2 && NAME_TITLES.has(first) ? words.slice(1).join(' ') : name;
}

function hasTitle(name: string): boolean {
  const words = name.split(/\s+/);
  return words.length > 1 && NAME_TITLES.has(words[0]!.replace(/\.$/, '').toLowerCase());
}

/** The words of a name without its title, lowercase. */
function nameWords(name: string): string[] {
  const words = name.split(/\s+/);
  return (hasTitle(name) ? words.slice(1) : words).map((word) => word.toLowerCase());
}

function isInitials(name: string): boolean {
  return /^(?:\p{Lu}\.\s*){2,3}$/u.test(name);
}

/** Scores names as the narrator's over one stretch: its speeches in order and its narration. */
export function scoreNarratorNames(speeches: readonly Speech[], narration: readonly string[]): Map<string, number> {
  const scores = new Map<string, number>();
  const add = (name: string, value: number): void => void scores.set(name, (scores.get(name) ?? 0) + value);
  const speakers = new Map<string, number>();
  for (const [index, speech] of speeches.entries()) {
    if (speech.speaker === FIRST_PERSON_SPEAKER) {
      // Whom "I" addresses is someone else; what "I" calls themselves is the narrator.
      for (const name of vocativesIn(speech.text)) add(name, -2);
      for (const name of selfNamesIn(speech.text)) add(name, 4);
      continue;
    }
    if (speech.speaker !== null) speakers.set(speech.speaker, (speakers.get(speech.speaker) ?? 0) + 1);
    // The answer is the next quotation in a later paragraph (a quote split by its tag is one speech).
    const next = speeches.slice(index + 1, index + 4).find((later) => later.chapter !== speech.chapter || (later.paragraph ?? 0) > (speech.paragraph ?? 0));
    const isAnswered = next?.speaker === FIRST_PERSON_SPEAKER && next.chapter === speech.chapter && (next.paragraph ?? 0) - (speech.paragraph ?? 0) <= REPLY_REACH_PARAGRAPHS;
    for (const name of vocativesIn(speech.text)) add(name, (speech.speaker === null ? 0.5 : 1) + (isAnswered ? 1.5 : 0));
  }
  const text = narration.join('\n');
  for (const name of selfNamesIn(text)) add(name, 4);
  for (const [name, score] of scores) {
    if (score <= 0) continue;
    // A name the narration uses, or one with lines of its own, belongs to someone else.
    const pattern = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
    const inNarration = text.match(pattern)?.length ?? 0;
    scores.set(name, score - 0.3 * inNarration - ((speakers.get(name) ?? 0) >= 2 ? 100 : 0));
  }
  return scores;
}

/** Whether a single word is a surname in this book: it ends other names ("M. Frankenstein"). */
function isSurname(word: string, names: ReadonlyMap<string, NameCount>): boolean {
  const lower = word.toLowerCase();
  for (const name of names.values()) {
    if ((name.words.length > 1 || name.title !== null) && name.words.at(-1)?.toLowerCase() === lower) return true;
  }
  return false;
}

/**
 * The narrator's names from scored candidates: the best, and the others close to it that fit it
 * as parts of one name (a first name and a surname, a titled form of the same surname).
 */
export function pickNarratorName(scores: ReadonlyMap<string, number>, names: ReadonlyMap<string, NameCount>): NarratorName | null {
  const ranked = [...scores].filter(([, score]) => score >= MIN_SCORE).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const best = ranked[0];
  if (!best) return null;
  const chosen = [best[0]];
  const bestWords = nameWords(best[0]);
  for (const [name, score] of ranked.slice(1)) {
    if (score < Math.max(MIN_SCORE, 0.25 * best[1])) break;
    const words = nameWords(name);
    const sharesWord = words.some((word) => bestWords.includes(word));
    const isOtherHalf = words.length === 1 && bestWords.length === 1 && isSurname(name, names) !== isSurname(best[0], names);
    // "Bess" and "Elizabeth": one first name's forms, each used by others to address "I".
    const isPetForm = words.length === 1 && bestWords.length === 1 && isShortFormOf(name, best[0]);
    if (sharesWord || isPetForm || (isOtherHalf && chosen.length === 1)) chosen.push(name);
  }
  // A title alone ("Doctor") is no first name.
  const first = chosen.find((name) => nameWords(name).length === 1 && !isSurname(name, names) && !hasTitle(name) && !NAME_TITLES.has(name.toLowerCase()));
  const surname = chosen.find((name) => nameWords(name).length === 1 && isSurname(name, names) && name !== first);
  const full = first && surname ? `${first} ${surname}` : null;
  const longest = [...chosen].sort((a, b) => nameWords(b).length - nameWords(a).length || (scores.get(b) ?? 0) - (scores.get(a) ?? 0))[0]!;
  const name = full !== null && nameWords(longest).length < 2 ? full : longest;
  return { name, aliases: chosen.filter((alias) => alias !== name) };
}

/**
 * Makes a printed name whole from the book's names and the other narrators: "Miss Mina Murray"
 * -> "Mina Murray", "R. Walton" and "R.W." -> "Robert Walton", "Walton" -> "Robert Walton" when
 * that is the one full name ending so.
 */
export function expandName(raw: string, names: ReadonlyMap<string, NameCount>, known: readonly string[]): string {
  const name = stripTitle(raw.trim());
  const isWhole = (form: string): boolean => nameWords(form).length >= 2 && !nameWords(form).some((word) => /^\p{L}\.$/u.test(word));
  const fullForms = [...known.filter(isWhole), ...[...names.values()].filter((form) => form.title === null && form.words.length >= 2).map((form) => form.form)];
  const count = (form: string): number => names.get(form)?.total ?? 1;
  const pick = (matches: string[]): string | null => {
    const unique = [...new Set(matches)].sort((a, b) => count(b) - count(a));
    if (unique.length === 0) return null;
    return unique.length === 1 || count(unique[0]!) >= 2 * count(unique[1]!) ? unique[0]! : null;
  };
  if (isInitials(name)) {
    const letters = name.replace(/[.\s]/g, '').toLowerCase();
    return pick(fullForms.filter((form) => nameWords(form).map((word) => word[0]).join('') === letters)) ?? name;
  }
  const words = name.split(/\s+/);
  const initial = /^(\p{Lu})\.$/u.exec(words[0] ?? '');
  if (initial && words.length === 2) {
    const surname = words[1]!.toLowerCase();
    return pick(fullForms.filter((form) => nameWords(form).at(-1) === surname && form.startsWith(initial[1]!))) ?? name;
  }
  if (words.length === 1 && !/^the$/i.test(words[0]!)) {
    const lower = name.toLowerCase();
    // A surname alone is a family's ("Frankenstein" is Victor and his father): only another
    // narrator's full name completes it; a first name may be completed from the book's names.
    const bySurname = [...new Set(known.filter(isWhole).filter((form) => nameWords(form).at(-1) === lower))];
    return pick(fullForms.filter((form) => nameWords(form)[0] === lower)) ?? (bySurname.length === 1 ? bySurname[0]! : name);
  }
  return name;
}

/** Whether two narrator names name one person: one's words hold the other's, or initials fit. */
export function isSameNarrator(a: string, b: string): boolean {
  if (a === b) return true;
  const wordsA = nameWords(a);
  const wordsB = nameWords(b);
  if (isInitials(a) || isInitials(b)) {
    const [initials, full] = isInitials(a) ? [a, wordsB] : [b, wordsA];
    return initials.replace(/[.\s]/g, '').toLowerCase() === full.map((word) => word[0]).join('');
  }
  const [shorter, longer] = wordsA.length <= wordsB.length ? [wordsA, wordsB] : [wordsB, wordsA];
  // "R. Walton" and "Robert Walton": an initial stands for a word it begins.
  const fits = (word: string): boolean => longer.some((other) => other === word || (/^\p{L}\.$/u.test(word) && other.startsWith(word[0]!)) || (/^\p{L}\.$/u.test(other) && word.startsWith(other[0]!)));
  return shorter.length > 0 && shorter.every(fits) && shorter.some((word) => !/^\p{L}\.$/u.test(word));
}
