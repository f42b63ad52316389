/** The small text work of a reflection: names as a text writes them, the book's sentences as the character tells them, an earlier entry's best sentence, and the names the model's facts took from the visitor. */
import type { DiaryPhrasing } from '../voice/diary-phrasing.ts';
import { splitSentences } from './visitor-facts.ts';

/** Which of `words` a text writes as names: with a capital after the first word of a sentence, and never in lower case. */
export function namesIn(text: string, words: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const word of words) {
    const capitalised = new RegExp(`[a-z,;]\\s+${word.charAt(0).toUpperCase()}${word.slice(1)}\\b`).test(text);
    const lower = new RegExp(`\\b${word}\\b`).test(text);
    if (capitalised && !lower) names.add(word);
  }
  return names;
}

/** The salient sentences as the character would write them: told in its first person, long ones cut to their best clauses. */
export function toldSentences(phrasing: DiaryPhrasing | undefined, sentences: readonly string[], words: string[]): string[] {
  if (!phrasing) return [...sentences];
  return sentences.flatMap((sentence) => {
    const told = phrasing.tellSentence(sentence);
    return told ? [phrasing.clause(told, words, 40)] : [];
  });
}

/** The sentence of an earlier reflection that shares most words with the query, at most 25 words. */
export function snippet(text: string, words: string[]): string {
  const sentences = splitSentences(text);
  const scored = sentences.map((sentence) => ({ sentence, score: words.filter((word) => sentence.toLowerCase().includes(word)).length }));
  const best = scored.sort((a, b) => b.score - a.score)[0]?.sentence ?? text;
  const parts = best.split(/\s+/);
  return parts.length > 25 ? `${parts.slice(0, 25).join(' ')}…` : best;
}

/** Capitalised words of the model's facts that the visitor actually wrote: names, places, pets. */
export function termsFromModelFacts(facts: string[], visitorText: string, ownNames: string[]): string[] {
  const own = new Set(ownNames.flatMap((name) => name.toLowerCase().split(/\s+/)));
  const terms = new Set<string>();
  for (const fact of facts) {
    for (const word of fact.match(/\b[A-Z][\p{L}'-]+|\b\d[\d\s-]*\d\b/gu) ?? []) {
      if (['Their', 'They', 'The', 'A', 'An', 'His', 'Her', 'He', 'She', 'Visitor', 'I'].includes(word) || own.has(word.toLowerCase())) continue;
      if (new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(visitorText)) terms.add(word);
    }
  }
  return [...terms];
}
