/**
 * The journal's turns at start: each goes back to the conversation log, the visitors' words
 * become their store's memory items again, and the facts they told are planned again in the
 * order they were said.
 */
import type { CharacterRuntime } from './character-runtime.ts';
import type { ConversationLog } from './chat/conversations.ts';
import { turnMemoryItems } from './chat/turn-items.ts';
import type { TurnRecord } from './memory/types.ts';
import type { JournalReplay } from './memory/journal.ts';

/** Turns as a replay gives them: each one's header, and the turn itself when asked. */
export type TurnSource = Pick<JournalReplay, 'headers' | 'turnAt'>;
import { factsOfTurn } from './memory/visitor-facts/fact-items.ts';
import { replaySpokenFacts } from './memory/visitor-facts/remember-facts.ts';

/**
 * Puts replayed turns (oldest first) back into the log and the characters' stores; turns of
 * unknown characters are left out. A store whose checkpoint already holds the turns up to some
 * point of the journal (store-checkpoint.ts) is given only those after it: `from` says, per
 * character, the index of the first one it still needs (all when absent).
 */
export function restoreTurns(replay: TurnSource, runtimes: ReadonlyMap<string, CharacterRuntime>, conversations: ConversationLog, from: ReadonlyMap<string, number> = new Map()): void {
  const turnsByCharacter = new Map<string, TurnRecord[]>();
  const factTurns: TurnRecord[] = [];
  for (const [index, header] of replay.headers.entries()) {
    if (!runtimes.has(header.character)) continue;
    // A turn its store already holds is not parsed now: the log parses it when its conversation is read.
    if (index < (from.get(header.character) ?? 0)) {
      conversations.recordUnparsed(header, index, replay.turnAt);
      continue;
    }
    const turn = replay.turnAt(index);
    conversations.record(turn);
    const own = turnsByCharacter.get(turn.character) ?? [];
    own.push(turn);
    turnsByCharacter.set(turn.character, own);
    if (turn.role === 'visitor') factTurns.push(turn);
  }
  for (const [character, own] of turnsByCharacter) runtimes.get(character)!.memory.add(turnMemoryItems(own));
  // Visitor facts come back from the turns they were said in (kept with each turn), in the order
  // they were said, each visitor's planned against their earlier ones, and go in one add per store.
  const factsByCharacter = new Map<string, Array<{ visitor: string; spoken: ReturnType<typeof factsOfTurn> }>>();
  for (const turn of factTurns) {
    const spoken = factsOfTurn(turn);
    if (spoken.length === 0) continue;
    const list = factsByCharacter.get(turn.character) ?? [];
    list.push({ visitor: turn.visitor, spoken });
    factsByCharacter.set(turn.character, list);
  }
  for (const [character, told] of factsByCharacter) {
    const memory = runtimes.get(character)!.memory;
    // Only the facts of visitors who spoke again are planned against: their partitions, not every fact held.
    const held = [...new Set(told.map((entry) => entry.visitor))].flatMap((visitor) => memory.items({ visitor, kinds: ['visitor_fact'] }, { includeSuperseded: true }).filter((item) => item.visitor === visitor));
    memory.add(replaySpokenFacts(held, told));
  }
}
