import { splitSentences } from './visitor-facts.ts';

// Common English function words; they carry no salience.
const stopwords = new Set(`a about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is
it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such
than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says say went go going get got one two like little much well quite
thing things oh shall may might must upon again see know thought very way also said dont don't i'm it's that's im ive i've you're youre yes`.split(/\s+/));

/** Lower-case content words of a text, without stopwords and one-letter tokens. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}][\p{L}'’-]*/gu) ?? [])
    .map((word) => word.replace(/[’']s$/u, '').replace(/[’'-]+$/u, ''))
    .filter((word) => word.length > 1 && !stopwords.has(word));
}

/** Inverse document frequencies over a set of documents (each a text). */
export interface TfIdf {
  documentCount: number;
  /** log((1 + N) / (1 + df)) + 1, so unseen words weigh most. */
  idf(word: string): number;
  /** The words of `text` ranked by term frequency times idf, best first. */
  salientWords(text: string, count: number): string[];
  /** The sentences of `text` ranked by mean tf-idf of their content words, best first. */
  salientSentences(text: string, count: number, options?: { minWords?: number; maxWords?: number }): string[];
}

/** Builds a small TF-IDF model; the documents are usually the chapters of the book. */
export function createTfIdf(documents: string[]): TfIdf {
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const word of new Set(contentWords(document))) {
      documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    }
  }
  const documentCount = documents.length;
  const idf = (word: string): number => Math.log((1 + documentCount) / (1 + (documentFrequency.get(word) ?? 0))) + 1;

  function termWeights(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const word of contentWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
    const weights = new Map<string, number>();
    for (const [word, count] of counts) weights.set(word, (1 + Math.log(count)) * idf(word));
    return weights;
  }

  return {
    documentCount,
    idf,
    salientWords(text, count) {
      return [...termWeights(text)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([word]) => word);
    },
    salientSentences(text, count, options = {}) {
      const minWords = options.minWords ?? 6;
      const maxWords = options.maxWords ?? 45;
      const weights = termWeights(text);
      const scored = splitSentences(text)
        .map((sentence, index) => {
          const wordCount = sentence.split(/\s+/).length;
          const words = contentWords(sentence);
          const total = words.reduce((sum, word) => sum + (weights.get(word) ?? 0), 0);
          return { sentence, index, wordCount, score: words.length === 0 ? 0 : total / Math.sqrt(words.length) };
        })
        .filter((entry) => entry.wordCount >= minWords && entry.wordCount <= maxWords);
      return scored
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, count)
        .map((entry) => entry.sentence);
    },
  };
}
