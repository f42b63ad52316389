import type { Conversation } from '../chat/conversations.ts';
import { tokenize } from '../memory/tokenize.ts';
import type { MemoryItem } from '../memory/types.ts';
import { extractVisitorFacts } from '../reflection/visitor-facts.ts';
import { itemFactKey } from './fact-keys.ts';
import type { ReplyOutcome } from './outcomes.ts';

/** Default number of recent conversations a dream reads. */
export const DEFAULT_DREAM_MAX_SESSIONS = 100;

/** Everything a proposer may look at. Nothing in it is ever modified. */
export interface DreamInput {
  character: string;
  characterName: string;
  /** The current version's items a dream may consolidate (reflections, insights, visitor facts), not superseded. */
  items: MemoryItem[];
  /** Recent conversations, oldest first, at most DREAM_MAX_SESSIONS. */
  conversations: Conversation[];
  /** Public reflections and insights of characters of the same book (collective dreaming). */
  siblingItems: MemoryItem[];
  /** ISO time the dream began. */
  now: string;
  /** How the character's replies in those conversations were taken (ratings, implicit signals), for strategies. */
  outcomes?: ReplyOutcome[];
}

/**
 * Words that identify visitors and must never reach a shareable insight: the values of visitor
 * facts held in memory and the facts visitors shared in the conversations read.
 */
export function privateTermsOf(input: Pick<DreamInput, 'items' | 'conversations'>): string[] {
  const terms = new Set<string>();
  for (const item of input.items) {
    if (item.kind !== 'visitor_fact') continue;
    const key = itemFactKey(item);
    if (key) terms.add(key.value);
  }
  for (const conversation of input.conversations) {
    for (const turn of conversation.turns) {
      if (turn.role !== 'visitor') continue;
      for (const fact of extractVisitorFacts(turn.text)) for (const term of fact.terms) terms.add(term);
    }
  }
  return [...terms].filter((term) => term.trim().length >= 2);
}

/** The stemmed terms of private words, to keep them out of topic clusters. */
export function privateStems(terms: readonly string[]): Set<string> {
  return new Set(terms.flatMap((term) => tokenize(term)));
}

/** Every id a dream's evidence may cite: items, turns of the conversations read, sibling items. */
export function evidenceIds(input: DreamInput): Set<string> {
  const ids = new Set<string>();
  for (const item of input.items) ids.add(item.id);
  for (const conversation of input.conversations) {
    ids.add(conversation.conversationId);
    for (const turn of conversation.turns) ids.add(turn.id);
  }
  for (const item of input.siblingItems) ids.add(item.id);
  return ids;
}
