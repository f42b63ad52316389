/**
 * What chat reflection holds back, written to the quarantine so authors see what was tried: the
 * visitor messages (and echoing replies) withheld from the reflection, and visitor facts a model
 * proposed that read as instructions.
 */
import { findInstructions } from '../safety/instruction.ts';
import type { ChatMaterial } from './chat-material.ts';
import type { QuarantineLog } from './quarantine.ts';

// An entry shows enough of a jailbreak to recognise it, not all 20,000 characters of it.
const MAX_SHOWN_CHARS = 4000;

/** Records each withheld turn of a conversation once, with the guard's reasons. */
export async function recordWithheld(quarantine: QuarantineLog, character: string, material: ChatMaterial, now: (() => Date) | undefined): Promise<void> {
  if (material.withheld.length === 0) return;
  // A conversation that grows is reflected on again; its withheld turns are already listed.
  const listed = new Set((await quarantine.listQuarantine(character)).map((entry) => entry.id));
  const createdAt = (now ?? (() => new Date()))().toISOString();
  for (const turn of material.withheld) {
    const id = `withheld:${turn.turnId}`;
    if (listed.has(id)) continue;
    await quarantine.add({
      id, character, kind: 'chat', draft: turn.text.slice(0, MAX_SHOWN_CHARS), reasons: turn.reasons, createdAt,
      subject: turn.role === 'visitor' ? 'visitor-turn' : 'character-reply', conversationId: material.conversation.conversationId, turnId: turn.turnId,
    });
  }
}

/** The model's visitor facts that pass the instruction detector; the others go to the quarantine. */
export async function guardModelFacts(quarantine: QuarantineLog, character: string, conversationId: string, facts: string[], now: (() => Date) | undefined): Promise<string[]> {
  const kept: string[] = [];
  for (const [index, fact] of facts.entries()) {
    const reasons = findInstructions(fact);
    if (reasons.length === 0) {
      kept.push(fact);
      continue;
    }
    const createdAt = (now ?? (() => new Date()))().toISOString();
    await quarantine.add({ id: `fact:${conversationId}:${index}:${createdAt}`, character, kind: 'chat', draft: fact.slice(0, MAX_SHOWN_CHARS), reasons, createdAt, subject: 'visitor-fact', conversationId });
  }
  return kept;
}
