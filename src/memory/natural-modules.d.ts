// Type shims for the natural subpaths we import; importing natural's root would load its
// database adapters and run dotenv, so we reach the files we need directly.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}

declare module 'natural/lib/natural/tfidf/tfidf.js' {
  class TfIdf {
    addDocument(document: string | string[], key?: unknown, restoreCache?: boolean): void;
    tfidfs(terms: string | string[], callback?: (index: number, measure: number, key?: unknown) => void): number[];
  }
  export default TfIdf;
}
