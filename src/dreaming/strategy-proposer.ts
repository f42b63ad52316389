/**
 * The offline proposer of strategies: no model, only counting. It compares the replies visitors
 * liked with those they disliked (or corrected, asked again, left after) on what can be measured in
 * the reply's text, length, quoting, whether the answer came first, whether it named what the
 * visitor told, what the reply was about, and proposes a rule wherever one side of a split is
 * liked clearly more often.
 * Its texts are templates filled with numbers and, for a topic, a word the reply itself (the book)
 * holds and no visitor's private one: no visitor's sentence can reach them.
 */
import type { MemoryItem } from '../memory/types.ts';
import { tokenize } from '../memory/tokenize.ts';
import { privateStems, privateTermsOf, type DreamInput } from './dream-input.ts';
import { MIN_STRATEGY_EVIDENCE, type DreamOperation } from './dream-types.ts';
import { outcomeScore, replyFeatures, type ReplyFeatures, type ReplyOutcome } from './outcomes.ts';

/** Tuning of the offline strategy proposer. */
export interface StrategyProposerOptions {
  /** Fewest rated replies before any strategy is drawn. */
  minRated?: number;
  /** Smallest difference in like-rate between the two sides of a split. */
  minGain?: number;
  /** One-sided z of the two-proportion test a split must reach. */
  minZ?: number;
}

interface Rated {
  outcome: ReplyOutcome;
  features: ReplyFeatures;
  isLiked: boolean;
}

interface Split {
  inside: Rated[];
  outside: Rated[];
  gain: number;
  z: number;
}

const likeRate = (list: readonly Rated[]) => list.filter((entry) => entry.isLiked).length / Math.max(1, list.length);
const percent = (value: number) => `${Math.round(value * 100)}%`;

/** Two-proportion z statistic of `inside` liked more often than `outside`. */
function zOf(inside: readonly Rated[], outside: readonly Rated[]): number {
  const p1 = likeRate(inside);
  const p2 = likeRate(outside);
  const pooled = (inside.filter((entry) => entry.isLiked).length + outside.filter((entry) => entry.isLiked).length) / (inside.length + outside.length);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / inside.length + 1 / outside.length));
  return spread === 0 ? (p1 > p2 ? Number.POSITIVE_INFINITY : 0) : (p1 - p2) / spread;
}

function split(rated: readonly Rated[], isInside: (entry: Rated) => boolean): Split {
  const inside = rated.filter(isInside);
  const outside = rated.filter((entry) => !isInside(entry));
  return { inside, outside, gain: likeRate(inside) - likeRate(outside), z: inside.length > 0 && outside.length > 0 ? zOf(inside, outside) : 0 };
}

/** The turns a strategy rests on: the disliked replies it would change first, then liked ones it keeps. */
function evidenceOf(found: Split): string[] {
  const disliked = found.outside.filter((entry) => !entry.isLiked).slice(0, 20).map((entry) => entry.outcome.turnId);
  const liked = found.inside.filter((entry) => entry.isLiked).slice(0, 10).map((entry) => entry.outcome.turnId);
  return [...new Set([...disliked, ...liked])];
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const roundDown5 = (value: number) => Math.floor(value / 5) * 5;

const ACT_PHRASES: Record<string, string> = {
  question: 'asks me something',
  opinion: 'asks what I think of someone',
  self: 'asks about me',
  recall: 'asks what I remember of them',
  statement: 'tells me something',
};

/**
 * Strategies from the outcomes of a dream's input (pure): at most one per rule, each citing at
 * least MIN_STRATEGY_EVIDENCE replies, replacing a held strategy of the same rule only when it is
 * stricter (a rule that worked makes its own evidence vanish, so it is never loosened for that).
 */
export function proposeStrategies(input: DreamInput, options: StrategyProposerOptions = {}): DreamOperation[] {
  const minRated = options.minRated ?? 8;
  const minGain = options.minGain ?? 0.15;
  const minZ = options.minZ ?? 1.64;
  const rated: Rated[] = (input.outcomes ?? [])
    .map((outcome) => ({ outcome, features: replyFeatures(outcome), score: outcomeScore(outcome) }))
    .filter((entry) => entry.score !== 0)
    .map(({ outcome, features, score }) => ({ outcome, features, isLiked: score > 0 }));
  if (rated.length < minRated) return [];
  const held = new Map<string, MemoryItem>();
  for (const item of input.items) if (item.kind === 'strategy' && item.supersededBy === undefined && item.attribute !== undefined) held.set(`${item.attribute}=${item.value}`, item);
  const heldOf = (rule: string) => [...held.values()].filter((item) => item.attribute === rule);
  const isClear = (found: Split) => found.inside.length >= 3 && found.outside.length >= 3 && found.gain >= minGain && found.z >= minZ;
  const operations: DreamOperation[] = [];
  const propose = (rule: string, value: string, text: string, evidence: string[], reason: string, replaces: MemoryItem[] = heldOf(rule)) => {
    if (held.has(`${rule}=${value}`) || evidence.length < MIN_STRATEGY_EVIDENCE) return;
    operations.push({ type: 'strategy', text, rule, value, evidence, ...(replaces.length > 0 ? { replaces: replaces.map((item) => item.id) } : {}), reason });
  };

  // Length: the cut that best separates liked from disliked replies, and "too long" said of replies under it.
  const heldWords = Math.min(120, ...heldOf('max_words').map((item) => Number(item.value)));
  let best: { limit: number; found: Split } | undefined;
  for (let limit = 20; limit <= 100; limit += 5) {
    const found = split(rated, (entry) => entry.features.words <= limit);
    if (isClear(found) && (!best || found.gain > best.found.gain)) best = { limit, found };
  }
  const tooLong = rated.filter((entry) => !entry.isLiked && entry.outcome.signals.some((signal) => signal.reason === 'too_long'));
  const byReason = tooLong.length >= MIN_STRATEGY_EVIDENCE ? Math.max(15, roundDown5(0.6 * median(tooLong.map((entry) => entry.features.words)))) : undefined;
  const limits = [best?.limit, byReason].filter((value): value is number => value !== undefined);
  if (limits.length > 0) {
    const limit = Math.min(...limits);
    if (limit < heldWords) {
      const found = split(rated, (entry) => entry.features.words <= limit);
      const evidence = byReason === limit ? [...new Set([...tooLong.map((entry) => entry.outcome.turnId), ...evidenceOf(found)])].slice(0, 30) : evidenceOf(found);
      const figures = best && best.limit === limit
        ? `replies within ${limit} words were liked ${percent(likeRate(found.inside))} of the time, longer ones ${percent(likeRate(found.outside))}`
        : `${tooLong.length} replies of about ${median(tooLong.map((entry) => entry.features.words))} words were found too long`;
      propose('max_words', String(limit), `I keep my replies under ${limit} words: ${figures}.`, evidence, `length split over ${rated.length} rated replies`);
    }
  }

  // Quoting: replies that quote the book at length against those that quote little.
  const quoting = rated;
  const heldQuote = Math.min(80, ...heldOf('max_quote_words').map((item) => Number(item.value)));
  let quoteBest: { limit: number; found: Split } | undefined;
  for (let limit = 10; limit <= 60; limit += 10) {
    const found = split(quoting, (entry) => entry.features.quoteWords <= limit);
    if (isClear(found) && found.outside.filter((entry) => !entry.isLiked).length >= MIN_STRATEGY_EVIDENCE && (!quoteBest || found.gain > quoteBest.found.gain)) quoteBest = { limit, found };
  }
  if (quoteBest && quoteBest.limit < heldQuote) {
    const { limit, found } = quoteBest;
    propose('max_quote_words', String(limit), `I quote the book sparingly, at most ${limit} words at a time: replies quoting more were liked ${percent(likeRate(found.outside))} of the time, the others ${percent(likeRate(found.inside))}.`, evidenceOf(found), `quoting split over ${quoting.length} rated replies`);
  }

  // Answer first, per dialogue act: replies whose first sentence takes up the visitor's words.
  for (const act of Object.keys(ACT_PHRASES)) {
    const ofAct = rated.filter((entry) => entry.outcome.act === act);
    if (ofAct.length < minRated) continue;
    const found = split(ofAct, (entry) => entry.features.isDirect);
    if (!isClear(found)) continue;
    propose('answer_first', act, `I give my answer first, in my first sentence, when a visitor ${ACT_PHRASES[act]}: such replies were liked ${percent(likeRate(found.inside))} of the time, the others ${percent(likeRate(found.outside))}.`, evidenceOf(found), `directness split over ${ofAct.length} rated replies to a ${act}`, []);
  }

  // Warmth: among visitors who told something of themselves, replies that bring it in.
  const told = rated.filter((entry) => entry.outcome.visitorFacts.length > 0);
  if (told.length >= minRated) {
    const found = split(told, (entry) => entry.features.mentionsFact);
    if (isClear(found)) {
      propose('mention_facts', 'yes', `I bring in what visitors have told me about themselves when I answer them: such replies were liked ${percent(likeRate(found.inside))} of the time, the others ${percent(likeRate(found.outside))}.`, evidenceOf(found), `warmth split over ${told.length} rated replies to visitors who told something of themselves`);
    }
  }
  operations.push(...proposeTopics(rated, input, { minGain, minZ, minRated }, held));
  return operations;
}

/** A topic as the replies write it ("Mabel", "trial"). */
function asWritten(word: string, replies: readonly Rated[]): string {
  for (const entry of replies) {
    const found = new RegExp(`\\b${word}\\b`, 'i').exec(entry.outcome.reply)?.[0];
    if (found) return found;
  }
  return word;
}

/** Words too general to be what a reply is about. */
const GENERIC_WORDS = new Set(['done', 'made', 'said', 'gone', 'went', 'came', 'come', 'thing', 'things', 'time', 'back', 'like', 'just', 'very', 'much', 'well', 'know', 'think', 'tell', 'told', 'first', 'place']);

/** Most topic strategies one dream proposes. */
const MAX_TOPICS = 2;

/**
 * "I keep my answers about the trial short": a word both the question and the reply hold (so a word
 * of the book, never a visitor's private one) whose replies are disliked clearly more often than the
 * rest, and run longer than the replies liked.
 */
function proposeTopics(rated: readonly Rated[], input: DreamInput, tuning: { minGain: number; minZ: number; minRated: number }, held: ReadonlyMap<string, MemoryItem>): DreamOperation[] {
  const excluded = privateStems([...privateTermsOf(input), input.characterName, ...input.characterName.split(/\s+/)]);
  const topicsOf = new Map<Rated, Map<string, string>>();
  const counts = new Map<string, number>();
  for (const entry of rated) {
    const replyWords = new Set(entry.outcome.reply.toLowerCase().match(/[a-z][a-z'-]+/g) ?? []);
    const topics = new Map<string, string>();
    for (const word of entry.outcome.question.toLowerCase().match(/[a-z][a-z'-]+/g) ?? []) {
      const [term] = tokenize(word);
      // A topic is a thing or someone ("trial", "Mabel"), not how something was done: a crude filter of verb and adverb forms.
      if (term === undefined || word.length < 4 || /(?:ed|ing|ly)$/.test(word) || GENERIC_WORDS.has(word) || excluded.has(term) || !replyWords.has(word)) continue;
      topics.set(term, word);
    }
    topicsOf.set(entry, topics);
    for (const term of topics.keys()) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const likedWords = median(rated.filter((entry) => entry.isLiked).map((entry) => entry.features.words));
  const found: Array<{ word: string; split: Split }> = [];
  for (const [term, count] of counts) {
    if (count < Math.max(5, Math.floor(tuning.minRated / 2))) continue;
    // Inside the split: replies not about the topic; a topic is kept brief when they are liked more.
    const about = split(rated, (entry) => !topicsOf.get(entry)!.has(term));
    const disliked = about.outside.filter((entry) => !entry.isLiked);
    if (about.inside.length < 3 || disliked.length < MIN_STRATEGY_EVIDENCE || about.gain < tuning.minGain || about.z < tuning.minZ) continue;
    if (median(disliked.map((entry) => entry.features.words)) <= likedWords) continue;
    const word = [...about.outside].map((entry) => topicsOf.get(entry)!.get(term)).find((value): value is string => value !== undefined)!;
    if (held.has(`brief_on=${word}`)) continue;
    found.push({ word, split: about });
  }
  return found
    .sort((left, right) => right.split.gain - left.split.gain || left.word.localeCompare(right.word))
    .slice(0, MAX_TOPICS)
    .map(({ word, split: about }) => ({
      type: 'strategy' as const,
      text: `I keep my answers about ${asWritten(word, about.outside)} short: such replies were liked ${percent(likeRate(about.outside))} of the time, the others ${percent(likeRate(about.inside))}.`,
      rule: 'brief_on',
      value: word,
      evidence: [...new Set([...about.outside.filter((entry) => !entry.isLiked).slice(0, 20), ...about.inside.filter((entry) => entry.isLiked).slice(0, 10)].map((entry) => entry.outcome.turnId))],
      reason: `topic split over ${rated.length} rated replies`,
    }));
}
