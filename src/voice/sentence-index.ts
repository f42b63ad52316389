/**
 * BM25 over a book's sentences. Retrieval (memory/) ranks passages of 120-250 words; a reply
 * needs the sentence that answers, so the voice ranks sentences, with retrieval's passages as a
 * prior (see find-answer.ts).
 */
import type { BookSentence } from './book-sentences.ts';

/** A book's sentences and their term statistics. */
export interface SentenceIndex {
  sentences: BookSentence[];
  /** Inverse document frequency of a stemmed term over the sentences (0 when unseen). */
  idf(term: string): number;
  /** BM25 of every admitted sentence sharing a term with the weighted query. */
  score(query: ReadonlyMap<string, number>, admit: (sentence: BookSentence) => boolean): Map<number, number>;
  /** Admitted sentences holding a term, for locating a reply's words in the book. */
  holding(term: string): number[];
}

const K1 = 1.2;
// Sentences vary from four words to a hundred; a light length normalisation keeps long ones in play.
const B = 0.4;

/** Indexes sentences for BM25. */
export function createSentenceIndex(sentences: BookSentence[]): SentenceIndex {
  const postings = new Map<string, number[]>();
  const frequencies: Array<Map<string, number>> = [];
  let totalLength = 0;
  for (const sentence of sentences) {
    const counts = new Map<string, number>();
    for (const term of sentence.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    frequencies[sentence.index] = counts;
    totalLength += sentence.terms.length;
    for (const term of counts.keys()) {
      const list = postings.get(term);
      if (list) list.push(sentence.index);
      else postings.set(term, [sentence.index]);
    }
  }
  const count = Math.max(1, sentences.length);
  const averageLength = totalLength / count;
  const idf = (term: string): number => {
    const frequency = postings.get(term)?.length ?? 0;
    return frequency === 0 ? 0 : Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5));
  };
  return {
    sentences,
    idf,
    score(query, admit) {
      const scores = new Map<number, number>();
      for (const [term, weight] of query) {
        const weightIdf = idf(term) * weight;
        if (weightIdf === 0) continue;
        for (const index of postings.get(term) ?? []) {
          const sentence = sentences[index]!;
          if (!admit(sentence)) continue;
          const frequency = frequencies[index]!.get(term) ?? 0;
          const norm = frequency + K1 * (1 - B + (B * sentence.terms.length) / averageLength);
          scores.set(index, (scores.get(index) ?? 0) + weightIdf * ((frequency * (K1 + 1)) / norm));
        }
      }
      return scores;
    },
    holding: (term) => postings.get(term) ?? [],
  };
}
