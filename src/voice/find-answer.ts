/**
 * Choosing the sentence of the book that answers a question: shared words (BM25 over sentences)
 * count, but so do the people and places the question names, what kind of answer it asks for
 * (a reason, a time, a place, words someone said), whether the character was there, and the
 * passages retrieval ranked first. Sentences already used in the conversation are never chosen.
 */
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment/index.js';
import type { BookSentence } from './book-sentences.ts';
import type { KnownName } from './book-names.ts';
import type { QuestionType } from './dialogue-act.ts';
import { lineKey, type CharacterReading } from './reading.ts';
import { isTagConsistent } from './render-excerpt.ts';

/** What the question asks, as the ranking needs it. */
export interface AnswerQuery {
  /** Stemmed terms with their weights (the question's own 1, related words less). */
  terms: ReadonlyMap<string, number>;
  /** The question's own words, as terms; in a follow-up, the earlier topic is only context. */
  ownTerms?: ReadonlySet<string>;
  /** Related terms that cover one of the question's own ("larger" covers "big"). */
  alternatives?: ReadonlyMap<string, ReadonlySet<string>>;
  /** People and places the question names, the character itself excepted. */
  names: KnownName[];
  questionType: QuestionType | null;
  /** The question is about the character ("you", "your"). */
  isAboutSelf: boolean;
  /** "What did the Caterpillar ask you?": whose words are wanted. */
  speechBy?: KnownName;
  /** Passage ids retrieval returned, best first. */
  passages: string[];
  /** Sentence indexes already used in this conversation. */
  exclude: ReadonlySet<number>;
  /** After "what happened next?": the sentence to continue from. */
  continueFrom?: number;
  /** The last chapter the character knows; later sentences are never chosen. */
  lastChapter?: number;
  /** It asks for words said or written ("What was written on the bottle?"): quotations answer. */
  wantsWords?: boolean;
  /** It asks what someone asked: their questions answer. */
  wantsQuestion?: boolean;
  /** It asks what the character did or felt ("Why did you...", "Do you regret..."): another narrator's first person is not its life. */
  asksOwnDoing?: boolean;
  /** It asks what the character thinks of someone: the character must be in the sentence. */
  isOpinion?: boolean;
  /** Nouns the question gives the character ("your mother"): "my mother" in its own narration answers. */
  possessions?: string[];
  /** It asks which books, songs or names: titles answer. */
  wantsTitles?: boolean;
  /** "What happened (to X)?": an event answers. */
  asksWhatHappened?: boolean;
}

const analyzer = new SentimentAnalyzer('English', undefined, 'afinn');
const sentiments = new WeakMap<BookSentence, number>();

/** The AFINN score of a sentence per word: how strongly it feels, for or against. */
function sentimentOf(sentence: BookSentence): number {
  let value = sentiments.get(sentence);
  if (value === undefined) {
    value = analyzer.getSentiment(sentence.text.toLowerCase().match(/[\p{L}]+/gu) ?? []) || 0;
    sentiments.set(sentence, value);
  }
  return value;
}

/** A ranked sentence and how well the question's own terms are covered. */
export interface RankedSentence {
  sentence: BookSentence;
  /** The sentence next to it that holds the rest of the answer ("my mother sickened" / "She died calmly"). */
  partner?: BookSentence;
  score: number;
  /** The share of the question's weight its terms and names found in the sentence (0..1). */
  coverage: number;
}

const WHY = /\b(?:because|so that|since|therefore|reason|in order to|owing to|on account of|for fear|that was why|so much that)\b/i;
const WHEN = /\b(?:o[’']clock|morning|evening|night|day|year|month|week|hour|minute|spring|summer|winter|autumn|january|february|march|april|may|june|july|august|september|october|november|december|age of|years old|when|after|before)\b/i;
const QUANTITY = /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|hundred|thousand|dozen|inches|feet|miles|leagues|years)\b/i;
const PLACE_NOUN = /\b(?:garden|hall|house|wood|court|room|table|tree|river|bank|ship|mountain|cottage|hovel|town|city|village|forest|sea|ice|island|kitchen|door|pool|hole|university|country|lake|glacier|cabin|shore)\b/i;

/** How much of the question the sentence holds: its terms by idf weight, and its names. */
function coverageOf(sentence: BookSentence, query: AnswerQuery, reading: CharacterReading, names: KnownName[], partner?: BookSentence): number {
  const terms = new Set([...sentence.terms, ...(partner?.terms ?? [])]);
  let total = 0;
  let found = 0;
  for (const [term, weight] of query.terms) {
    if (weight < 1) continue;
    const value = Math.max(0.5, reading.book.index.idf(term));
    total += value;
    if (terms.has(term)) found += value;
    else if ([...(query.alternatives?.get(term) ?? [])].some((alternative) => terms.has(alternative))) found += 0.8 * value;
  }
  for (const name of query.names) {
    total += 3;
    if (names.includes(name)) found += 3;
  }
  return total === 0 ? 0 : found / total;
}

/** Whether the character narrates, speaks or is named (`names`: those the sentence's narration names) in `sentence`. */
export function isSelfPresent(sentence: BookSentence, reading: CharacterReading, names: KnownName[]): boolean {
  return sentence.narrator === reading.character.name || names.includes(reading.selfName) || sentence.quotes.some((quote) => quote.speaker === reading.character.name) || sentence.pieceOf?.speaker === reading.character.name;
}

/**
 * The names a question asks about, less those that only say when ("before you found Frankenstein",
 * "after Justine died"): the answer is what happened then, and need not name them.
 */
export function withoutTimeAnchors(names: KnownName[], message: string): KnownName[] {
  const escape = (form: string) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const isAnchor = (name: KnownName) => name.forms.some((form) => new RegExp(String.raw`\b(?:before|after|until|since)\s+(?:[\p{L}’']+\s+){0,3}?(?:the\s+)?${escape(form)}\b`, 'iu').test(message));
  return names.filter((name) => !isAnchor(name));
}

/** What a sentence of the best passage's chapter, outside the passages retrieved, gains: the third page's bonus. */
const SCENE_PAGE_BONUS = 0.7;

/** The bonus for what kind of answer the sentence gives. */
function cueBonus(sentence: BookSentence, query: AnswerQuery, names: KnownName[]): number {
  const text = sentence.text;
  switch (query.questionType) {
    case 'why': return WHY.test(text) ? 1 : 0;
    case 'when': return WHEN.test(text) ? 0.8 : 0;
    case 'quantity': return QUANTITY.test(text) ? 1 : 0;
    case 'where': return (names.some((name) => name.isPlace) ? 1.5 : 0) + (PLACE_NOUN.test(text) ? 0.5 : 0);
    case 'who': return names.some((name) => !name.isPlace && !query.names.includes(name)) ? 0.6 : 0;
    // "Which books did you read?": titles, set in italics or capitals, answer.
    case 'what': return query.wantsTitles && /_\p{Lu}[^_]*_|‘\p{Lu}/u.test(text) ? 1 : 0;
    default: return 0;
  }
}

/** Ranks the sentences the character may answer with, best first. */
export function findAnswers(reading: CharacterReading, query: AnswerQuery, limit = 8): RankedSentence[] {
  const { index } = reading.book;
  const admit = (sentence: BookSentence) => !query.exclude.has(sentence.index) && (query.lastChapter === undefined || sentence.chapter <= query.lastChapter);
  const scores = index.score(query.terms, admit);
  // Sentences naming what the question names are candidates even when no other word matches.
  for (const name of query.names) {
    for (const sentenceIndex of reading.book.sentencesNaming(name)) {
      if (!scores.has(sentenceIndex) && admit(index.sentences[sentenceIndex]!)) scores.set(sentenceIndex, 0);
    }
  }
  // "What happened at the trial?": the scene is the chapter the question's words crowd into, and
  // what the character did there answers, even where the sentence never says "trial".
  const scene = new Map<number, number>();
  if (query.asksWhatHappened || query.questionType === 'tell') {
    const weights = new Map<number, number>();
    for (const [term, weight] of query.terms) {
      if (weight < 1) continue;
      for (const sentenceIndex of index.holding(term)) {
        const sentence = index.sentences[sentenceIndex]!;
        if (admit(sentence)) weights.set(sentence.chapter, (weights.get(sentence.chapter) ?? 0) + index.idf(term));
      }
    }
    const top = Math.max(0, ...weights.values());
    for (const [chapter, weight] of [...weights].sort((left, right) => right[1] - left[1]).slice(0, 2)) if (weight >= 0.6 * top && top > 0) scene.set(chapter, weight / top);
    for (const chapter of scene.keys()) {
      for (const sentenceIndex of reading.book.sentencesOf(chapter)) {
        const sentence = index.sentences[sentenceIndex]!;
        if (!scores.has(sentenceIndex) && admit(sentence) && isSelfPresent(sentence, reading, reading.book.namesIn(sentence))) scores.set(sentenceIndex, 0);
      }
    }
  }
  if (query.continueFrom !== undefined) {
    for (let offset = 1; offset <= 6; offset += 1) {
      const next = index.sentences[query.continueFrom + offset];
      if (next && admit(next) && !scores.has(next.index)) scores.set(next.index, 0);
    }
  }
  const best = Math.max(1e-9, ...scores.values());
  // Passage ids are `<book>:<chapter>:<index>`.
  const topChapter = query.passages[0] === undefined ? undefined : Number(query.passages[0].split(':').at(-2));
  const ranked: RankedSentence[] = [];
  const mainTerms = [...query.terms].filter(([, weight]) => weight >= 1).map(([term]) => term);
  for (const [sentenceIndex, bm25] of scores) {
    const sentence = index.sentences[sentenceIndex]!;
    const names = reading.book.namesIn(sentence);
    // A neighbour in the same paragraph that holds question words this sentence lacks completes it.
    let partner: BookSentence | undefined;
    let partnerScore = 0;
    for (const neighbour of [index.sentences[sentenceIndex - 1], index.sentences[sentenceIndex + 1]]) {
      if (!neighbour || neighbour.paragraph !== sentence.paragraph || !admit(neighbour)) continue;
      const adds = mainTerms.some((term) => neighbour.terms.includes(term) && !sentence.terms.includes(term));
      const value = scores.get(neighbour.index) ?? 0;
      if (adds && value > partnerScore && neighbour.words + sentence.words <= 70) {
        partner = neighbour;
        partnerScore = value;
      }
    }
    let score = (5 * (bm25 + 0.6 * partnerScore)) / best;
    // "Do you regret it?" after Geneva: a sentence about regret, not one about Geneva.
    const sayOwn = [...(query.ownTerms ?? [])].some((term) => sentence.terms.includes(term) || [...(query.alternatives?.get(term) ?? [])].some((alternative) => sentence.terms.includes(alternative)));
    if (sayOwn) score += 1.5;
    const named = query.names.filter((name) => names.includes(name)).length;
    // Named in the narration, the person is what the sentence is about; named in a quotation, perhaps only addressed.
    const narrated = query.names.filter((name) => reading.book.namesInNarration(sentence).includes(name)).length;
    if (query.names.length > 0) score += named > 0 ? 1 + named + 0.5 * narrated : -0.75;
    // "Tell me about the Queen": a sentence that only quotes someone naming her is not about her.
    if (named > 0 && narrated === 0 && (query.questionType === 'tell' || query.questionType === 'who' || query.isOpinion)) score -= 1;
    const isPresent = isSelfPresent(sentence, reading, names);
    // The character speaks from what it lived: its own narration and lines come first, the more
    // so when the question is about it.
    if (isPresent) score += query.isAboutSelf ? (query.isOpinion ? 2 : 1) : 0.5;
    // "Why did you kill William?" put to the creature: Frankenstein's "my poor William had been
    // murdered" is his grief, told in his own first person, not the creature's deed.
    else if (query.asksOwnDoing && sentence.narrator !== null && sentence.narrator !== reading.character.name) score -= 2;
    // "Who is the Queen?": a sentence the person opens, as its subject, tells of them.
    const narration = sentence.text.replace(/“[^”]*”?/g, ' ').trim();
    if (query.names.some((name) => name.forms.some((form) => new RegExp(String.raw`^[(\s]*(?:(?:and|but|then|so)\s+)?(?:the\s+)?${form}\b`, 'i').test(narration))) && (query.questionType === 'who' || query.questionType === 'tell' || query.isOpinion)) score += 1;
    if (isPresent && scene.has(sentence.chapter)) score += 3 * scene.get(sentence.chapter)!;
    // "What happened to Clerval?": an open question is answered by an event, not a remark.
    if (query.asksWhatHappened) score += Math.min(1.5, Math.abs(sentimentOf(sentence)) * 6);
    score += cueBonus(sentence, query, names);
    if (query.speechBy) {
      const speakers = new Set([query.speechBy.name, ...query.speechBy.forms]);
      const lines = sentence.quotes.filter((quote) => quote.speaker !== null && speakers.has(quote.speaker)).map((quote) => quote.text);
      if (sentence.pieceOf?.speaker && speakers.has(sentence.pieceOf.speaker)) lines.push(sentence.text);
      score += lines.length > 0 ? 2 : -0.5;
      // A line the book repeats is the one people remember ("Who are you?").
      const signatures = reading.book.signatureLines(query.speechBy).map(lineKey);
      if (lines.some((line) => signatures.includes(lineKey(line.replace(/_/g, ''))))) score += 1.5;
      if (query.wantsQuestion) score += lines.some((line) => /\?[_’”]*$/.test(line.trim())) ? 1 : -1.5;
    }
    // "What did the cake say?": words written on something (a label nobody speaks) answer best.
    // With no one named as speaker, the words asked for are written on something (a label).
    if (query.wantsWords && sentence.quotes.length > 0) {
      const hasLabel = sentence.quotes.some((quote) => quote.speaker === null && quote.text.split(/\s+/).length <= 4);
      score += hasLabel ? (query.speechBy ? 1 : 2.5) : query.speechBy ? 1 : 0.5;
    }
    // "Who is Dinah?": a sentence that says what someone is ("Dinah was the cat.") defines them.
    if ((query.questionType === 'who' || query.questionType === 'what') && query.names.some((name) => name.forms.some((form) => new RegExp(String.raw`\b${form}(?:’s)?\s+(?:was|is)\s+(?:a|an|the|my|his|her|our|their)\b`).test(narration)))) score += 1.5;
    if (query.possessions && query.possessions.length > 0) {
      const own = sentence.narrator === reading.character.name ? 'my' : null;
      for (const noun of query.possessions) {
        // "your mother" is "my mother" in the character's own narration, and not "her mother".
        if (own && new RegExp(String.raw`\bmy ${noun}\b`, 'i').test(sentence.text)) score += 2;
        else if (new RegExp(String.raw`\b(?:her|his|their)\s+${noun}\b`, 'i').test(sentence.text.replace(/“[^”]*”?/g, ' '))) score -= 1.5;
      }
    }
    const rank = query.passages.indexOf(sentence.passageId);
    if (rank >= 0) score += Math.max(0.2, 1.2 - 0.25 * rank);
    // Retrieval spreads its pages over chapters, so the best scene's other pages may be left out:
    // a sentence of the best page's chapter gets what the third page would.
    else if (sentence.chapter === topChapter) score += SCENE_PAGE_BONUS;
    if (query.continueFrom !== undefined) {
      const distance = sentence.index - query.continueFrom;
      if (distance > 0 && distance <= 6) score += 4 - 0.5 * distance;
    }
    if (sentence.words < 4) score -= 3;
    else if (sentence.words < 8) score -= 1;
    if (sentence.words > 110) score -= 1.5;
    else if (sentence.words > 70) score -= 0.5;
    if (sentence.quotes.some((quote) => quote.speaker === null && !quote.isTagged && quote.text.split(/\s+/).length > 4)) score -= 1;
    if (sentence.quotes.some((quote) => !isTagConsistent(reading, sentence, quote))) score -= 3;
    if (sentence.pieceOf && sentence.pieceOf.speaker === null) score -= 2;
    ranked.push({ sentence, ...(partner ? { partner } : {}), score, coverage: coverageOf(sentence, query, reading, names, partner) });
  }
  return ranked.sort((left, right) => right.score - left.score).slice(0, limit);
}
