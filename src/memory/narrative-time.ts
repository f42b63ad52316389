/**
 * When a question is set relative to another event of the book ("What became of your father
 * after Elizabeth's death?", "What did the king do before the feast?"): the event is found by its
 * own words, and the passages just after it (or just before) rank above equal keyword matches
 * elsewhere. A book is told in order, so what happened after an event is mostly told after it.
 */
import { tokenizeQuery } from './tokenize.ts';

/** The event a question is set after or before, as query terms. */
export interface TimeAnchor {
  relation: 'after' | 'before';
  terms: string[];
}

/** How the passages near the event weigh. */
export interface TimeAnchorWeights {
  /** How many passages past the event (or before it) are near it, the event's own included. */
  window: number;
  /** A near passage's score is multiplied by 1 + this. */
  boost: number;
}

/**
 * Defaults from FairytaleQA train (windows of 1 to 4 passages and boosts of 0.15 to 0.8 all gave
 * hit@1 0.724 to 0.727, against 0.723 without): the event's passage and the next, times 1.3.
 */
export const DEFAULT_TIME_ANCHOR_WEIGHTS: TimeAnchorWeights = { window: 2, boost: 0.3 };

// "after" or "before" and the clause it opens, to the end of the sentence or a comma. Not "after
// all", "before long", "ever after", nor "after that"/"after it" (what they point back to is in
// an earlier turn, not in the question).
const ANCHOR = /\b(after|before)\s+(?!all\b|long\b|that\b|this\b|it\b|then\b|ever\b)([^,.;:?!]+)/i;

/** The event `question` is set after or before, when it names one in words of its own. */
export function timeAnchorOf(question: string): TimeAnchor | undefined {
  const found = ANCHOR.exec(question);
  if (!found) return undefined;
  const terms = tokenizeQuery(found[2]!);
  if (terms.length === 0) return undefined;
  return { relation: found[1]!.toLowerCase() === 'after' ? 'after' : 'before', terms };
}

/** The multiplier of a passage at `position` given the event's passage at `event`. */
export function nearEventBoost(anchor: TimeAnchor, event: number, position: number, weights: TimeAnchorWeights = DEFAULT_TIME_ANCHOR_WEIGHTS): number {
  const distance = anchor.relation === 'after' ? position - event : event - position;
  return distance >= 0 && distance < weights.window ? 1 + weights.boost : 1;
}
