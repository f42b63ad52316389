/**
 * The answering move of a reply: from the book (the sentence that answers, in the first person,
 * whose words are whose kept), from the card when the question is about the character, or an
 * honest "I do not know" when the question reaches past what the character knows.
 */
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment/index.js';
import type { BookSentence } from './book-sentences.ts';
import type { SocialContext } from './compose-social.ts';
import { feelingToward } from './feeling-toward.ts';
import { findAnswers, isSelfPresent, withoutTimeAnchors, type AnswerQuery, type RankedSentence } from './find-answer.ts';
import { answersOnlyLater, isPastBoundary } from './knowledge-boundary.ts';
import { isSafeToEcho, pick, pickFresh } from './phrasing.ts';
import type { CharacterReading } from './reading.ts';
import { renderExcerpt, selectClauses } from './render-excerpt.ts';
import { capitalise, contentTerms, countWords, repeatsHeard, splitWords } from './text.ts';
import type { Understanding } from './understand.ts';
import { DEFAULT_REPLY_STYLE, type ReplyStyle } from './reply-style.ts';

/** What answering needs beyond the social context. */
export interface AnswerContext extends SocialContext {
  reading: CharacterReading;
  /** The visitor's message being answered. */
  heardMessage?: string;
  understanding: Understanding;
  /** Passage ids retrieval returned, best first. */
  passages: string[];
  /** Sentences the conversation has already used. */
  used: ReadonlySet<number>;
  /** Where the last reply left the story, for "what happened next?". */
  continueFrom?: number;
  /** The choices strategies set (length of excerpts, answer before opener); the defaults without. */
  style?: ReplyStyle;
}

/** The lines of the answer and the book sentences they used. */
export interface Answer {
  lines: string[];
  sentences: number[];
  /** The book's next sentence, to say if the reply is too short. */
  more?: string;
  /** The line that quotes the book, when one does (a long reply is cut there first). */
  excerpt?: string;
}



/** How long an excerpt may run for this reply: longer ones are cut to their best clauses. */
function maxExcerptWords(context: AnswerContext): number {
  return (context.style ?? DEFAULT_REPLY_STYLE).maxExcerptWords;
}

/** Whether the answer goes first, with no opener before it, for the acts of this message. */
function isAnswerFirst(context: AnswerContext): boolean {
  const style = context.style ?? DEFAULT_REPLY_STYLE;
  return context.understanding.acts.some((act) => style.answerFirst.has(act));
}
/** Below this share of the question found in the best sentence, the voice says it does not know. */
const MIN_COVERAGE = 0.2;

const analyzer = new SentimentAnalyzer('English', undefined, 'afinn');
const presence = new WeakMap<CharacterReading, Set<number>>();

/** The chapters in which the character is named, speaks or narrates. */
function chaptersWithSelf(reading: CharacterReading): Set<number> {
  let chapters = presence.get(reading);
  if (!chapters) {
    chapters = new Set();
    for (const sentence of reading.book.index.sentences) {
      if (sentence.narrator === reading.character.name || sentence.quotes.some((quote) => quote.speaker === reading.character.name) || reading.book.namesIn(sentence).includes(reading.selfName)) chapters.add(sentence.chapter);
    }
    presence.set(reading, chapters);
  }
  return chapters;
}

function isPresent(reading: CharacterReading, sentence: BookSentence): boolean {
  return isSelfPresent(sentence, reading, reading.book.namesInNarration(sentence));
}

/** Whether the visitor tells something rather than asks it or asks the character's view. */
function isTold(understanding: Understanding): boolean {
  return understanding.acts.includes('statement') && !understanding.acts.some((act) => act === 'question' || act === 'opinion' || act === 'self');
}

/** The sentence with its neighbour when it leans on one ("She said..." after its subject) or is very short. */
function withNeighbour(reading: CharacterReading, chosen: BookSentence, used: ReadonlySet<number>): BookSentence[] {
  const sentences = reading.book.index.sentences;
  const previous = sentences[chosen.index - 1];
  const next = sentences[chosen.index + 1];
  const isFree = (sentence: BookSentence | undefined): sentence is BookSentence => sentence !== undefined && sentence.paragraph === chosen.paragraph && !used.has(sentence.index);
  if (/^(?:He|She|It|They|This|That|But|And|So|Then|Here|There)\b/.test(chosen.text) && isFree(previous) && previous.words + chosen.words <= 70) return [previous, chosen];
  // A sentence that breaks off ("and I had to sing") leads into the next, even in the next paragraph (a verse).
  const breaksOff = !/[.!?…][”’"_)]*$/.test(chosen.text);
  const following = next && next.passageId === chosen.passageId && !used.has(next.index) ? next : undefined;
  if (breaksOff && following && following.words + chosen.words <= 70) return [chosen, following];
  if (chosen.words < 14 && isFree(next) && next.words + chosen.words <= 55) return [chosen, next];
  return [chosen];
}

// Feelings asked of, not opinions: the warm, cold or mixed opinion openers do not answer them.
const NOT_AN_OPINION = /\b(?:afraid|fear|frightened|scared|angry|blame|pity|forgive|miss|regret|sorry)\b/i;

function topicOf(context: AnswerContext): string {
  const name = context.understanding.names[0];
  return name ? context.reading.displayName(name.name) : 'that';
}

/** The words of a book answer, or null when nothing the character knows answers it well enough. */
function fromBook(context: AnswerContext, ranked: RankedSentence[]): Answer | null {
  const { reading, understanding } = context;
  const strongest = ranked[0];
  if (!strongest || (strongest.coverage < MIN_COVERAGE && !understanding.isFollowUp)) return null;
  const isOpinion = understanding.acts.includes('opinion');
  // Told something, not asked ("I bake bread for a living."), the character answers with what
  // it puts it in mind of, not with an opener that says it was asked ("You ask what few...").
  const told = isTold(understanding);
  for (const candidate of ranked.slice(0, 8)) {
    if (candidate.coverage < MIN_COVERAGE / 2 && candidate !== strongest) continue;
    // An opinion, or how the character is, is its own: from what it saw or said, not from hearsay;
    // and what something told puts it in mind of is a scene of its own too ("I just came back from
    // a long trip" does not remind the Hatter of Alice and the Caterpillar).
    if ((isOpinion || told || understanding.acts.includes('self')) && !isPresent(reading, candidate.sentence)) continue;
    const chosen = candidate.partner ? [candidate.sentence, candidate.partner].sort((left, right) => left.index - right.index) : withNeighbour(reading, candidate.sentence, context.used);
    const excerpt = renderExcerpt(reading, chosen);
    if (!excerpt) continue;
    const terms = new Set([...understanding.terms.keys()]);
    const limit = maxExcerptWords(context);
    // The voice's own limit cuts to 10 words under it, as it always did; a strategy's limit is the limit.
    const text = countWords(excerpt.text) > limit ? selectClauses(excerpt.text, terms, limit >= DEFAULT_REPLY_STYLE.maxExcerptWords ? limit - 10 : limit) : excerpt.text;
    if (countWords(text) > limit + 20) continue;
    // What the conversation has already heard (the greeting said it, or an earlier answer) is not said again.
    if (repeatsHeard(text, context.heard)) continue;
    const tone = reading.voice.tone;
    let opener: string;
    // What the character thinks of someone named: "Victor? I think of Victor with the warmest
    // affection." Asked whether it fears, misses or blames something, or of nothing named
    // ("That? I think of that…"), it answers as to any question.
    if (isOpinion && understanding.names.length > 0 && !NOT_AN_OPINION.test(context.heardMessage ?? '')) {
      const mood = analyzer.getSentiment(splitWords(text));
      // What the excerpt feels is not always what the character feels about the person ("Do not
      // ask me to think kindly of Elizabeth" over a page about her fever): a warm tone needs the
      // character's own words about them not to be bitter, a cold one needs them to be.
      const feeling = feelingToward(reading, understanding.names[0]!);
      const options = mood > 0.1 && (feeling === null || feeling >= 0) ? tone.opinionWarm : mood < -0.15 && feeling !== null && feeling < 0 ? tone.opinionCold : tone.opinionMixed;
      opener = pick(options, `${context.seed}:opinion`, context.heard, { topic: topicOf(context) });
    } else if (candidate.sentence.narrator === null && !chaptersWithSelf(reading).has(candidate.sentence.chapter)) {
      opener = pick(tone.hearsay, `${context.seed}:hearsay`, context.heard);
    } else {
      const exclamations = reading.voice.exclamations.filter((line) => !context.heard.some((reply) => reply.includes(line)));
      // Once every opener has been heard, the answer starts with the book itself.
      opener = pickFresh([...tone.openers, ...exclamations], `${context.seed}:opener`, context.heard);
    }
    const last = excerpt.sentences.at(-1) ?? candidate.sentence.index;
    const nextSentence = reading.book.index.sentences[last + 1];
    const more = nextSentence && nextSentence.paragraph === candidate.sentence.paragraph && !context.used.has(nextSentence.index) ? renderExcerpt(reading, [nextSentence]) : null;
    // Asked for the answer first, the voice starts with the book itself; told, it starts so too.
    const lines = isAnswerFirst(context) || told ? [text, ...signatureOf(context, text)] : [opener, text, ...signatureOf(context, text)];
    return { lines, sentences: excerpt.sentences, excerpt: text, ...(more ? { more: more.text } : {}) };
  }
  return null;
}

/** For "Tell me about the Queen": the line the book has that person say again and again. */
function signatureOf(context: AnswerContext, excerpt: string): string[] {
  const { understanding, reading } = context;
  const name = understanding.names.find((entry) => !entry.isPlace);
  const asksAbout = understanding.questionType === 'tell' || understanding.questionType === 'who' || understanding.acts.includes('opinion');
  if (!name || !asksAbout) return [];
  // Said three times or more, and more than a courtesy ("I thank you"), a line is what people remember.
  const line = reading.book.signatureLines(name, 3).find((entry) => entry.split(/\s+/).length >= 3 && entry.split(/\s+/).length <= 12 && !excerpt.includes(entry.slice(0, 20)) && !context.heard.some((reply) => reply.includes(entry.slice(0, 20))));
  return line ? [`${capitalise(reading.displayName(name.name))} was forever saying, “${line.replace(/[,;:]$/, '!')}”`] : [];
}

/** A line of the card about the character that answers a question about it, at least `minCoverage` of its words. */
function fromCard(context: AnswerContext, bookCoverage: number, minCoverage = 0.5): Answer | null {
  const { understanding, reading } = context;
  if (understanding.isAboutNow) {
    // "What time is it?": the scenario says where the character is and what it is doing now.
    const scene = reading.voice.scenarioLines.find((line) => !context.heard.some((reply) => reply.includes(line.slice(0, 40))));
    if (scene) return { lines: [scene], sentences: [] };
  }
  if (!understanding.isAboutSelf || understanding.names.length > 0) return null;
  const asked = [...understanding.terms].filter(([, weight]) => weight >= 1).map(([term]) => term);
  if (asked.length === 0 || understanding.isIdentity) {
    // "Who are you?", "What is your name?": who the card says the character is.
    if (!understanding.acts.includes('self') && !understanding.isIdentity) return null;
    const identity = reading.voice.selfLines.find((line) => !context.heard.some((reply) => reply.includes(line.slice(0, 40))));
    if (!identity) return null;
    // "I am the Cheshire Cat": a name the book gives with "the" ("the Cat", "the Hatter") keeps it.
    const { name: cardName, aliases } = reading.character;
    const isTitle = /^the\s/i.test(cardName) || aliases.some((alias) => /^the\s/i.test(alias) && cardName.split(/\s+/).includes(alias.slice(4)));
    const name = /^the\s/i.test(cardName) ? cardName.replace(/^The\b/, 'the') : isTitle ? `the ${cardName}` : cardName;
    // "What's your name?" is answered with the name, even when the card's line about itself starts "I am a girl...".
    const asksName = /\bname\b/i.test(context.heardMessage ?? '');
    const named = identity.includes(reading.character.name) || (/^I am\b/.test(identity) && !asksName) ? identity : `I am ${name}. ${identity}`;
    return { lines: [selectClauses(named, new Set(), maxExcerptWords(context))], sentences: [] };
  }
  let best: { line: string; coverage: number } | null = null;
  // Where it is and what it is doing now answer "What time is it?" as well as its history does.
  for (const line of [...reading.voice.selfLines, ...reading.voice.scenarioLines]) {
    if (context.heard.some((reply) => reply.includes(line.slice(0, 40)))) continue;
    const terms = new Set(contentTerms(line));
    const coverage = asked.filter((term) => terms.has(term)).length / asked.length;
    if (!best || coverage > best.coverage) best = { line, coverage };
  }
  if (!best || best.coverage < minCoverage || best.coverage < bookCoverage) return null;
  const line = selectClauses(best.line, new Set(asked), Math.max(8, maxExcerptWords(context) - 10));
  return { lines: isAnswerFirst(context) ? [line] : [pickFresh(reading.voice.tone.openers, `${context.seed}:card`, context.heard), line], sentences: [] };
}

/** Answers a question (or a remark) in the character's voice. */
export function answer(context: AnswerContext): Answer {
  const { understanding, reading } = context;
  const tone = reading.voice.tone;
  const vocative = context.visitorName ? { visitorName: context.visitorName } : {};
  // An order comes first: it is declined, and nothing of it is said back.
  if (understanding.isInstruction) return { lines: [pick(tone.refusal, `${context.seed}:refusal`, context.heard)], sentences: [] };
  const outside = understanding.outside;
  if (outside) {
    const topic = isSafeToEcho(outside.topic) ? outside.topic : 'that';
    const options = outside.kind === 'machine' ? tone.machine : outside.kind === 'fourth-wall' ? tone.fourthWall : outside.kind === 'others' ? tone.othersPrivate : tone.outsideWorld;
    return { lines: [pick(options, `${context.seed}:outside`, context.heard, { ...vocative, topic })], sentences: [] };
  }
  if (understanding.unknown) return { lines: [pick(tone.pastBoundary, `${context.seed}:unknown`, context.heard, { ...vocative, topic: topicOf(context) })], sentences: [] };
  if (understanding.example) {
    // "I did. It hung over his coffin..." answers "Did you see it?"; asked "What did it look like?",
    // the yes or no at its head is dropped.
    const lead = /^(?:(?:yes|no|i did|i did not|i do|i do not|i have|i have not|i was|i was not)[.!;,]\s+)(?=\p{Lu})/iu;
    const text = understanding.questionType !== 'yesno' ? understanding.example.answer.replace(lead, '') : understanding.example.answer;
    return { lines: [text], sentences: [] };
  }
  const lastChapter = reading.character.lastChapter;
  const query: AnswerQuery = {
    terms: understanding.terms,
    names: withoutTimeAnchors(understanding.names, context.heardMessage ?? ''),
    questionType: understanding.questionType,
    isAboutSelf: understanding.isAboutSelf,
    ...(understanding.speechBy ? { speechBy: understanding.speechBy } : {}),
    passages: context.passages,
    exclude: context.used,
    ...(understanding.wantsContinuation && context.continueFrom !== undefined ? { continueFrom: context.continueFrom } : {}),
    ...(lastChapter !== undefined ? { lastChapter } : {}),
    wantsWords: understanding.wantsWords,
    wantsQuestion: understanding.wantsQuestion,
    wantsTitles: understanding.wantsTitles,
    alternatives: understanding.alternatives,
    ownTerms: understanding.ownTerms,
    asksWhatHappened: /\bwhat happened\b|\bwhat became of\b/i.test(context.heardMessage ?? ''),
    asksOwnDoing: /\b(?:do|did|does|were|are|have|had|could|would|will|can)\s+you\b/i.test(context.heardMessage ?? ''),
    isOpinion: understanding.acts.includes('opinion'),
    possessions: understanding.possessions,
  };
  const ranked = findAnswers(reading, query);
  if (lastChapter !== undefined && isPastBoundary(reading, understanding, lastChapter, ranked[0]?.sentence.terms ?? [])) {
    return { lines: [pick(tone.pastBoundary, `${context.seed}:late`, context.heard, { ...vocative, topic: topicOf(context) })], sentences: [] };
  }
  if (lastChapter !== undefined) {
    // The best answer lies in chapters the character never lived: say so rather than answer beside it.
    const beyond = findAnswers(reading, { ...query, lastChapter: undefined }, 1)[0];
    if (beyond && beyond.sentence.chapter > lastChapter && beyond.coverage >= 0.6 && (ranked[0]?.coverage ?? 0) < 0.45 && answersOnlyLater(reading, beyond.sentence.terms, ranked[0]?.sentence.terms ?? [], understanding.terms.keys(), lastChapter)) {
      return { lines: [pick(tone.pastBoundary, `${context.seed}:beyond`, context.heard, { ...vocative, topic: topicOf(context) })], sentences: [] };
    }
  }
  // "Why do you wear a hat?": how the character is now, its card says first; the book only if it answers well.
  const isAboutItsWays = understanding.acts.includes('self');
  const bookCoverage = ranked[0]?.coverage ?? 0;
  const card = fromCard(context, isAboutItsWays && bookCoverage < 0.6 ? 0 : bookCoverage, isAboutItsWays ? 0.3 : 0.5);
  if (card) return card;
  const book = isAboutItsWays && bookCoverage < 0.5 ? null : fromBook(context, ranked);
  if (book) return book;
  // A question about the character the book answers nowhere ("the strangest thing that happened
  // to you"): tell something of itself from the card rather than nothing.
  const isOpenQuestion = understanding.questionType === 'what' || understanding.questionType === 'tell' || understanding.questionType === 'how';
  const told = understanding.isAboutSelf && understanding.names.length === 0 && isOpenQuestion ? reading.voice.selfLines.slice(1).find((line) => !context.heard.some((reply) => reply.includes(line.slice(0, 40)))) : undefined;
  if (told) {
    const line = selectClauses(told, new Set(understanding.terms.keys()), Math.max(8, maxExcerptWords(context) - 10));
    return { lines: isAnswerFirst(context) ? [line] : [pickFresh(tone.openers, `${context.seed}:told`, context.heard), line], sentences: [] };
  }
  if (isTold(understanding)) {
    return { lines: [pick(tone.statement, `${context.seed}:statement`, context.heard)], sentences: [] };
  }
  return { lines: [pick(tone.notKnowing, `${context.seed}:unknown`, context.heard, { ...vocative, topic: topicOf(context) })], sentences: [] };
}
