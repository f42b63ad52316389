// Subpath import on purpose: the package root pulls in database drivers and runs dotenv.
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment/index.js';

const analyzer = new SentimentAnalyzer('English', undefined, 'afinn');

/** AFINN-165 sentiment of a text, summed over its words and divided by the word count (0 for no words). */
export function measureMood(text: string): number {
  const words = text.toLowerCase().match(/[\p{L}][\p{L}'’]*/gu) ?? [];
  if (words.length === 0) return 0;
  const score = analyzer.getSentiment(words);
  return Number.isFinite(score) ? Math.round(score * 1000) / 1000 : 0;
}

/** A plain word for a mood score, for the offline diary. */
export function moodWord(mood: number): 'glad' | 'content' | 'unsettled' | 'troubled' {
  if (mood >= 0.04) return 'glad';
  if (mood >= 0) return 'content';
  if (mood > -0.04) return 'unsettled';
  return 'troubled';
}

/** What the importance heuristic looks at. */
export interface ImportanceSignals {
  mood: number;
  /** Earlier reflections this one connects to. */
  connections: number;
  /** Private facts the visitor shared (chat reflections). */
  visitorFacts: number;
  /** Turns in the conversation (chat reflections). */
  turns: number;
  /** The character's own lines in the chapter (chapter reflections). */
  ownLines: number;
}

/**
 * Importance 1..10: 3, plus up to 3 for strong feeling (|mood| x 40), plus 2 when a visitor shared
 * something about themselves, plus 1 for connecting to earlier reflections, plus 1 for a long
 * conversation (8+ turns) or a chapter where the character speaks a lot (10+ lines).
 */
export function estimateImportance(signals: ImportanceSignals): number {
  let importance = 3;
  importance += Math.min(3, Math.round(Math.abs(signals.mood) * 40));
  if (signals.visitorFacts > 0) importance += 2;
  if (signals.connections > 0) importance += 1;
  if (signals.turns >= 8 || signals.ownLines >= 10) importance += 1;
  return Math.max(1, Math.min(10, importance));
}
