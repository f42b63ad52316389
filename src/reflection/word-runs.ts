/**
 * Runs of consecutive words, the measure of "carrying" someone's words: a reflection that shares
 * a six-word run with a withheld message has copied it, whatever its punctuation or case.
 */

/** The runs of `length` consecutive words of a text, lower-cased. */
export function wordRuns(text: string, length = 6): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const runs = new Set<string>();
  for (let index = 0; index + length <= words.length; index += 1) runs.add(words.slice(index, index + length).join(' '));
  return runs;
}

/** Whether `text` shares a run of `length` words with any of `runs`. */
export function sharesWordRun(text: string, runs: ReadonlySet<string>, length = 6): boolean {
  for (const run of wordRuns(text, length)) if (runs.has(run)) return true;
  return false;
}
