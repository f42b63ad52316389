/**
 * A character the text calls by epithets rather than a name: when "the monster", "the daemon",
 * "the fiend", "the wretch", "the creature" (three kinds or more, fifteen times or more) run
 * through a book, they are one character, named after a speaker or narrator whose name holds one
 * of those words ("The Creature") or after the most used epithet.
 */
import type { Chapter } from './types.ts';

/** The epithet character of a book. */
export interface EpithetCharacter {
  name: string;
  /** "the monster", "the fiend", … as the book uses them. */
  aliases: string[];
  mentions: number;
  chapters: Set<number>;
}

/** The nouns that can stand for a nameless being. */
export const EPITHETS = ['monster', 'daemon', 'dæmon', 'demon', 'fiend', 'wretch', 'creature', 'being'] as const;
const EPITHET_PATTERN = /\b(?:the|this|that|my|a|an|his|her|its|your|our|vile|hideous)\s+(monster|daemon|dæmon|demon|fiend|wretch|creature|being)(?![\p{L}])/giu;
const DISTINCTIVE_EPITHETS = new Set(['monster', 'daemon', 'dæmon', 'demon', 'fiend', 'wretch', 'creature']);

/** Whether a name is an epithet word alone ("Fiend", "the monster"). */
export function isEpithet(name: string): boolean {
  const key = name.toLowerCase().replace(/^the\s+/, '').trim();
  return (EPITHETS as readonly string[]).includes(key);
}

/** Counts the distinctive epithets in a stretch of text ("the fiend" twice, "the wretch" once). */
export function countEpithets(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.matchAll(EPITHET_PATTERN)) {
      const word = match[1]!.toLowerCase();
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

// Narrator finding and discovery both ask: count a book's epithets once.
const cache = new WeakMap<readonly Chapter[], { counts: Map<string, number>; chapters: Set<number> }>();

function countBookEpithets(chapters: readonly Chapter[]): { counts: Map<string, number>; chapters: Set<number> } {
  const cached = cache.get(chapters);
  if (cached) return cached;
  const counts = new Map<string, number>();
  const chapterSet = new Set<number>();
  for (const chapter of chapters) {
    const found = countEpithets(chapter.paragraphs);
    for (const [word, count] of found) counts.set(word, (counts.get(word) ?? 0) + count);
    if (found.size > 0) chapterSet.add(chapter.number);
  }
  const result = { counts, chapters: chapterSet };
  cache.set(chapters, result);
  return result;
}

/** Finds the book's epithet character, if it has one; `speakerNames` may hold its chosen name. */
export function findEpithetCharacter(chapters: readonly Chapter[], speakerNames: readonly string[]): EpithetCharacter | null {
  const { counts, chapters: chapterSet } = countBookEpithets(chapters);
  const distinctive = [...counts].filter(([word]) => DISTINCTIVE_EPITHETS.has(word));
  const total = distinctive.reduce((sum, [, count]) => sum + count, 0);
  if (distinctive.length < 3 || total < 15) return null;
  const top = [...distinctive].sort((a, b) => b[1] - a[1])[0]![0];
  const named = speakerNames.find((name) => EPITHETS.some((word) => new RegExp(`\\b${word}\\b`, 'i').test(name)));
  return {
    name: named ?? `The ${top.charAt(0).toUpperCase()}${top.slice(1)}`,
    aliases: [...counts.keys()].map((word) => `the ${word}`),
    mentions: total + (counts.get('being') ?? 0),
    chapters: new Set(chapterSet),
  };
}
