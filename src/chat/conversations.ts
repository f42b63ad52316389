import { randomUUID } from 'node:crypto';
import type { TurnRecord } from '../memory/types.ts';

/** One conversation between a visitor and a character, oldest turn first. */
export interface Conversation {
  conversationId: string;
  character: string;
  visitor: string;
  turns: TurnRecord[];
  lastAt: string;
}

/** The in-memory index of every journaled turn, rebuilt from the journal at start. */
export interface ConversationLog {
  /**
   * Keeps a turn. Its character, visitor and conversation id are replaced in place by one shared
   * copy of each (every line of the journal parses into fresh strings, and a visitor's id would
   * otherwise be held once per turn).
   */
  record(turn: TurnRecord): void;
  /** This visitor's turns with this character, oldest first. */
  turnsFor(character: string, visitor: string): TurnRecord[];
  /** The conversation a new message joins: the latest one, or a new id when asked or stale. */
  currentConversation(character: string, visitor: string, options: { isNew: boolean; now: number }): string;
  /** Every conversation with a character, oldest first (for chat reflection and dreaming). */
  listConversations(character: string): Conversation[];
  /** The number of conversations and turns, for status. */
  counts(): { conversations: number; turns: number };
  /** One visitor's conversations, with one character or with all, oldest first. */
  conversationsOf(visitor: string, character?: string): Conversation[];
  /** Forgets one visitor's conversations (with one character or all); returns how many turns went. */
  forget(visitor: string, character?: string): number;
}

/** A conversation left alone this long is over; the next message starts a new one. */
const conversationGapMs = 6 * 60 * 60 * 1000;

/** Creates an empty log; feed it the journal's turns with `record`. */
export function createConversationLog(): ConversationLog {
  const byConversation = new Map<string, Conversation>();
  const byPair = new Map<string, Conversation[]>();
  const pairKey = (character: string, visitor: string) => `${character}\u0000${visitor}`;
  const shared = new Map<string, string>();
  const intern = (value: string): string => {
    const existing = shared.get(value);
    if (existing !== undefined) return existing;
    shared.set(value, value);
    return value;
  };

  return {
    record(turn) {
      turn.character = intern(turn.character);
      turn.visitor = intern(turn.visitor);
      turn.conversationId = byConversation.get(turn.conversationId)?.conversationId ?? turn.conversationId;
      if (turn.provider !== undefined) turn.provider = intern(turn.provider);
      if (turn.model !== undefined) turn.model = intern(turn.model);
      let conversation = byConversation.get(turn.conversationId);
      if (!conversation) {
        conversation = { conversationId: turn.conversationId, character: turn.character, visitor: turn.visitor, turns: [], lastAt: turn.createdAt };
        byConversation.set(turn.conversationId, conversation);
        const key = pairKey(turn.character, turn.visitor);
        byPair.set(key, [...(byPair.get(key) ?? []), conversation]);
      }
      conversation.turns.push(turn);
      if (turn.createdAt > conversation.lastAt) conversation.lastAt = turn.createdAt;
    },
    turnsFor(character, visitor) {
      return (byPair.get(pairKey(character, visitor)) ?? []).flatMap((conversation) => conversation.turns);
    },
    currentConversation(character, visitor, options) {
      const latest = (byPair.get(pairKey(character, visitor)) ?? []).at(-1);
      const isStale = latest !== undefined && options.now - Date.parse(latest.lastAt) > conversationGapMs;
      return latest && !options.isNew && !isStale ? latest.conversationId : randomUUID();
    },
    listConversations(character) {
      return [...byConversation.values()]
        .filter((conversation) => conversation.character === character)
        .sort((left, right) => left.turns[0]!.createdAt.localeCompare(right.turns[0]!.createdAt));
    },
    conversationsOf(visitor, character) {
      return [...byConversation.values()]
        .filter((conversation) => conversation.visitor === visitor && (character === undefined || conversation.character === character))
        .sort((left, right) => left.turns[0]!.createdAt.localeCompare(right.turns[0]!.createdAt));
    },
    forget(visitor, character) {
      let turns = 0;
      for (const [id, conversation] of byConversation) {
        if (conversation.visitor !== visitor || (character !== undefined && conversation.character !== character)) continue;
        byConversation.delete(id);
        turns += conversation.turns.length;
      }
      for (const [key, list] of byPair) {
        const kept = list.filter((conversation) => byConversation.has(conversation.conversationId));
        if (kept.length === 0) byPair.delete(key);
        else byPair.set(key, kept);
      }
      return turns;
    },
    counts() {
      let turns = 0;
      for (const conversation of byConversation.values()) turns += conversation.turns.length;
      return { conversations: byConversation.size, turns };
    },
  };
}
