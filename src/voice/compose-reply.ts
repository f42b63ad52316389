/**
 * One whole reply: the moves the message calls for (greet, acknowledge, recall, answer, thank,
 * take leave) in that order, kept between REPLY_WORDS.min and .max words, tidied for the page.
 */
import type { GroundingFact } from '../llm/provider.ts';
import { answer } from './compose-answer.ts';
import { reminiscence } from './reminiscence.ts';
import { acknowledge, greet, recall, smallTalk, thankOrLeave, type SocialContext } from './compose-social.ts';
import { pick, pickFresh } from './phrasing.ts';
import type { CharacterReading } from './reading.ts';
import { selectClauses } from './render-excerpt.ts';
import { contentTerms, countWords, expandChatSpeak, repeatsHeard, tidyReply } from './text.ts';
import { understand, type ConversationSoFar } from './understand.ts';
import { readDisclosures } from './visitor-disclosure.ts';
import { readRemarkOnCharacter, readVisitorFeeling } from './visitor-feeling.ts';
import { factSlot } from '../memory/visitor-facts/fact-types.ts';
import { DEFAULT_REPLY_STYLE, styleForMessage, warmLine, type ReplyStyle } from './reply-style.ts';

/** How long a reply should be, in words, when no strategy says otherwise. */
export const REPLY_WORDS = { min: DEFAULT_REPLY_STYLE.minWords, max: DEFAULT_REPLY_STYLE.maxWords } as const;

/** Everything one reply is composed from. */
export interface ReplyInput {
  reading: CharacterReading;
  message: string;
  history: ConversationSoFar;
  /** Passage ids retrieval returned, best first. */
  passages: string[];
  /** What the visitor has told (current values), when chat passes it. */
  visitorFacts?: GroundingFact[];
  /** The facts of this message, when chat passes them. */
  newFacts?: GroundingFact[];
  /** Whether this visitor has never had a reply from the character. */
  isFirstMeeting: boolean;
  /** The choices the conversation's strategies set (see reply-style.ts); the defaults without. */
  style?: ReplyStyle;
}

const located = new WeakMap<CharacterReading, Map<string, number[]>>();

/** The book's sentences one reply said (kept, since every later reply of the conversation asks again). */
function sentencesIn(reading: CharacterReading, reply: string): number[] {
  let cache = located.get(reading);
  if (!cache) located.set(reading, (cache = new Map()));
  const known = cache.get(reply);
  if (known) return known;
  const { index } = reading.book;
  // Said in the first person, a sentence loses the character's name ("Alice" became "I").
  const own = new Set(reading.self.forms.flatMap((form) => contentTerms(form)));
  const terms = new Set(contentTerms(reply));
  const rare = [...terms].sort((left, right) => index.idf(right) - index.idf(left)).slice(0, 6);
  const found: number[] = [];
  for (const candidate of new Set(rare.flatMap((term) => index.holding(term)))) {
    const sentenceTerms = index.sentences[candidate]!.terms.filter((term) => !own.has(term));
    if (sentenceTerms.length < 3) continue;
    if (sentenceTerms.filter((term) => terms.has(term)).length / sentenceTerms.length >= 0.75) found.push(candidate);
  }
  if (cache.size > 5000) cache.clear();
  cache.set(reply, found);
  return found;
}

/** The sentences of the book the conversation's replies have used, and where the last one ended. */
export function locateUsed(reading: CharacterReading, replies: string[]): { used: Set<number>; lastEnd?: number } {
  const used = new Set<number>();
  let lastEnd: number | undefined;
  for (const [position, reply] of replies.entries()) {
    for (const candidate of sentencesIn(reading, reply)) {
      used.add(candidate);
      if (position === replies.length - 1) lastEnd = Math.max(lastEnd ?? -1, candidate);
    }
  }
  return lastEnd === undefined ? { used } : { used, lastEnd };
}

/**
 * A person's name in a question that the book never uses and the visitor never told ("Sam's dog"),
 * or null. Only a capitalised word standing mid-sentence, in a question that names nobody the book
 * knows: a word the book has (a place, a thing) or an opening word is never one.
 */
function strangerIn(message: string, reading: ReplyInput['reading'], known: readonly GroundingFact[], bookNames: number): string | null {
  if (bookNames > 0) return null;
  const told = known.map((fact) => `${fact.subject} ${fact.value}`.toLowerCase()).join(' ');
  // ("the Arctic", "the Thames" are places, not people.)
  for (const match of message.matchAll(/(?<=[\p{Ll},]\s+)(?<!\bthe\s+)(\p{Lu}\p{Ll}{2,})(?:['’]s)?(?![\p{L}])/gu)) {
    const word = match[1]!;
    if (told.includes(word.toLowerCase()) || reading.self.forms.some((form) => form.includes(word))) continue;
    if (contentTerms(word).every((term) => reading.book.index.idf(term) === 0) && contentTerms(word).length > 0) return word;
  }
  return null;
}

/** What the visitor has told, from chat's facts or, when chat passes none, from their own messages. */
function knownFacts(input: ReplyInput, disclosures: GroundingFact[]): GroundingFact[] {
  const earlier = input.visitorFacts ?? input.history.visitorMessages.flatMap((message) => readDisclosures(message));
  const merged = [...disclosures, ...earlier];
  // One fact per slot, the newest first: one name, but every thing they like ("tea", "Earl Grey").
  const slots = merged.map(factSlot);
  return merged.filter((_fact, index) => slots.indexOf(slots[index]!) === index);
}

/** Composes the reply to one visitor message. */
export function composeReply(raw: ReplyInput): string {
  // "whats ur name" is read as "what's your name"; everything after reads the written-out words.
  const input = { ...raw, message: expandChatSpeak(raw.message) };
  const { reading, history } = input;
  const understanding = understand(input.message, history, reading, input.newFacts);
  const style = styleForMessage(input.style ?? DEFAULT_REPLY_STYLE, new Set(contentTerms(input.message)));
  const acts = new Set(understanding.acts);
  const known = knownFacts(input, understanding.disclosures);
  // The name they asked to be called by, before the name they gave.
  const visitorName = (known.find((fact) => fact.subject === 'visitor' && fact.attribute === 'preferred_name') ?? known.find((fact) => fact.subject === 'visitor' && fact.attribute === 'name'))?.value;
  const context: SocialContext = { voice: reading.voice, seed: `${reading.character.id}:${history.visitorMessages.length}:${input.message}`, heard: history.replies, ...(visitorName ? { visitorName } : {}) };
  const isAsking = acts.has('question') || acts.has('opinion') || acts.has('self');
  const parts: string[] = [];
  if (acts.has('greeting')) {
    const isAlone = understanding.acts.length === 1;
    const greeting = greet(context, { isFirstMeeting: input.isFirstMeeting && history.replies.length === 0, isAlone });
    if (input.isFirstMeeting && history.replies.length === 0 && isAlone) return tidyReply(greeting.join(' '));
    parts.push(...greeting);
  }
  if (acts.has('disclosure')) parts.push(...acknowledge(context, understanding.disclosures));
  // "I'm feeling sad today", "My father died": a word for how they are, before anything of the book.
  const feeling = readVisitorFeeling(input.message);
  if (feeling) {
    const tone = reading.voice.tone;
    const options = feeling.kind === 'loss' ? tone.condolence : feeling.kind === 'illness' ? tone.illness : feeling.kind === 'high' ? tone.feelingHigh : tone.feelingLow;
    // Their name was just said back when they told it: not again in the same reply.
    const mayName = visitorName !== undefined && !parts.some((part) => part.includes(visitorName));
    parts.push(pick(options, `${context.seed}:feeling`, history.replies, { ...(mayName ? { visitorName } : {}), topic: feeling.topic }));
  }
  // "You're wonderful", "You're lying": said of the character, answered as said to a person.
  const remark = feeling ? null : readRemarkOnCharacter(input.message);
  if (remark) parts.push(pick(remark === 'praise' ? reading.voice.tone.praise : reading.voice.tone.rebuke, `${context.seed}:remark-on`, history.replies, visitorName ? { visitorName } : {}));
  if (acts.has('recall') && understanding.recall) {
    parts.push(...recall(context, understanding.recall, known, input.message, history.visitorMessages));
    // A reply that only remembers is short: a warm word about what they told fills it, rather than the scene.
    const warmWord = acts.size === 1 && known.length > 0 ? warmLine(known, `${context.seed}:recalled`, history.replies) : null;
    // Not a fact just recalled said again ("You like tea. I remember what you told me: you like tea.").
    const recalled = parts.join(' ').toLowerCase();
    const saysAgain = (line: string) => known.some((fact) => recalled.includes(fact.text.toLowerCase().replace(/[.!]$/, '')) && line.toLowerCase().includes(fact.text.toLowerCase().replace(/[.!]$/, '')));
    if (warmWord && !repeatsHeard(warmWord, parts, 4) && !saysAgain(warmWord)) parts.push(warmWord);
  }
  if (acts.has('smalltalk')) parts.push(...smallTalk(context));
  // "Thanks for listening. What would you do…?": thanked first, the character says so first; a
  // thanks after the question, or with a goodbye, closes the reply.
  const askedAt = understanding.acts.findIndex((act) => act === 'question' || act === 'opinion' || act === 'self');
  const thanksFirst = acts.has('thanks') && !acts.has('farewell') && askedAt !== -1 && understanding.acts.indexOf('thanks') < askedAt;
  if (thanksFirst) parts.push(...thankOrLeave(context, { thanks: true, farewell: false }));
  let excerpt: string | null = null;
  let more: string | undefined;
  // The warm line is said whatever the length: the rest of the reply makes room for it.
  let warm = '';
  // "ok", "Cool.": a remark with nothing in it to look up is answered as a remark.
  const isBareRemark = !isAsking && contentTerms(input.message).length <= 1 && input.message.split(/\s+/).length <= 3;
  // "What is Sam's dog called?": a person neither the book nor this visitor ever named.
  const stranger = isAsking && !understanding.example ? strangerIn(input.message, reading, known, understanding.names.length) : null;
  if (acts.has('statement') && isBareRemark && parts.length === 0) parts.push(pick(reading.voice.tone.statement, `${context.seed}:remark`, history.replies));
  else if (stranger !== null) parts.push(pick(reading.voice.tone.notKnowing, `${context.seed}:stranger`, history.replies, { ...(visitorName ? { visitorName } : {}), topic: stranger }));
  // Told how they feel, and asked nothing, the visitor is answered as a person, not with a page.
  else if (isAsking || (acts.has('statement') && !feeling && !remark && parts.length <= 1 && !acts.has('thanks') && !acts.has('farewell'))) {
    const { used, lastEnd } = locateUsed(reading, history.replies);
    const result = answer({ ...context, reading, understanding, heardMessage: input.message, passages: input.passages, used, style, ...(lastEnd !== undefined ? { continueFrom: lastEnd } : {}) });
    // Asked for the answer first, it goes before a greeting or an acknowledgement too.
    const isFirst = understanding.acts.some((act) => style.answerFirst.has(act));
    if (isFirst) parts.unshift(...result.lines);
    else parts.push(...result.lines);
    warm = warmth(style, known, context, parts, result.lines).join(' ');
    if (result.sentences.length > 0) excerpt = result.excerpt ?? result.lines[1] ?? null;
    more = result.more;
  }
  if ((acts.has('thanks') && !thanksFirst) || acts.has('farewell')) parts.push(...thankOrLeave(context, { thanks: acts.has('thanks') && !thanksFirst, farewell: acts.has('farewell') }));
  const isChat = acts.has('smalltalk') || (acts.has('statement') && !isAsking);
  // The last resort of a short reply: something the character said or saw, in its own words.
  const remember = () => {
    const line = reminiscence(reading, input.message, locateUsed(reading, history.replies).used, history.replies, context.seed);
    return line ? `${pickFresh(reading.voice.tone.tellMore, `${context.seed}:remember`, history.replies)} ${line}`.trim() : '';
  };
  return tidyReply(fitLength(parts.map((part, index) => (index > 0 ? joinOpener(parts[index - 1]!, part) : part)), context, excerpt, understanding.terms, { isLeaving: acts.has('farewell'), isChat, remember, style, knowsVisitor: known.length > 0, tail: warm, ...(more ? { more } : {}) }));
}

/** With `mentionFacts`, a warm line about what the visitor told, unless the reply already names it. */
function warmth(style: ReplyStyle, known: readonly GroundingFact[], context: SocialContext, parts: readonly string[], lines: readonly string[]): string[] {
  if (!style.mentionFacts || known.length === 0) return [];
  const said = [...parts, ...lines].join(' ').toLowerCase();
  if (known.some((fact) => fact.value.length >= 2 && said.includes(fact.value.toLowerCase()))) return [];
  const line = warmLine(known, `${context.seed}:warm`, context.heard);
  return line ? [line] : [];
}

/** A reply cut to `maxWords`: at the last sentence end that fits when there is one, else mid-sentence with "…". */
function cutToWords(reply: string, maxWords: number): string {
  const cut = reply.split(/\s+/).slice(0, maxWords).join(' ');
  // The default voice keeps its old cut; a strategy's shorter limit ends on a whole sentence when it can.
  if (maxWords < REPLY_WORDS.max) {
    const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '), /[.!?]$/.test(cut) ? cut.length - 1 : -1);
    if (end > 0 && countWords(cut.slice(0, end + 1)) >= Math.floor(maxWords / 3)) return cut.slice(0, end + 1);
  }
  return cut.replace(/[,;:]?$/, '…');
}

/** After an opener that runs on ("That rather depends on what you mean, but"), the next part starts in lower case. */
function joinOpener(previous: string, part: string): string {
  return /[\p{L},]$/u.test(previous) ? part.replace(/^(My|The|It|He|She|They|There|This|That|When|As|So|Then|A|An|We|Our|Her|His|Its|Their)\b/, (word) => word.toLowerCase()) : part;
}

/** Pads a short reply with a question back or the character's own words; cuts a long one at its excerpt. */
/** A question back that asks the visitor to tell about themselves. */
const ASKS_ABOUT_VISITOR = /\b(?:about|of)\s+yourself\b/i;

function fitLength(parts: string[], context: SocialContext, excerpt: string | null, terms: ReadonlyMap<string, number>, options: { isLeaving: boolean; isChat: boolean; remember: () => string; style: ReplyStyle; knowsVisitor: boolean; tail?: string; more?: string }): string {
  const tail = options.tail ?? '';
  const minWords = Math.max(0, options.style.minWords - countWords(tail));
  const maxWords = options.style.maxWords - countWords(tail);
  let reply = parts.filter(Boolean).join(' ');
  // Padding never quotes: a quotation in the card's scenario may be another's line in the book.
  const isFresh = (line: string) => !context.heard.some((heard) => heard.includes(line.slice(0, 40))) && !reply.includes(line.slice(0, 40)) && !/[“"]/.test(line);
  const scene = context.voice.scenarioLines.filter(isFresh);
  // The card's signature lines suit small talk, not the end of an answer.
  const signatures = options.isChat ? context.voice.signatures.filter((line) => isFresh(line) && /^\p{Lu}/u.test(line)).map((line) => (/[.!?]$/.test(line) ? line : `${line}!`)) : [];
  // A question back is asked once: when every one has been heard, the reply tells something instead.
  // After an answer from the story, a question about it; after a social reply, one about the visitor.
  // A visitor who has told about themselves is not asked to again ("Do tell me something about yourself").
  const askBack = options.knowsVisitor ? context.voice.tone.askBack.filter((line) => !ASKS_ABOUT_VISITOR.test(line)) : context.voice.tone.askBack;
  const closing = pickFresh(excerpt || options.more ? context.voice.tone.closings : askBack, `${context.seed}:closing`, [...context.heard, reply]);
  // A goodbye is not followed by a question; it ends with where the character stays.
  const tone = context.voice.tone;
  // Something more of itself, from its card, when a reply is still short: new each time.
  const lead = (index: number) => pickFresh(tone.tellMore, `${context.seed}:more:${index}`, [...context.heard, reply]);
  const told = context.voice.selfLines.filter((line) => isFresh(line) && countWords(line) <= 35).slice(0, 3).map((line, index) => `${lead(index)} ${line}`.trim());
  const extras = options.isLeaving
    ? [...scene, ...signatures, pickFresh(tone.farewell, `${context.seed}:farewell-more`, [...context.heard, reply], context.visitorName ? { visitorName: context.visitorName } : {})]
    : [...(options.more ? [options.more] : []), closing, ...signatures, ...scene, ...told];
  const added: string[] = [];
  let words = countWords(reply);
  for (const extra of extras.filter(Boolean)) {
    if (words >= minWords) break;
    // A padding line that would run past the limit is left out.
    const extraWords = countWords(extra);
    if (reply.includes(extra) || added.includes(extra) || (maxWords < REPLY_WORDS.max && words + extraWords > maxWords)) continue;
    added.push(extra);
    words += extraWords;
  }
  // A question back ends the reply: what pads it after the question goes before it.
  if (added.includes(closing) && added.at(-1) !== closing && closing.includes('?')) added.push(...added.splice(added.indexOf(closing), 1));
  if (added.length > 0) reply = [reply, ...added].join(' ');
  if (countWords(reply) < minWords && !options.isLeaving) {
    const line = options.remember();
    if (countWords(reply) + countWords(line) <= maxWords || maxWords >= REPLY_WORDS.max) reply = `${reply} ${line}`.trim();
  }
  if (countWords(reply) > maxWords && excerpt) {
    const shorter = selectClauses(excerpt, new Set(terms.keys()), Math.max(Math.min(25, Math.floor(maxWords / 2)), countWords(excerpt) - (countWords(reply) - maxWords) - 5));
    reply = reply.replace(excerpt, shorter);
  }
  if (countWords(reply) > maxWords) reply = cutToWords(reply, maxWords);
  return tail ? `${reply} ${tail}` : reply;
}
