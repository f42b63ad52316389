/**
 * The journal's turns at start: each goes back to the conversation log, the visitors' words
 * become their store's memory items again, and the facts they told are planned again in the
 * order they were said.
 */
import type { CharacterRuntime } from './character-runtime.ts';
import type { ConversationLog } from './chat/conversations.ts';
import { turnMemoryItems } from './chat/turn-items.ts';
import type { TurnRecord } from './memory/types.ts';
import { factsOfTurn } from './memory/visitor-facts/fact-items.ts';
import { replaySpokenFacts } from './memory/visitor-facts/remember-facts.ts';

/** Puts replayed turns (oldest first) back into the log and the characters' stores; turns of unknown characters are left out. */
export function restoreTurns(turns: readonly TurnRecord[], runtimes: ReadonlyMap<string, CharacterRuntime>, conversations: ConversationLog): void {
  const turnsByCharacter = new Map<string, TurnRecord[]>();
  const factTurns: TurnRecord[] = [];
  for (const turn of turns) {
    if (!runtimes.has(turn.character)) continue;
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
    memory.add(replaySpokenFacts(memory.toSnapshot().items.filter((item) => item.kind === 'visitor_fact'), told));
  }
}
