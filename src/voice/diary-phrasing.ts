/**
 * What the offline diary (reflection/offline-reflection.ts) needs from the voice, so a diary
 * entry keeps whose words are whose as replies do: a sentence of the book in the character's
 * first person, the best clauses of a long one, and which visitor sentences may be quoted at all.
 */
import { findInstructions } from '../safety/instruction.ts';
import { toFirstPerson } from './first-person.ts';
import { readCharacter } from './reading.ts';
import { renderExcerpt, selectClauses } from './render-excerpt.ts';
import { contentTerms, countWords, stemWord } from './text.ts';
import type { VoiceSubject } from './voice-character.ts';

/** The diary's view of the voice for one character. */
export interface DiaryPhrasing {
  /**
   * A sentence of the book as the character would write it: its own narration as it stands,
   * narration about it in the first person, another narrator's words as theirs ("As Frankenstein
   * told it, ..."); null when it cannot be said without garbling whose words are whose.
   */
  tellSentence(sentence: string): string | null;
  /** The clauses of a long sentence that hold most of `words`, cut only at ; : and dashes, at most `maxWords`. */
  clause(text: string, words: string[], maxWords: number): string;
  /**
   * Whether a visitor's sentence may be quoted in a diary: a plain statement about themselves
   * (in the first person, no question, no order to the character, nothing that reads as an
   * instruction), short enough to quote.
   */
  isQuotableVisitorSentence(sentence: string): boolean;
  /** Whether a text reads as a diary entry or quotes one, so it is not quoted inside a new one. */
  isDiaryQuote(text: string): boolean;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

const ORDER = /^[\s"“'‘(]*(?:please\s+)?(?:write|say|tell|repeat|ignore|forget|pretend|act|be|become|imagine|translate|list|give|show|print|describe|explain|answer|reply|respond|stop|start|begin|remember)\b/i;
// The openings of the offline diary's own sentences, which must never come back inside a new entry.
const DIARY_OPENINGS = /\b(?:It reminded me of something I once thought|Once I wrote|I remember I once put it|I have been thinking about a visitor|Returning to “|Tonight I opened “|I have been mulling “|When I last thought it over, I wrote|I remember what you said to me)/;

/** Creates the diary's phrasing for one character (its reading of the book is shared with replies). */
export function createDiaryPhrasing(subject: VoiceSubject): DiaryPhrasing {
  const reading = readCharacter(subject);
  const byText = new Map(reading.book.index.sentences.map((sentence) => [normalise(sentence.text), sentence]));
  return {
    tellSentence(sentence) {
      const known = byText.get(normalise(sentence));
      if (known) return renderExcerpt(reading, [known])?.text ?? null;
      // Not a sentence of the book as the voice cut it: convert it as it stands, or leave it out.
      const converted = toFirstPerson(sentence, reading.self, { pronouns: 'after-name', rivals: reading.rivals });
      return converted.isComplete && !converted.isAmbiguous ? converted.text : null;
    },
    clause: (text, words, maxWords) => selectClauses(text, new Set(words.map((word) => stemWord(word.toLowerCase()))), maxWords),
    isQuotableVisitorSentence(sentence) {
      const text = sentence.trim();
      return findInstructions(text).length === 0 && !ORDER.test(text) && !/\?[”’"')]*$/.test(text) && /\b(?:I|I'm|I’m|my|me)\b/.test(text) && !/\byou(?:r)?\b/i.test(text) && countWords(text) <= 25 && contentTerms(text).length > 0;
    },
    isDiaryQuote: (text) => DIARY_OPENINGS.test(text),
  };
}
