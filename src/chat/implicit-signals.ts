import { tokenize } from '../memory/tokenize.ts';
import type { TurnRecord } from '../memory/types.ts';

/** What a visitor's next message can say about the reply before it. */
export type ImplicitSignal = 'correction' | 'rephrase';

/** A conversation quiet this long after a reply is over. */
export const LEFT_AFTER_MS = 30 * 60 * 1000;

// "No, that was the Duchess", "That's wrong", "You're mistaken": the visitor puts the reply right.
const CORRECTION = /^\s*(?:no+\b[,.!]?\s*(?:no\b[,.!]?\s*)?(?:it|that|this|he|she|they|you)\b|nope\b|wrong\b|that(?:'s| is| was)(?: not| wrong| incorrect)\b|that isn't\b|that wasn't\b|not quite\b|you(?:'re| are) (?:wrong|mistaken|confusing)|you(?: have|'ve) (?:got )?(?:it|that) wrong|actually,? (?:it|that) (?:was|is)\b|i (?:said|asked|meant)\b)/i;
const ASKING = /\?\s*$|^\s*(?:who|what|when|where|why|how|which|did|do|does|is|are|was|were|can|could|tell me)\b/i;
const LEAVE_TAKING = /\b(?:good-?\s?bye|bye|farewell|thank(?:s| you)|see you|good\s?night)\b/i;

function terms(text: string): Set<string> {
  return new Set(tokenize(text));
}

/**
 * What the visitor's message says about the reply it follows (pure): a correction ("no, that was
 * the Duchess"), or the same question asked again in other words (most of its terms shared with
 * the question the reply answered).
 */
export function detectImplicitSignals(input: { question?: string; reply: string; message: string }): ImplicitSignal[] {
  const signals: ImplicitSignal[] = [];
  if (CORRECTION.test(input.message.replace(/[’‘]/g, "'"))) signals.push('correction');
  if (input.question !== undefined && ASKING.test(input.question) && ASKING.test(input.message)) {
    const before = terms(input.question);
    const now = terms(input.message);
    const shared = [...now].filter((term) => before.has(term)).length;
    const union = new Set([...before, ...now]).size;
    if (before.size > 0 && now.size > 0 && shared >= 1 && shared / union >= 0.5) signals.push('rephrase');
  }
  return signals;
}

/**
 * The reply a visitor left right after (pure): the conversation's last turn is the character's,
 * it answered a visitor who was asking (not taking leave), and nothing came for LEFT_AFTER_MS.
 */
export function replyLeftAfter(turns: readonly TurnRecord[], now: number, quietMs = LEFT_AFTER_MS): TurnRecord | undefined {
  const last = turns.at(-1);
  const before = turns.at(-2);
  if (!last || last.role !== 'character' || !before || before.role !== 'visitor') return undefined;
  if (now - Date.parse(last.createdAt) < quietMs) return undefined;
  if (LEAVE_TAKING.test(before.text) || !ASKING.test(before.text)) return undefined;
  return last;
}
