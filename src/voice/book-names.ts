/**
 * The people and places a book names, for finding them in a visitor's message and in the book's
 * sentences: the cards' names and aliases, the book's speakers, and the proper names the book
 * uses often (book/find-names), grouped into one entry per character or place, each with the
 * pronoun the narration uses for it.
 */
import { findNames } from '../book/find-names.ts';
import { groupNames } from '../book/group-names.ts';
import type { Book } from '../book/types.ts';
import { bookFormSource } from '../book/alias-forms.ts';
import type { BookSentence } from './book-sentences.ts';
import type { Gender, VoiceCharacter } from './voice-character.ts';
import { genderOfDescription } from './voice-character.ts';

/** One person or place of the book. */
export interface KnownName {
  /** The canonical name (a card's name when a card names it). */
  name: string;
  /** The forms it is written in, without "the" ("Hatter", "Mad Hatter"). */
  forms: string[];
  gender: Gender;
  isPlace: boolean;
  /** The card of this character, when there is one. */
  characterId?: string;
}

/** A name found in a text. */
export interface NameMention {
  name: KnownName;
  start: number;
  end: number;
}

/** The names of one book and how to find them. */
export interface NameIndex {
  names: KnownName[];
  /** Names in a text, longest form first, no overlaps; visitors' text is matched without regard to case. */
  find(text: string, options?: { isVisitorText?: boolean }): NameMention[];
  byName(name: string): KnownName | undefined;
}

const FEMALE_WORDS = /^(?:queen|duchess|cook|sister|mother|lady|girl|woman|wife|aunt|princess|daughter|madame|mrs|miss)\b/i;
const MALE_WORDS = /^(?:king|duke|father|brother|man|boy|husband|uncle|prince|son|mr|m\.|monsieur|sir|lord|captain|professor)\b/i;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function bare(form: string): string {
  return form.replace(/^the\s+/i, '').trim();
}

/** Tallies the pronoun that follows a name within a few words of narration. */
function tallyGender(forms: string[], sentences: BookSentence[]): Gender {
  const tally = { female: 0, male: 0, neuter: 0 };
  const pattern = new RegExp(String.raw`\b(?:${forms.map(escape).join('|')})\b(?:\W+\w+){0,6}?\W+(she|her|herself|he|him|his|himself|it|its|itself)\b`, 'g');
  for (const sentence of sentences) {
    for (const match of sentence.text.matchAll(pattern)) {
      const pronoun = match[1]!;
      if (/^(?:she|her|herself)$/.test(pronoun)) tally.female += 1;
      else if (/^(?:he|him|his|himself)$/.test(pronoun)) tally.male += 1;
      else tally.neuter += 0.5;
    }
  }
  const ranked = (Object.entries(tally) as Array<[Gender, number]>).sort((left, right) => right[1] - left[1]);
  const [best, second] = ranked;
  // A protagonist's pronoun follows every name near it; only a clear majority says whose it is.
  return best && best[1] >= 3 && best[1] >= 2 * (second?.[1] ?? 0) ? best[0] : 'unknown';
}

/** Builds the name index of a book for the characters whose cards come from it. */
export function createNameIndex(book: Book, sentences: BookSentence[], characters: VoiceCharacter[]): NameIndex {
  const found = findNames(book.chapters);
  const accepted = [...found.names.values()].filter((name) => name.midSentence >= 3 || name.afterThe >= 3);
  const names: KnownName[] = [];
  const byForm = new Map<string, KnownName>();
  const add = (entry: KnownName) => {
    names.push(entry);
    for (const form of entry.forms) if (!byForm.has(form.toLowerCase())) byForm.set(form.toLowerCase(), entry);
  };
  for (const character of characters) {
    const forms = [...new Set([character.name, ...character.aliases].map(bare).filter((form) => form.length > 1))];
    add({ name: character.name, forms, gender: genderOfDescription(`${character.description} ${character.personality}`), isPlace: false, characterId: character.id });
  }
  const speakers = new Map<string, number>();
  for (const speech of book.speeches) if (speech.speaker) speakers.set(speech.speaker, (speakers.get(speech.speaker) ?? 0) + 1);
  for (const group of groupNames(accepted).groups) {
    const forms = group.forms.map((form) => form.form);
    const owner = forms.map((form) => byForm.get(form.toLowerCase())).find(Boolean);
    if (owner) {
      for (const form of forms) if (!owner.forms.includes(form)) owner.forms.push(form);
      continue;
    }
    const total = group.forms.reduce((sum, form) => sum + form.total, 0);
    // "Come", "Beautiful": ordinary words at the start of a line of verse or speech, not names.
    const only = group.forms.length === 1 ? group.forms[0]! : undefined;
    const isOrdinaryWord = only !== undefined && only.words.length === 1 && only.afterThe === 0 && only.midSentence < 0.4 * only.total && (found.lowercaseCounts.get(only.form.toLowerCase()) ?? 0) > 0;
    if (isOrdinaryWord && !forms.some((form) => speakers.has(form))) continue;
    const afterPlace = group.forms.reduce((sum, form) => sum + form.afterPlacePreposition, 0);
    const isSpeaker = forms.some((form) => (speakers.get(form) ?? 0) > 0);
    const name = [...forms].sort((left, right) => right.length - left.length)[0]!;
    add({ name, forms, gender: 'unknown', isPlace: !isSpeaker && afterPlace >= 0.25 * total, });
  }
  for (const [speaker, count] of speakers) {
    if (count >= 3 && !byForm.has(bare(speaker).toLowerCase())) add({ name: speaker, forms: [speaker], gender: 'unknown', isPlace: false });
  }
  for (const entry of names) {
    if (entry.gender !== 'unknown' || entry.isPlace) continue;
    const byWord = FEMALE_WORDS.test(entry.name) ? 'female' : MALE_WORDS.test(entry.name) ? 'male' : 'unknown';
    entry.gender = byWord !== 'unknown' ? byWord : tallyGender(entry.forms, sentences);
  }
  const lowercaseCommon = (form: string) => !form.includes(' ') && (found.lowercaseCounts.get(form.toLowerCase()) ?? 0) >= 3;
  const ordered = names.flatMap((name) => name.forms.map((form) => ({ name, form }))).sort((left, right) => right.form.length - left.form.length);
  // In the book's own text a lowercase epithet word names the character only after "the", "my", "this"...
  const strict = ordered.map(({ name, form }) => ({ name, pattern: new RegExp(String.raw`(?<![\p{L}])${bookFormSource(form, true)}(?![\p{L}])`, 'gu') }));
  const loose = ordered.map(({ name, form }) => ({
    name,
    // In a visitor's lowercase message "the cat" may be the Cat, but a bare "time" is not Time.
    pattern: new RegExp(String.raw`(?<![\p{L}])${lowercaseCommon(form) ? 'the\\s+' : '(?:the\\s+)?'}${escape(form)}(?![\p{L}])`, 'giu'),
  }));

  return {
    names,
    find(text, options = {}) {
      const mentions: NameMention[] = [];
      for (const { name, pattern } of options.isVisitorText ? loose : strict) {
        for (const match of text.matchAll(pattern)) {
          const start = match.index;
          const end = start + match[0].length;
          if (mentions.some((mention) => start < mention.end && end > mention.start)) continue;
          mentions.push({ name, start, end });
        }
      }
      return mentions.sort((left, right) => left.start - right.start);
    },
    byName: (name) => names.find((entry) => entry.name === name),
  };
}
