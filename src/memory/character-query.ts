/**
 * A visitor's question as the character hears it, before keyword retrieval: who "you" is, which
 * words are names, and what a short follow-up is about. The same plan feeds the model's prompt
 * and the offline voice, since both answer from what retrieval finds.
 */
import { relatedTerms } from './related-words.ts';
import { splitWords, stem, STOPWORDS, tokenizeQuery, tokenizeQueryToNarrator } from './tokenize.ts';

/** Who is asked, and the names of its book. */
export interface CharacterFrame {
  /** The character's name as its book's presence data spells it ("Victor Frankenstein"). */
  name: string;
  /** Its other names and epithets from the card and discovery ("Victor", "the Hatter"). */
  aliases: string[];
  /** People and places of the book (speakers, discovered names, every card's names and aliases). */
  names: string[];
  /** Whether it tells part of its book in the first person (there the book says "I", not its name). */
  narrates?: boolean;
  /** The book's other first-person narrators, with their other names ("Victor", "Frankenstein"). */
  tellers?: Array<{ name: string; aliases: string[] }>;
}

/** How each part of a question weighs (see `planQuestion`). */
export interface QuestionWeights {
  /** A name of a person or place in the question, times this. */
  name: number;
  /** The asked character's own names, added to a second-person question at this weight. */
  self: number;
  /** The previous visitor message's terms, added to a follow-up at this weight... */
  previous: number;
  /** ...and the one before it at this weight. */
  beforePrevious: number;
  /** Words related to the question's own ("kill" → "murder", related-words.ts), at this weight. */
  related: number;
}

/**
 * Defaults: names count one and a half times a common word; the character's own names are a
 * light hint; a follow-up borrows the last question's words at a bit more than half weight and
 * the one before at a quarter, so its own words still lead.
 */
export const DEFAULT_QUESTION_WEIGHTS: QuestionWeights = { name: 1.5, self: 0.3, previous: 0.6, beforePrevious: 0.25, related: 0.4 };

/** A question ready for retrieval. */
export interface QuestionPlan {
  /** The message as the visitor wrote it. */
  text: string;
  /** Query terms, the question's own first, then what was added. */
  terms: string[];
  /** Weight per term (1 when absent). */
  weights: Map<string, number>;
  /** Whether it is read as a follow-up of the previous turns. */
  isFollowUp: boolean;
  /** The terms borrowed from earlier turns (empty unless a follow-up). */
  topic: string[];
  /** Whether it speaks of the asker ("my dog", "did I tell you"): their own memories count more. */
  speaksOfAsker: boolean;
  /**
   * Whether the question asks what someone else told the character ("What did Victor tell you
   * about the island?", "by its own account"): "you" is then the listener, not the one the pages
   * are about.
   */
  isReported: boolean;
  /** The narrator whose account is asked for, when the question names one: its pages are then the ones present. */
  teller?: string;
}

const SECOND_PERSON = /\b(?:you|your|yours|yourself|thee|thou|thy|thine)\b/i;
const FIRST_PERSON = /\b(?:i|me|my|mine|myself)\b/i;
// Words that point back to something said before ("Do you regret it?", "Why was she angry?").
const ANAPHORA = /\b(?:it|its|that|this|those|these|he|she|him|her|his|hers|they|them|their|there|then|so|why|what about|and)\b/i;
// "What did Victor tell you...", "has he described to you...", "by its own account", "according to her".
const REPORTED = /\b(?:did|does|do|has|had|have)\s+(?!you\b)((?:the\s+|your\s+)?\w+(?:\s+\w+)?)\s+(?:ever\s+)?(?:tell|told|describe|described|recount|recounted|relate|related|explain|explained|confide|confided)\s+(?:to\s+)?you\b|\bby\s+(?:his|her|its|their)\s+own\s+account\b|\baccording\s+to\s+(?!you\b)(\w+(?:\s+\w+)?)/i;
/** A question with this many terms of its own or fewer, and a pointing word, is a follow-up. */
const FOLLOW_UP_MAX_TERMS = 3;

/** The index terms of a name ("the Mad Hatter" → mad, hatter). */
function nameTerms(name: string): string[] {
  return splitWords(name).filter((word) => !STOPWORDS.has(word)).map(stem);
}

/**
 * The narrator a reported question asks about: the one named as the teller ("did Victor tell
 * you"), or for "by its own account" the first narrator the question names. None when the teller
 * is only a pronoun or is not one of the book's narrators.
 */
function tellerOf(message: string, subject: string | undefined, tellers: NonNullable<CharacterFrame['tellers']>): string | undefined {
  const named = (text: string) => tellers.find((teller) => [teller.name, ...teller.aliases].some((alias) => new RegExp(`\\b${alias.replace(/^the\s+/i, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text)));
  return (subject !== undefined ? named(subject) : named(message))?.name;
}

/**
 * Plans a question: its own terms, with the book's names weighted up; for a question in the
 * second person, "you"/"your" kept as the narrator's "i"/"my" (they match only passages the
 * character narrates), or the character's own names as a light hint when it narrates nothing;
 * and for a follow-up, the topic of
 * the one or two previous visitor messages. A follow-up is a short question (at most three
 * terms of its own) that points back ("it", "she", "that", "then"), or one with no terms at all.
 * A question that asks what another told the character keeps "you" as the listener and ranks
 * the teller's pages first. `earlier` is this conversation's earlier visitor messages, oldest first.
 */
export function planQuestion(message: string, frame: CharacterFrame, earlier: readonly string[] = [], weights: QuestionWeights = DEFAULT_QUESTION_WEIGHTS): QuestionPlan {
  const own = tokenizeQuery(message);
  const termWeights = new Map<string, number>();
  const reported = REPORTED.exec(message);
  const teller = reported ? tellerOf(message, reported[1] ?? reported[2], frame.tellers ?? []) : undefined;
  // "your mother" asks about the character's own mother: where the character narrates, the book
  // says "my mother", and the store keeps that first person (memory-store.ts), so the question's
  // second person is kept as "i"/"my" too. Only those passages hold these terms. A reported
  // question's "you" is the listener: its words are the teller's, kept as they are.
  const asksOfSelf = SECOND_PERSON.test(message) && reported === null;
  const terms = asksOfSelf && frame.narrates !== false ? tokenizeQueryToNarrator(message) : [...own];
  const nameSet = new Set(frame.names.flatMap(nameTerms));
  for (const term of own) if (nameSet.has(term)) termWeights.set(term, weights.name);

  const selfTerms = new Set([frame.name, ...frame.aliases].flatMap(nameTerms));
  const ownContent = own.filter((term) => !selfTerms.has(term));
  // A character the book tells of in the third person is found by its name; one that narrates
  // says "I", which the first-person terms above already match.
  if (asksOfSelf && weights.self > 0 && !frame.narrates) {
    for (const term of selfTerms) {
      if (termWeights.has(term) || own.includes(term)) continue;
      terms.push(term);
      termWeights.set(term, weights.self);
    }
  }

  // A word's kin ("kill" → "murder", "strangled") at a fraction of its weight: pages tell what
  // happened in their own words.
  if (weights.related > 0) {
    for (const word of new Set(splitWords(message))) {
      const term = stem(word);
      if (!own.includes(term)) continue;
      for (const kin of relatedTerms(term, word)) {
        if (own.includes(kin) || termWeights.has(kin) || terms.includes(kin)) continue;
        terms.push(kin);
        termWeights.set(kin, weights.related);
      }
    }
  }

  const isFollowUp = earlier.length > 0 && (ownContent.length === 0 || (ownContent.length <= FOLLOW_UP_MAX_TERMS && ANAPHORA.test(message)));
  const topic: string[] = [];
  if (isFollowUp) {
    const borrowed: Array<[string | undefined, number]> = [[earlier.at(-1), weights.previous], [earlier.at(-2), weights.beforePrevious]];
    for (const [text, weight] of borrowed) {
      if (!text || weight <= 0) continue;
      for (const term of tokenizeQuery(text)) {
        if (own.includes(term) || termWeights.has(term)) continue;
        terms.push(term);
        topic.push(term);
        termWeights.set(term, weight * (nameSet.has(term) ? weights.name : 1));
      }
    }
  }
  return { text: message, terms, weights: termWeights, isFollowUp, topic, speaksOfAsker: FIRST_PERSON.test(message), isReported: reported !== null, ...(teller !== undefined ? { teller } : {}) };
}
