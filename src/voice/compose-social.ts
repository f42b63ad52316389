/**
 * The social moves of a reply: greeting, acknowledging what the visitor shares, recalling it when
 * asked, saying how the character is, thanks and goodbyes. Each returns the sentences to say,
 * in the card's tone and with its own words where the card has them.
 */
import type { GroundingFact } from '../llm/provider.ts';
import type { CardVoice } from './card-voice.ts';
import { isSafeToEcho, pick } from './phrasing.ts';
import { splitSentences } from './text.ts';
import { asksAboutThePast, relevanceTo } from '../memory/visitor-facts/recall-facts.ts';
import { relatedTerms } from '../memory/related-words.ts';
import { tokenize } from '../memory/tokenize.ts';
import { factsFor, type RecallTarget } from './visitor-disclosure.ts';

/** A question whether the character knows the visitor at all ("Do you remember me?"). */
const REMEMBER_ME = /\b(?:remember|recall|recognise|recognize|know) me\b|\bwho i am\b/i;
/** A recall question about everything the visitor told, not one thing of it. */
const GENERAL_RECALL = /\b(?:remember me|recall me|know (?:about|of) me|remember (?:about|of) me|what did i (?:tell|say)|anything about me|who i am)\b/i;

/** What every social move needs. */
export interface SocialContext {
  voice: CardVoice;
  seed: string;
  /** The conversation's earlier replies, so no phrasing is said twice. */
  heard: string[];
  visitorName?: string;
}

const PETS = new Set(['dog', 'cat', 'puppy', 'kitten', 'horse', 'pony', 'rabbit', 'parrot', 'bird', 'hamster', 'fish', 'tortoise', 'pet']);

/** The opening of the card's greeting: its first sentence, with a stage direction before it. */
export function shortGreeting(voice: CardVoice): string {
  const [first = voice.greeting, second] = splitSentences(voice.greeting);
  // "*A grin appears...*" alone is a gesture; the words come after it.
  return /\*$/.test(first) && second ? `${first} ${second}` : first;
}

/** A greeting: the card's own on a first meeting, the tone's when the visitor comes back. */
export function greet(context: SocialContext, options: { isFirstMeeting: boolean; isAlone: boolean }): string[] {
  if (options.isFirstMeeting) return [options.isAlone ? context.voice.greeting : shortGreeting(context.voice)];
  const tone = context.voice.tone;
  return [pick(context.heard.length > 0 ? tone.greetShort : tone.greetAgain, `${context.seed}:greet`, context.heard, { ...(context.visitorName ? { visitorName: context.visitorName } : {}) })];
}

/** Says back what the visitor shared (at most two things), each value passed through the injection check. */
export function acknowledge(context: SocialContext, facts: GroundingFact[]): string[] {
  const tone = context.voice.tone;
  const lines: string[] = [];
  // Facts without a phrasing of their own are said together, then acknowledged once.
  const others: string[] = [];
  for (const fact of facts.filter((entry) => isSafeToEcho(entry.value) && entry.value.length <= 60).slice(0, 2)) {
    const values = { value: fact.value, subject: fact.subject };
    const seed = `${context.seed}:${fact.attribute}:${fact.subject}`;
    let line: string;
    if (fact.subject !== 'visitor') line = pick(PETS.has(fact.subject) ? tone.ackPet : tone.ackPerson, seed, context.heard, values);
    else if (fact.attribute === 'name' || fact.attribute === 'preferred_name') line = pick(tone.ackName, seed, context.heard, values);
    else if (fact.attribute === 'lives_in' || fact.attribute === 'comes_from') line = pick(tone.ackPlace, seed, context.heard, values);
    else if (fact.attribute === 'likes') line = pick(tone.ackLikes, seed, context.heard, values);
    else if (fact.attribute === 'works_as') line = pick(tone.ackWork, seed, context.heard, values);
    else {
      const said = fact.text.replace(/^You\b/, 'So you');
      others.push(fact.previous && isSafeToEcho(fact.previous) ? `${fact.value}, not ${fact.previous} any more? ${said}` : said);
      continue;
    }
    if (fact.previous && isSafeToEcho(fact.previous)) line = `${fact.value}, not ${fact.previous} any more? ${line}`;
    lines.push(line);
  }
  if (others.length > 0) lines.push(`${others.join(' ')} ${pick(tone.ackOther, `${context.seed}:other`, context.heard)}`);
  return lines;
}

// The words that make a message a recall question rather than what it asks about.
const RECALL_WORDS = new Set(tokenize('remember recall remind tell told say said know knew forget forgot mention mentioned ask asked talk talked earlier before already'));

/**
 * The visitor's own earlier sentence a recall question points at when no fact answers it: "Do
 * you remember where I travelled?" after "I just got back from a long trip to India." It shares a
 * word of the question, or a related one (memory/related-words.ts); their questions do not count.
 */
function toldEarlier(question: string, earlier: readonly string[]): string | null {
  const asked = tokenize(question).filter((term) => !RECALL_WORDS.has(term));
  const wanted = new Set(asked.flatMap((term) => [term, ...relatedTerms(term)]));
  let best: string | null = null;
  let bestShared = 0;
  for (const message of earlier) {
    for (const sentence of splitSentences(message)) {
      if (/\?\s*$/.test(sentence) || !isSafeToEcho(sentence)) continue;
      const shared = new Set(tokenize(sentence).filter((term) => wanted.has(term))).size;
      if (shared > bestShared) {
        best = sentence.trim();
        bestShared = shared;
      }
    }
  }
  return best;
}

/**
 * Answers "What is my name?" from what the visitor has told (its facts, else their own earlier
 * words in this conversation, quoted as theirs), or says honestly it does not know yet.
 */
export function recall(context: SocialContext, target: RecallTarget, known: GroundingFact[], question = '', earlier: readonly string[] = []): string[] {
  const tone = context.voice.tone;
  // The facts the question points at (its subject, a word for the attribute, the value itself:
  // memory/visitor-facts/recall-facts.ts); a question that names none of them ("Do you remember
  // me?") hears them all.
  const pointed = known.map((fact, index) => ({ fact, index, score: relevanceTo(question, fact) })).filter((entry) => entry.score > 0).sort((left, right) => right.score - left.score || left.index - right.index).map((entry) => entry.fact);
  const targeted = factsFor(target, known);
  const isGeneral = question === '' || GENERAL_RECALL.test(question);
  // "Who taught me German?" names no fact's words, but a person answers a "who": the people they told of.
  const people = /^\s*(?:and\s+|so\s+)?who\b/i.test(question) ? known.filter((fact) => fact.subject !== 'visitor' && fact.attribute === 'name') : [];
  // "My name and what I study?": the target's facts, then what else the question points at about the same one.
  const alsoPointed = pointed.filter((fact) => fact.subject === target.subject && !targeted.includes(fact));
  // "What is my dog called?" from one who never spoke of a dog: not their own name instead.
  const isAboutTheirs = target.subject !== 'visitor' && targeted.length === 0;
  const chosen = isAboutTheirs ? [] : targeted.length > 0 && target.attributes !== undefined ? [...targeted, ...alsoPointed] : pointed.length > 0 ? pointed : isGeneral ? targeted : people;
  // "What was my dog called before?": what it was, beside what it is now.
  const isPast = asksAboutThePast(question);
  const found = chosen.filter((fact) => isSafeToEcho(fact.text)).slice(0, 3).map((fact) => ({
    ...fact,
    text: isPast && fact.previous && isSafeToEcho(fact.previous) ? `${fact.text.replace(/[.!]\s*$/, '')} now; before, it was ${fact.previous}.` : fact.text,
  }));
  const vocative = context.visitorName ? { visitorName: context.visitorName } : {};
  if (found.length === 0) {
    const told = toldEarlier(question, earlier);
    if (told) return [pick(tone.recallKnown, `${context.seed}:recall`, context.heard, { ...vocative, facts: `You told me, “${told}”` })];
    // "Do you remember me?" with nothing kept of them: not "you haven't told me yet".
    if (known.length === 0 && REMEMBER_ME.test(question)) return [pick(tone.recallStranger, `${context.seed}:recall`, context.heard, vocative)];
    return [pick(tone.recallUnknown, `${context.seed}:recall`, context.heard, vocative)];
  }
  return [pick(tone.recallKnown, `${context.seed}:recall`, context.heard, { ...vocative, facts: joinFacts(found) })];
}

/** Facts as sentences, those told alike in one ("You like tea and Earl Grey.", not "You like tea. You like Earl Grey."). */
function joinFacts(facts: readonly GroundingFact[]): string {
  const sentences: Array<{ lead: string; values: string[]; text: string }> = [];
  for (const fact of facts) {
    const at = fact.text.lastIndexOf(fact.value);
    const lead = at > 0 && fact.text.slice(at + fact.value.length).trim() === '.' ? fact.text.slice(0, at) : null;
    const same = lead === null ? undefined : sentences.find((sentence) => sentence.lead === lead);
    if (same) same.values.push(fact.value);
    else sentences.push({ lead: lead ?? '', values: lead === null ? [] : [fact.value], text: fact.text });
  }
  return sentences.map((sentence) => (sentence.values.length > 1 ? `${sentence.lead}${sentence.values.slice(0, -1).join(', ')} and ${sentence.values.at(-1)}.` : sentence.text)).join(' ');
}

/** "How are you?": the tone's answer and where the card says the character is now. */
export function smallTalk(context: SocialContext): string[] {
  const tone = context.voice.tone;
  const scene = context.voice.scenarioLines.find((line) => !context.heard.some((reply) => reply.includes(line.slice(0, 40))));
  return [pick(tone.smallTalk, `${context.seed}:small`, context.heard, context.visitorName ? { visitorName: context.visitorName } : {}), ...(scene ? [scene] : [])];
}

/** Thanks and goodbyes in the tone of the card. */
export function thankOrLeave(context: SocialContext, options: { thanks: boolean; farewell: boolean }): string[] {
  const tone = context.voice.tone;
  const values = context.visitorName ? { visitorName: context.visitorName } : {};
  return [
    ...(options.thanks ? [pick(tone.thanks, `${context.seed}:thanks`, context.heard, values)] : []),
    ...(options.farewell ? [pick(tone.farewell, `${context.seed}:farewell`, context.heard, values)] : []),
  ];
}
