/**
 * The offline voice's choices that strategies set: how long a reply runs, how much of the book it
 * quotes, whether the answer comes before any opener (per dialogue act), and whether it brings in
 * what the visitor told about themselves. Without strategies, the voice's own defaults.
 */
import type { GroundingFact, GroundingStrategy } from '../llm/provider.ts';
import type { DialogueAct } from './dialogue-act.ts';
import { isKnownRule, TOPIC_MAX_WORDS } from '../memory/strategy-rules.ts';
import { isSafeToEcho, pick } from './phrasing.ts';
import { contentTerms, hashText } from './text.ts';

/** The voice's parameters for one reply. */
export interface ReplyStyle {
  /** A shorter reply is padded (a question back, the card's own words). */
  minWords: number;
  /** A longer reply is cut, the book's excerpt first. */
  maxWords: number;
  /** The longest excerpt of the book said at once. */
  maxExcerptWords: number;
  /** Acts whose answer comes first, with no opener before it ("Oh, I remember that well."). */
  answerFirst: ReadonlySet<DialogueAct>;
  /** Whether an answer brings in something the visitor told about themselves. */
  mentionFacts: boolean;
  /** Topics (words of the book) whose replies are kept under TOPIC_MAX_WORDS. */
  briefTopics?: readonly string[];
}

/** The acts a question-like message has, for trying "answer first". */
const ASKING_ACTS: readonly DialogueAct[] = ['question', 'opinion', 'self', 'recall'];

/**
 * The style of one reply with exploration (pure, seeded): in about `rate` of replies, one choice
 * the strategies have not made is tried the other way (the answer first, or a warm line), so a
 * later dream can compare replies that differ in it. The same seed always explores the same way.
 */
export function exploreStyle(style: ReplyStyle, seed: string, rate: number): ReplyStyle {
  if (rate <= 0) return style;
  const draw = hashText(`${seed}:explore`) / 0x1_0000_0000;
  if (draw >= rate) return style;
  const trials: Array<() => ReplyStyle> = [];
  if (ASKING_ACTS.some((act) => !style.answerFirst.has(act))) trials.push(() => ({ ...style, answerFirst: new Set([...style.answerFirst, ...ASKING_ACTS]) }));
  if (!style.mentionFacts) trials.push(() => ({ ...style, mentionFacts: true }));
  const trial = trials[hashText(`${seed}:trial`) % Math.max(1, trials.length)];
  return trial ? trial() : style;
}

/** The style for one message: a topic kept brief shortens the replies that are about it. */
export function styleForMessage(style: ReplyStyle, messageTerms: ReadonlySet<string>): ReplyStyle {
  if (!style.briefTopics?.some((topic) => contentTerms(topic).some((term) => messageTerms.has(term)))) return style;
  const maxWords = Math.min(style.maxWords, TOPIC_MAX_WORDS);
  return { ...style, maxWords, minWords: Math.min(style.minWords, Math.floor(maxWords / 2)), maxExcerptWords: Math.min(style.maxExcerptWords, maxWords) };
}

/** The voice as it is with no strategy. */
export const DEFAULT_REPLY_STYLE: ReplyStyle = { minWords: 20, maxWords: 120, maxExcerptWords: 80, answerFirst: new Set(), mentionFacts: false };

/**
 * The style the strategies of a conversation set (pure): each known rule moves its parameter,
 * unknown ones and out-of-bounds values are ignored; where two set one parameter the stricter wins.
 */
export function styleFromStrategies(strategies: readonly GroundingStrategy[] | undefined): ReplyStyle {
  const style = { ...DEFAULT_REPLY_STYLE, answerFirst: new Set(DEFAULT_REPLY_STYLE.answerFirst) };
  for (const strategy of strategies ?? []) {
    if (!isKnownRule(strategy.rule, strategy.value)) continue;
    const value = strategy.value!;
    if (strategy.rule === 'max_words') style.maxWords = Math.min(style.maxWords, Number(value));
    else if (strategy.rule === 'max_quote_words') style.maxExcerptWords = Math.min(style.maxExcerptWords, Number(value));
    else if (strategy.rule === 'answer_first') style.answerFirst.add(value as DialogueAct);
    else if (strategy.rule === 'mention_facts') style.mentionFacts = value === 'yes';
    else if (strategy.rule === 'brief_on') style.briefTopics = [...(style.briefTopics ?? []), value];
  }
  // A short reply is not padded back up to the old floor.
  style.minWords = Math.min(style.minWords, Math.floor(style.maxWords / 2));
  style.maxExcerptWords = Math.min(style.maxExcerptWords, style.maxWords);
  return style;
}

const WARM_LINES: Record<string, string[]> = {
  name: ['I am glad to talk with you again, {value}.', 'It is good to see you, {value}.', 'You ask good questions, {value}.', 'Thank you for asking, {value}.'],
  pet: ['Give {value} my regards.', 'I hope {value} is well.', 'And how is {value}?', 'Do tell {value} about it.'],
  person: ['Do tell {value} I asked after them.', 'I hope {value} is well.'],
  place: ['Is it like that in {value}, I wonder?', 'I think of you in {value}.'],
  other: ['I have not forgotten: {fact}', 'I remember what you told me: {fact}'],
};

/**
 * One warm line about something the visitor told (their name, a pet, where they live), new to the
 * conversation, or null when nothing safe to say back is known.
 */
export function warmLine(facts: readonly GroundingFact[], seed: string, heard: readonly string[]): string | null {
  const usable = facts.filter((fact) => isSafeToEcho(fact.value) && fact.value.length <= 40);
  // Their name, or someone of theirs (a pet, a sister), in turn, so the same line does not come back each time.
  const named = usable.find((entry) => entry.subject === 'visitor' && entry.attribute === 'preferred_name') ?? usable.find((entry) => entry.subject === 'visitor' && entry.attribute === 'name');
  const theirs = usable.find((entry) => entry.subject !== 'visitor');
  const choices = [named, theirs].filter((entry): entry is GroundingFact => entry !== undefined);
  const fact = choices[hashText(`${seed}:fact`) % Math.max(1, choices.length)] ?? usable[0];
  if (!fact) return null;
  const kind = fact.subject === 'visitor'
    ? fact.attribute === 'name' || fact.attribute === 'preferred_name' ? 'name' : fact.attribute === 'lives_in' ? 'place' : 'other'
    : /^(?:dog|cat|puppy|kitten|horse|pony|rabbit|parrot|bird|hamster|fish|tortoise|pet)$/.test(fact.subject) ? 'pet' : 'person';
  const options = WARM_LINES[kind]!.map((template) => template.replace('{fact}', fact.text.replace(/^Your\b/, 'your').replace(/^You\b/, 'you')));
  return pick(options, seed, heard, { value: fact.value });
}
