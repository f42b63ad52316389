/**
 * Whether a question asks of what lies past the character's last chapter: the words the book uses
 * mostly after it. The voice then says so ("that is still to come") rather than answer beside it.
 */
import type { CharacterReading } from './reading.ts';
import type { Understanding } from './understand.ts';

/**
 * A word the book uses fewer times than this says nothing of when things happen: "scared" is in
 * three sentences of Frankenstein, all late, yet "Were you scared when you first woke up?" asks the
 * Creature of its first days.
 */
const MIN_TELLING_USES = 5;

/**
 * The share of the book's sentences holding `term` that lie after `lastChapter`; 0 for a word in
 * fewer than `MIN_TELLING_USES` sentences, which tells nothing of when.
 */
function lateShare(reading: CharacterReading, term: string, lastChapter: number): number {
  const { index } = reading.book;
  const holding = index.holding(term);
  if (holding.length < MIN_TELLING_USES) return 0;
  return holding.filter((sentenceIndex) => index.sentences[sentenceIndex]!.chapter > lastChapter).length / holding.length;
}

/**
 * "Who won the trial?" asked of the Cat: a telling word of the question the book uses almost only
 * after the character's last chapter, and that the best answer it has does not hold, is about
 * what it never saw.
 */
export function isPastBoundary(reading: CharacterReading, understanding: Understanding, lastChapter: number, bestTerms: readonly string[]): boolean {
  return [...understanding.ownTerms].some((term) => reading.book.index.idf(term) >= 3 && !bestTerms.includes(term) && lateShare(reading, term, lastChapter) >= 0.8);
}

/**
 * Whether a later sentence answers better because of what the later chapters speak of: a word it
 * holds and the best known answer lacks, used after `lastChapter` at least twice as often as the
 * book's sentences are (or in four of five of its sentences). "Why do you hate Victor?" finds the
 * Creature's last words ("I pitied Frankenstein… I abhorred myself") better than any of its own
 * chapters, but hatred and Frankenstein are all through them: that is no event still to come.
 */
export function answersOnlyLater(reading: CharacterReading, later: readonly string[], known: readonly string[], asked: Iterable<string>, lastChapter: number): boolean {
  const { sentences } = reading.book.index;
  const bookShare = sentences.length === 0 ? 0 : sentences.filter((sentence) => sentence.chapter > lastChapter).length / sentences.length;
  const telling = Math.min(0.8, 2 * bookShare);
  return [...asked].some((term) => later.includes(term) && !known.includes(term) && lateShare(reading, term, lastChapter) >= telling);
}
