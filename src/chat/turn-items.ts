/** A conversation's turns as the memory items chat retrieves: what visitors said, for that visitor only. */
import type { MemoryItem, TurnRecord } from '../memory/types.ts';

function turnItem(turn: TurnRecord): MemoryItem {
  return {
    id: turn.id,
    character: turn.character,
    kind: 'turn',
    // The turn's own text (the same string the conversation log holds, not a copy); who said it
    // is `role`, and the prompt and the voices say so when they show it.
    text: turn.text,
    createdAt: turn.createdAt,
    source: [turn.conversationId],
    visitor: turn.visitor,
    importance: turn.role === 'visitor' ? 4 : 3,
    role: turn.role,
    conversationId: turn.conversationId,
  };
}

/**
 * The memory items of turns: what visitors said, each retrievable for its visitor only. The
 * character's own replies are not memory items: the conversation itself (the journal and the
 * recent turns sent with every message) keeps them, and what the character made of a talk is its
 * reflection. Indexing them would bring its own quotations back as if they were memories (and
 * cost half the index).
 */
export function turnMemoryItems(turns: readonly TurnRecord[]): MemoryItem[] {
  return turns.filter((turn) => turn.role === 'visitor').map(turnItem);
}
