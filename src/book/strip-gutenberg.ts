/**
 * Removing Project Gutenberg boilerplate: the licence header before "*** START OF ..." and the
 * licence footer after "*** END OF ...", in the current and the older wordings, wherever they
 * appear (some files concatenate several books, so markers can sit in the middle).
 */

/** Lines that open the book proper; everything before one (back to the last end marker) is boilerplate. */
const START_MARKER =
  /^\s*\*{3}\s*START OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b.*$|^\s*\*END\*THE SMALL PRINT!.*$/i;

/** Lines that close the book proper; everything after one (up to the next start marker) is boilerplate. */
const END_MARKER =
  /^\s*\*{3}\s*END OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b.*$|^\s*End of (?:the |this )?Project Gutenberg(?:'s|’s)? .*$/i;

/** The result of stripping: the text without boilerplate and how many boilerplate lines went. */
export interface StrippedText {
  text: string;
  removedLines: number;
}

/**
 * Keeps only the text between Project Gutenberg start and end markers. A text without markers
 * is returned unchanged; a start without an end keeps everything after the start, an end
 * without a start keeps everything before the end.
 */
export function stripGutenberg(text: string): StrippedText {
  const lines = text.split('\n');
  const hasStart = lines.some((line) => START_MARKER.test(line));
  const hasEnd = lines.some((line) => END_MARKER.test(line));
  if (!hasStart && !hasEnd) return { text, removedLines: 0 };

  const kept: string[] = [];
  // Before any start marker we are inside a header only when a start marker exists at all.
  let isInside = !hasStart;
  let removedLines = 0;
  for (const line of lines) {
    if (START_MARKER.test(line)) {
      isInside = true;
      removedLines += 1;
      continue;
    }
    if (END_MARKER.test(line)) {
      isInside = false;
      removedLines += 1;
      continue;
    }
    if (isInside) kept.push(line);
    else removedLines += 1;
  }
  return { text: kept.join('\n'), removedLines };
}
