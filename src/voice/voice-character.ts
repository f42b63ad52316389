import type { NarratorRange } from '../book/extract-speeches.ts';
import type { Book } from '../book/types.ts';

/**
 * What the voice knows of a character: the card's fields it speaks from, as plain data, so the
 * voice depends on no card schema (main.ts maps the card onto this).
 */
export interface VoiceCharacter {
  id: string;
  name: string;
  /** Other names the book uses for it ("the Hatter", "Cheshire Puss"). */
  aliases: string[];
  description: string;
  personality: string;
  scenario: string;
  /** The card's greeting. */
  firstMessage: string;
  /** SillyTavern example dialogue: `<START>` blocks of `{{user}}:` and `{{char}}:` lines. */
  messageExamples: string;
  /** Words of manner ("curious", "grave"). */
  manner: string[];
  /** The last chapter (1-based position) whose events it knows, if limited. */
  lastChapter?: number;
  /** What it does not know, in plain words. */
  doesNotKnow: string[];
}

/** A book as the voice reads it: the parsed book and who narrates which chapters. */
export interface VoiceBook {
  book: Book;
  narrators: NarratorRange[];
}

/** A character with its book, as the voice looks it up by id. */
export interface VoiceSubject {
  character: VoiceCharacter;
  book: VoiceBook;
  /** The other characters of the same book, for their names and aliases. */
  bookmates: VoiceCharacter[];
}

/** The grammatical person a character is referred to by in narration. */
export type Gender = 'female' | 'male' | 'neuter' | 'unknown';

/** The pronoun set a card's own description uses most for its character. */
export function genderOfDescription(text: string): Gender {
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length;
  const tallies: Array<[Gender, number]> = [
    ['female', count(/\b(?:she|her|hers|herself)\b/gi)],
    ['male', count(/\b(?:he|him|his|himself)\b/gi)],
    ['neuter', count(/\b(?:it|its|itself)\b/gi) * 0.6],
  ];
  tallies.sort((left, right) => right[1] - left[1]);
  const [best, second] = tallies;
  return best && best[1] >= 2 && best[1] > (second?.[1] ?? 0) ? best[0] : 'unknown';
}
