/**
 * How a character feels about someone of its book, read from its own words about them: the mean
 * sentiment (AFINN) of the sentences it narrates and the lines it speaks that name them. What one
 * excerpt feels is not what the character feels about the person ("Elizabeth had caught the
 * scarlet fever" is grim; Victor's words about Elizabeth are tender).
 */
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment/index.js';
import { splitWords } from '../memory/tokenize.ts';
import type { KnownName } from './book-names.ts';
import type { CharacterReading } from './reading.ts';

const analyzer = new SentimentAnalyzer('English', undefined, 'afinn');
const feelings = new WeakMap<CharacterReading, Map<string, number | null>>();

/** Fewer own words about someone than this many sentences say nothing of a feeling. */
const MIN_SENTENCES = 3;

/** The mean sentiment of the character's own words naming `name` (about -1 to 1), or null when it says too little of them. */
export function feelingToward(reading: CharacterReading, name: KnownName): number | null {
  let known = feelings.get(reading);
  if (!known) feelings.set(reading, (known = new Map()));
  if (known.has(name.name)) return known.get(name.name)!;
  const escape = (form: string) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = new RegExp(String.raw`(?<![\p{L}])(?:${name.forms.map(escape).join('|')})(?![\p{L}])`, 'u');
  const self = reading.character.name;
  const scores: number[] = [];
  for (const sentence of reading.book.index.sentences) {
    const own = sentence.narrator === self ? [sentence.text] : sentence.quotes.filter((quote) => quote.speaker === self).map((quote) => quote.text);
    for (const text of own) if (names.test(text)) scores.push(analyzer.getSentiment(splitWords(text)));
  }
  const feeling = scores.length < MIN_SENTENCES ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length;
  known.set(name.name, feeling);
  return feeling;
}
