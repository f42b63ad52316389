/**
 * Who "I" is, paragraph by paragraph: first-person narrators by chapter range, as book.json
 * writes them by hand and as `findNarrators` finds them. A range may take over inside its first
 * chapter at the paragraph that starts with `startsAt`; a later range wins over an earlier one.
 */
import type { NarratorRange } from './types.ts';

export type { NarratorRange } from './types.ts';

/**
 * The narrator of every paragraph of one chapter (null where nobody narrates in the first person).
 * Ranges that start inside the chapter are read in order, each from the first matching paragraph
 * at or after the previous one's start, so a heading printed twice in a chapter ("Dr. Seward's
 * Diary" before and after a letter) starts two sections, not one.
 */
export function paragraphNarrators(ranges: readonly NarratorRange[], chapter: number, paragraphs: readonly string[]): Array<string | null> {
  const narrators: Array<string | null> = paragraphs.map(() => null);
  let searchFrom = 0;
  for (const range of ranges) {
    if (chapter < range.fromChapter || chapter > range.toChapter) continue;
    let start = 0;
    if (range.startsAt !== undefined && chapter === range.fromChapter) {
      const startsAt = range.startsAt;
      let found = -1;
      for (let index = searchFrom; index < paragraphs.length; index += 1) {
        if (paragraphs[index]!.startsWith(startsAt)) {
          found = index;
          break;
        }
      }
      if (found < 0) found = paragraphs.findIndex((text) => text.startsWith(startsAt));
      if (found < 0) continue;
      start = found;
      searchFrom = found + 1;
    }
    narrators.fill(range.speaker, start);
  }
  return narrators;
}
