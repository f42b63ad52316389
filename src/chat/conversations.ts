import { randomUUID } from 'node:crypto';
import { ownCopy, type TurnHeader } from '../memory/journal-lines.ts';
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
  /**
   * Keeps a turn a lazy replay has not parsed (memory/journal.ts): its header places it, and
   * `load(index)` gives it when its conversation's turns are first read.
   */
  recordUnparsed(header: TurnHeader, index: number, load: (index: number) => TurnRecord): void;
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

/** A conversation and its turns as held: parsed ones, and the places of those not parsed yet. */
interface Held {
  conversation: Conversation;
  slots: Array<TurnRecord | number>;
  unparsed: number;
  load?: (index: number) => TurnRecord;
  firstAt: string;
}

/** Creates an empty log; feed it the journal's turns with `record` (or `recordUnparsed`). */
export function createConversationLog(): ConversationLog {
  const byConversation = new Map<string, Held>();
  const byPair = new Map<string, Held[]>();
  const pairKey = (character: string, visitor: string) => `${character}\u0000${visitor}`;
  const shared = new Map<string, string>();
  // A header's strings are slices of the whole journal's text: what is kept of them is copied.
  const intern = (value: string, isSlice = false): string => {
    const existing = shared.get(value);
    if (existing !== undefined) return existing;
    const own = isSlice ? ownCopy(value) : value;
    shared.set(own, own);
    return own;
  };
  const internTurn = (turn: TurnRecord) => {
    turn.character = intern(turn.character);
    turn.visitor = intern(turn.visitor);
    turn.conversationId = byConversation.get(turn.conversationId)?.conversation.conversationId ?? turn.conversationId;
    if (turn.provider !== undefined) turn.provider = intern(turn.provider);
    if (turn.model !== undefined) turn.model = intern(turn.model);
  };
  // Parses the turns a lazy replay left, in place, the first time the conversation's turns are read.
  const parse = (held: Held): TurnRecord[] => {
    if (held.unparsed > 0) {
      held.slots = held.slots.map((slot) => {
        if (typeof slot !== 'number') return slot;
        const turn = held.load!(slot);
        internTurn(turn);
        return turn;
      });
      held.unparsed = 0;
      delete held.load;
    }
    return held.slots as TurnRecord[];
  };
  // `isSlice`: the header's strings were sliced from the journal's text (recordUnparsed).
  const heldFor = (header: TurnHeader, isSlice: boolean): Held => {
    let held = byConversation.get(header.conversationId);
    if (!held) {
      const entry: Held = {
        conversation: { conversationId: isSlice ? ownCopy(header.conversationId) : header.conversationId, character: intern(header.character, isSlice), visitor: intern(header.visitor, isSlice), lastAt: isSlice ? ownCopy(header.createdAt) : header.createdAt, get turns() { return parse(entry); } } as Conversation,
        slots: [],
        unparsed: 0,
        firstAt: '',
      };
      entry.firstAt = entry.conversation.lastAt;
      held = entry;
      byConversation.set(entry.conversation.conversationId, held);
      const key = pairKey(entry.conversation.character, entry.conversation.visitor);
      byPair.set(key, [...(byPair.get(key) ?? []), held]);
    }
    if (header.createdAt > held.conversation.lastAt) held.conversation.lastAt = isSlice ? ownCopy(header.createdAt) : header.createdAt;
    return held;
  };
  const oldestFirst = (left: Held, right: Held) => left.firstAt.localeCompare(right.firstAt);

  return {
    record(turn) {
      internTurn(turn);
      heldFor(turn, false).slots.push(turn);
    },
    recordUnparsed(header, index, load) {
      const held = heldFor(header, true);
      // One loader per conversation: turns of another replay first parse the ones left.
      if (held.load !== undefined && held.load !== load) parse(held);
      held.load = load;
      held.slots.push(index);
      held.unparsed += 1;
    },
    turnsFor(character, visitor) {
      return (byPair.get(pairKey(character, visitor)) ?? []).flatMap(parse);
    },
    currentConversation(character, visitor, options) {
      const latest = (byPair.get(pairKey(character, visitor)) ?? []).at(-1)?.conversation;
      const isStale = latest !== undefined && options.now - Date.parse(latest.lastAt) > conversationGapMs;
      return latest && !options.isNew && !isStale ? latest.conversationId : randomUUID();
    },
    listConversations(character) {
      return [...byConversation.values()]
        .filter((held) => held.conversation.character === character)
        .sort(oldestFirst)
        .map((held) => held.conversation);
    },
    conversationsOf(visitor, character) {
      return [...byConversation.values()]
        .filter((held) => held.conversation.visitor === visitor && (character === undefined || held.conversation.character === character))
        .sort(oldestFirst)
        .map((held) => held.conversation);
    },
    forget(visitor, character) {
      let turns = 0;
      for (const [id, held] of byConversation) {
        if (held.conversation.visitor !== visitor || (character !== undefined && held.conversation.character !== character)) continue;
        byConversation.delete(id);
        turns += held.slots.length;
      }
      for (const [key, list] of byPair) {
        const kept = list.filter((held) => byConversation.has(held.conversation.conversationId));
        if (kept.length === 0) byPair.delete(key);
        else byPair.set(key, kept);
      }
      return turns;
    },
    counts() {
      let turns = 0;
      for (const held of byConversation.values()) turns += held.slots.length;
      return { conversations: byConversation.size, turns };
    },
  };
}
