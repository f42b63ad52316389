/**
 * Whether the book speaks of a named person as he or she: the pronouns right after the name in
 * the narration ("Becky Thatcher … she", "Joe Harper … his"), counted over the whole book. Used
 * only to keep "Mrs. Harper" off Joe Harper; unknown when the pronouns do not agree.
 */
import type { Chapter } from './types.ts';

/** He, she, or not known. */
export type Gender = 'male' | 'female' | null;

const WINDOW_CHARS = 80;
const MALE = /\b(?:he|him|his|himself)\b/gi;
const FEMALE = /\b(?:she|her|hers|herself)\b/gi;
/** The share of pronouns one way that makes a gender known. */
const AGREEMENT = 0.7;
const ENOUGH_PRONOUNS = 40;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a gender lookup over the book's chapters, caching each set of forms it is asked about. */
export function createGenderLookup(chapters: readonly Chapter[]): (forms: readonly string[]) => Gender {
  const cache = new Map<string, Gender>();
  return (forms) => {
    const key = [...forms].sort().join('|');
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const pattern = new RegExp(`\\b(?:${[...forms].sort((a, b) => b.length - a.length).map(escape).join('|')})\\b`, 'g');
    let male = 0;
    let female = 0;
    // Enough pronouns settle it; reading on through a long book changes nothing.
    scan: for (const chapter of chapters) {
      for (const paragraph of chapter.paragraphs) {
        if (male + female >= ENOUGH_PRONOUNS) break scan;
        // A plain substring search first: the pattern is costly, and most paragraphs hold none of the names.
        if (!forms.some((form) => paragraph.includes(form))) continue;
        for (const match of paragraph.matchAll(pattern)) {
          // The pronouns of the rest of the clause, up to the next name-like capital or sentence end.
          const after = paragraph.slice(match.index + match[0].length, match.index + match[0].length + WINDOW_CHARS).split(/[.!?;“”"]/)[0] ?? '';
          male += after.match(MALE)?.length ?? 0;
          female += after.match(FEMALE)?.length ?? 0;
        }
      }
    }
    const total = male + female;
    const gender: Gender = total < 2 ? null : male / total >= AGREEMENT ? 'male' : female / total >= AGREEMENT ? 'female' : null;
    cache.set(key, gender);
    return gender;
  };
}
