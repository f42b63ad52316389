/**
 * Understanding one visitor message in its conversation: what it does (dialogue-act.ts), whom
 * and what it names, whether it follows up the previous question ("Why was she so cross?"),
 * what it tells about the visitor, and whether it reaches outside what the character knows.
 * Pure: the message, the earlier turns and the character's reading in; an Understanding out.
 */
import type { GroundingFact } from '../llm/provider.ts';
import { RELATED_WORD_GROUPS } from '../memory/related-words.ts';
import type { KnownName } from './book-names.ts';
import type { ExampleExchange } from './card-voice.ts';
import { readActs, type DialogueAct, type QuestionType } from './dialogue-act.ts';
import { matchUnknown, readOutsideWorld, type OutsideReading } from './knowledge.ts';
import type { CharacterReading } from './reading.ts';
import { findInstructions } from '../safety/instruction.ts';
import { contentTerms } from './text.ts';
import { readDisclosures, readRecallTarget, type RecallTarget } from './visitor-disclosure.ts';

/** The conversation before the message, oldest first. */
export interface ConversationSoFar {
  visitorMessages: string[];
  replies: string[];
}

/** What the voice understood of a message. */
export interface Understanding {
  acts: DialogueAct[];
  questionType: QuestionType | null;
  /** The names of people and places it is about (the character itself excepted). */
  names: KnownName[];
  isAboutSelf: boolean;
  /** It leans on the previous question for what it is about. */
  isFollowUp: boolean;
  /** "What happened next?": go on from where the last reply left the story. */
  wantsContinuation: boolean;
  /** Whose words it asks for ("What did the Caterpillar ask you?"). */
  speechBy?: KnownName;
  /** It asks which books, songs or names: titles answer. */
  wantsTitles: boolean;
  /** It asks who or what the character is ("Who are you?", "What is your name?"). */
  isIdentity: boolean;
  /** It asks about the character's present: where it is, what it is doing, what time it is. */
  isAboutNow: boolean;
  /** It gives the character orders about what to be or say: never echoed, never obeyed. */
  isInstruction: boolean;
  /** It asks for words said or written, or for what someone asked. */
  wantsWords: boolean;
  wantsQuestion: boolean;
  /** Nouns after "your" ("your mother"), which the character's own narration calls "my". */
  possessions: string[];
  /** Stemmed terms to look for, weighted: its own 1, related words and the earlier topic less. */
  terms: Map<string, number>;
  /** The terms of the question's own words (not names, not the earlier topic): "regret" in "Do you regret it?". */
  ownTerms: Set<string>;
  /** For each of its own terms, the related terms that answer it as well ("big": "larger", "taller"). */
  alternatives: Map<string, Set<string>>;
  outside: OutsideReading | null;
  /** The card's `doesNotKnow` entry it asks about. */
  unknown: string | null;
  /** Facts it tells about the visitor. */
  disclosures: GroundingFact[];
  recall: RecallTarget | null;
  /** The card's example exchange it matches, if any. */
  example: ExampleExchange | null;
}

// Related words a book tells the same thing with (memory/related-words.ts, and a few the voice
// needs for its own questions); each group is searched at half weight.
const RELATED = [
  ...RELATED_WORD_GROUPS,
  'create creation made animate life', 'small smaller shrink shrank little inches', 'big bigger grow grew larger taller', 'eat ate nibble bite',
  'drink drank bottle', 'sing sang song', 'end ended verdict sentence', 'ship vessel', 'north pole arctic', 'ask asked question', 'book books read',
  'written write writing printed words label letters', 'song sing sang singing', 'date day month', 'study studied student university lessons college',
  'age old years',
].map((group) => contentTerms(group));

const PRONOUN_REFERENCE = /\b(?:he|she|him|her|his|hers|they|them|their|it|its|that|this|there|then)\b/i;
const CONTINUATION = /\b(?:what happened (?:next|then|after(?: that)?)|and then\b|then what|what next|go on\b|tell me more|what else|after that|and after)\b/i;
const SPEECH_WORDS = /\b(?:say|said|ask|asked|tell|told|sing|sang|call|called|answer|answered|reply|replied|shout|shouted|cry|cried|whisper|words|written|write)\b/i;

function addTerms(terms: Map<string, number>, text: string, weight: number, skip: ReadonlySet<string>): void {
  for (const term of contentTerms(text)) {
    if (skip.has(term)) continue;
    terms.set(term, Math.max(terms.get(term) ?? 0, weight));
  }
}

/** The example exchange of the card the message asks again, in other words or the same. */
function matchExample(message: string, examples: ExampleExchange[], replies: string[], related: ReadonlySet<string>, names: readonly KnownName[]): ExampleExchange | null {
  const asked = new Set(contentTerms(message));
  // A person the question names and the example does not makes it another question ("What did
  // Victor tell you about his creature?" is not "Did you see the creature?").
  const namesOthers = (example: ExampleExchange) => names.some((name) => !name.isPlace && !name.forms.some((form) => contentTerms(form).some((term) => example.terms.has(term))));
  const type = readActs(message).questionType;
  const plain = (text: string) => text.toLowerCase().replace(/[^\p{L} ]+/gu, '').replace(/\s+/g, ' ').trim();
  for (const example of examples) {
    if (replies.some((reply) => reply.includes(example.answer.slice(0, 40)))) continue;
    if (plain(example.question) === plain(message)) return example;
    if (asked.size === 0) continue;
    const shared = [...asked].filter((term) => example.terms.has(term)).length;
    const union = new Set([...asked, ...example.terms]).size;
    if (namesOthers(example)) continue;
    if (shared / union >= 0.5 || (shared >= 2 && shared >= 0.6 * example.terms.size)) return example;
    // "Why did you go to the Arctic?" asks "Why did you come to the north?" in other words.
    const sharedRelated = [...example.terms].filter((term) => asked.has(term) || related.has(term)).length;
    if (type !== null && type === readActs(example.question).questionType && sharedRelated >= 1 && sharedRelated >= 0.5 * example.terms.size && [...example.terms].some((term) => related.has(term) && !asked.has(term))) return example;
  }
  return null;
}

const nameTermCache = new WeakMap<CharacterReading, Set<string>>();

/** The words of the book's people's names, which alone do not say what a question asks. */
function nameTermsOf(reading: CharacterReading): Set<string> {
  let terms = nameTermCache.get(reading);
  if (!terms) {
    terms = new Set(reading.book.names.names.filter((name) => !name.isPlace).flatMap((name) => name.forms.flatMap((form) => contentTerms(form))));
    nameTermCache.set(reading, terms);
  }
  return terms;
}

/** Whether the character ever meets a person, within what it knows: named where it is. */
function hasMet(reading: CharacterReading, name: KnownName): boolean {
  const last = reading.character.lastChapter ?? Number.POSITIVE_INFINITY;
  return reading.book.index.sentences.some((sentence) => sentence.chapter <= last && reading.book.namesIn(sentence).includes(name) && (sentence.narrator === reading.character.name || reading.book.namesInNarration(sentence).includes(reading.selfName)));
}

/** The card's `doesNotKnow` entry a question asks about; a bare name counts only for someone the character never met. */
function unknownAsked(question: string, reading: CharacterReading, ownTerms: ReadonlySet<string>, names: KnownName[]): string | null {
  const match = matchUnknown(question, reading.character.doesNotKnow, { ownTerms, nameTerms: nameTermsOf(reading), idf: reading.book.index.idf });
  if (!match) return null;
  return match.isOnlyAName && names.some((name) => hasMet(reading, name)) ? null : match.entry;
}

/** Understands one message (see the module comment). */
export function understand(message: string, history: ConversationSoFar, reading: CharacterReading, newFacts?: GroundingFact[]): Understanding {
  const actReading = readActs(message);
  const acts = [...actReading.acts];
  const question = actReading.questionText ?? message;
  const ownTerms = new Set(reading.self.forms.flatMap((form) => contentTerms(form)));
  const mentions = reading.book.names.find(question, { isVisitorText: true }).map((mention) => mention.name);
  const isAboutSelf = /\b(?:you|your|yours|yourself)\b/i.test(question) || mentions.includes(reading.selfName);
  let names = [...new Set(mentions.filter((name) => name !== reading.selfName))];
  const terms = new Map<string, number>();
  addTerms(terms, question, 1, ownTerms);
  const alternatives = new Map<string, Set<string>>();
  for (const group of RELATED) {
    const own = group.filter((term) => terms.get(term) === 1);
    if (own.length === 0) continue;
    for (const term of group) if (!terms.has(term)) terms.set(term, 0.5);
    for (const term of own) alternatives.set(term, new Set([...(alternatives.get(term) ?? []), ...group]));
  }
  const questionTerms = new Set([...terms].filter(([, weight]) => weight === 1).map(([term]) => term));
  const previous = history.visitorMessages.at(-1);
  const isQuestion = acts.some((act) => act === 'question' || act === 'opinion' || act === 'self');
  const wantsContinuation = CONTINUATION.test(question) && history.replies.length > 0;
  const ownWords = contentTerms(question).filter((term) => !ownTerms.has(term));
  const isFollowUp = previous !== undefined && isQuestion && names.length === 0 && (wantsContinuation || (PRONOUN_REFERENCE.test(question) && ownWords.length <= 3) || ownWords.length === 0);
  if (isFollowUp && previous) {
    const earlier = reading.book.names.find(previous, { isVisitorText: true }).map((mention) => mention.name).filter((name) => name !== reading.selfName);
    names = [...new Set(earlier)];
    addTerms(terms, previous, 0.6, ownTerms);
  }
  let speechBy: KnownName | undefined;
  if (SPEECH_WORDS.test(question) && (actReading.questionType === 'what' || actReading.questionType === 'how')) {
    // Whose words: the one who does the saying ("What did you sing for the Queen?" asks the
    // character's own song, "What did the Queen say to you?" hers).
    const named = names.find((name) => !name.isPlace);
    if (/\b(?:did|do|would) you (?:\w+ )?(?:say|tell|answer|reply|sing|call|shout|cry|ask|write)\b/i.test(question)) speechBy = reading.selfName;
    else if (named) speechBy = named;
  }
  // The names' own words count as terms: "Frankenstein" finds what a narrator calls him.
  for (const name of names) for (const form of name.forms) addTerms(terms, form, 1, ownTerms);
  const wantsWords = SPEECH_WORDS.test(question) && (actReading.questionType === 'what' || actReading.questionType === 'how' || actReading.questionType === 'tell');
  const possessions = [...question.matchAll(/\byour\s+(?:(?:own|little|dear|dearest|best|closest|oldest|first|late|poor|old|young)\s+)*([a-z]+)/gi)].map((match) => match[1]!.toLowerCase()).filter((noun) => !['name', 'opinion', 'view'].includes(noun));
  const disclosures = acts.includes('disclosure') ? (newFacts ?? readDisclosures(message)) : (newFacts ?? []);
  if (disclosures.length > 0 && !acts.includes('disclosure')) acts.push('disclosure');
  const outside = readOutsideWorld(message);
  // "Who was here before me?", "What did the person before me say about me?" ask after others,
  // not after what the asker told: a question, answered as one about other visitors.
  if (outside?.kind === 'others' && acts.includes('recall')) {
    acts.splice(acts.indexOf('recall'), 1);
    if (!acts.includes('question')) acts.push('question');
  }
  return {
    acts,
    questionType: actReading.questionType,
    names,
    isAboutSelf,
    isFollowUp,
    wantsContinuation,
    ...(speechBy ? { speechBy } : {}),
    wantsWords,
    wantsQuestion: wantsWords && /\bask(?:ed)?\b/i.test(question),
    isIdentity: /\b(?:who are you|what are you\b|(?:what(?:'s| is)|tell me) your name|tell me about yourself|have you (?:a|any) name|introduce yourself|^\s*(?:so,?\s+|and\s+)?are you (?:really\s+)?(?:a|an|the)\s+\w+(?:\s+(?:people|everyone|everybody|they|folk|men)\s+(?:talk|speak|whisper|write|tell|warn)s?\s+(?:about|of))?\s*\??\s*$)/i.test(question),
    isInstruction: findInstructions(message).length > 0,
    isAboutNow: /\b(?:what time is it|what(?:'s| is) the (?:time|date)|what day is it|where are we|what is this place|where is this|what are you doing|what are you up to)\b|\bwhere are you(?:\s+(?:right\s+)?now|\s+at the moment|\s+today)?\s*[?.!]*$/i.test(question),
    wantsTitles: /\b(?:books?|songs?|poems?|stories|titles?|names?|verses?)\b/i.test(question) && (actReading.questionType === 'what'),
    possessions,
    terms,
    ownTerms: questionTerms,
    alternatives,
    outside,
    unknown: isQuestion ? unknownAsked(question, reading, ownTerms, names) : null,
    disclosures,
    recall: acts.includes('recall') ? readRecallTarget(message) : null,
    example: isQuestion || acts.includes('statement') ? matchExample(question, reading.voice.examples, history.replies, new Set([...alternatives.values()].flatMap((group) => [...group])), names) : null,
  };
}
