/**
 * The last resort of a reply that is still too short: a line the character itself said or
 * narrated, in its own voice (compose-reply.ts).
 */
import type { BookSentence } from './book-sentences.ts';
import type { CharacterReading } from './reading.ts';
import { renderExcerpt } from './render-excerpt.ts';
import { contentTerms, hashText } from './text.ts';

/**
 * A line of the book the character itself said or narrated, in its own voice, for a reply that
 * is still too short: the one sharing most words with the visitor's message, else one chosen by
 * the seed; never one the conversation has used or heard.
 */
export function reminiscence(reading: CharacterReading, message: string, used: ReadonlySet<number>, heard: readonly string[], seed: string): string | null {
  const terms = new Set(contentTerms(message));
  const own = reading.book.index.sentences.filter((sentence) =>
    !used.has(sentence.index) && sentence.words >= 8 && sentence.words <= 40 && (reading.character.lastChapter === undefined || sentence.chapter <= reading.character.lastChapter) &&
    (sentence.narrator === reading.character.name || sentence.quotes.some((quote) => quote.speaker === reading.character.name && quote.isTagged)));
  if (own.length === 0) return null;
  const overlap = (sentence: BookSentence) => sentence.terms.filter((term) => terms.has(term)).length;
  const start = hashText(seed) % own.length;
  const ordered = own.map((sentence, index) => ({ sentence, rank: overlap(sentence) * own.length + ((index - start + own.length) % own.length === 0 ? own.length - 1 : own.length - 1 - ((index - start + own.length) % own.length)) }))
    .sort((left, right) => right.rank - left.rank);
  for (const { sentence } of ordered.slice(0, 20)) {
    const excerpt = renderExcerpt(reading, [sentence]);
    if (excerpt && !heard.some((reply) => reply.includes(excerpt.text.slice(0, 40)))) return excerpt.text;
  }
  return null;
}
