import type { Card } from '../characters/card.ts';
import type { MemoryItem } from '../memory/types.ts';
import { checkDraft } from '../reflection/guard.ts';
import { findInstructions } from '../safety/instruction.ts';
import { evidenceIds, privateTermsOf, type DreamInput } from './dream-input.ts';
import { MIN_STRATEGY_EVIDENCE, type DreamOperation, type RefusedOperation } from './dream-types.ts';
import { factKey, itemFactKey } from './fact-keys.ts';
import { isKnownRule } from '../memory/strategy-rules.ts';

/** Operations that may be applied, and the ones refused with their reason. */
export interface ValidatedProposal {
  accepted: DreamOperation[];
  refused: RefusedOperation[];
}

/** Private words of visitors other than `visitor` (every visitor's when it is undefined). */
function privateTermsFor(input: DreamInput, visitor: string | undefined): string[] {
  if (visitor === undefined) return privateTermsOf(input);
  const others = {
    items: input.items.filter((item) => item.visitor !== visitor),
    conversations: input.conversations.filter((conversation) => conversation.visitor !== visitor),
  };
  const own = new Set(privateTermsOf({ items: input.items.filter((item) => item.visitor === visitor), conversations: input.conversations.filter((conversation) => conversation.visitor === visitor) }).map((term) => term.toLowerCase()));
  return privateTermsOf(others).filter((term) => !own.has(term.toLowerCase()));
}

function guardReason(text: string, card: Card, privateTerms: string[]): string | null {
  const result = checkDraft(text, { card, privateTerms });
  return result.verdict === 'accepted' ? null : `guard: ${result.reasons.join('; ')}`;
}

/**
 * Checks every operation against the dream's input: ids exist and are consolidable, private items
 * never mix across visitors, an id is consumed by one operation at most, evidence is real, and the
 * guard accepts every new text and every reason (no instruction to the model in either; shareable
 * text carries no visitor's private words).
 */
export function validateProposal(operations: readonly DreamOperation[], input: DreamInput, card: Card): ValidatedProposal {
  const byId = new Map(input.items.map((item) => [item.id, item]));
  const evidence = evidenceIds(input);
  const consumed = new Set<string>();
  const anchors = new Set<string>();
  const accepted: DreamOperation[] = [];
  const refused: RefusedOperation[] = [];

  const check = (operation: DreamOperation): string | null => {
    const lookup = (id: string): MemoryItem | string => byId.get(id) ?? `unknown item ${id}`;
    const isFree = (id: string): string | null => (consumed.has(id) || anchors.has(id) ? `item ${id} is already used by another operation` : null);
    switch (operation.type) {
      case 'merge': {
        if (new Set(operation.ids).size !== operation.ids.length) return 'merge names an item twice';
        const items: MemoryItem[] = [];
        for (const id of operation.ids) {
          const item = lookup(id);
          if (typeof item === 'string') return item;
          const used = isFree(id);
          if (used) return used;
          items.push(item);
        }
        const first = items[0]!;
        if (items.some((item) => item.kind !== first.kind || item.visitor !== first.visitor)) return 'merge mixes kinds or visitors';
        if (first.kind === 'strategy') return 'a strategy changes only by a newer strategy (or a rollback)';
        if (first.kind === 'visitor_fact') {
          const keys = new Set(items.map((item) => itemFactKey(item)?.attribute ?? item.id));
          if (keys.size > 1 && !factKey(operation.text)) return 'merge of visitor facts about different things';
        }
        return guardReason(operation.text, card, privateTermsFor(input, first.visitor));
      }
      case 'supersede': {
        const older = lookup(operation.oldId);
        const newer = lookup(operation.newId);
        if (typeof older === 'string') return older;
        if (typeof newer === 'string') return newer;
        if (operation.oldId === operation.newId) return 'an item cannot supersede itself';
        if (older.kind !== newer.kind || older.visitor !== newer.visitor) return 'supersede across kinds or visitors';
        if (older.kind === 'strategy') return 'a strategy changes only by a newer strategy (or a rollback)';
        if (newer.createdAt < older.createdAt) return `${operation.newId} is older than ${operation.oldId}`;
        return isFree(operation.oldId) ?? (consumed.has(operation.newId) ? `item ${operation.newId} is already used by another operation` : null);
      }
      case 'insight': {
        const missing = operation.evidence.filter((id) => !evidence.has(id));
        if (missing.length > 0) return `evidence not found: ${missing.slice(0, 5).join(', ')}`;
        for (const id of operation.replaces ?? []) {
          const item = lookup(id);
          if (typeof item === 'string') return item;
          if (item.kind !== 'insight' || item.visitor !== undefined) return `${id} is not a shared insight`;
          const used = isFree(id);
          if (used) return used;
        }
        if (input.items.some((item) => item.kind === 'insight' && item.text === operation.text)) return 'the same insight is already held';
        return guardReason(operation.text, card, privateTermsFor(input, undefined));
      }
      case 'forget': {
        const item = lookup(operation.id);
        if (typeof item === 'string') return item;
        if (item.kind === 'strategy') return 'a strategy changes only by a newer strategy (or a rollback)';
        return isFree(operation.id);
      }
      case 'strategy':
        return checkStrategy(operation, input, card, evidence, lookup, isFree);
    }
  };

  for (const operation of operations) {
    // The reason is kept in the audit log and published with it: it is text like any other.
    const injected = findInstructions(operation.reason);
    const reason = injected.length > 0 ? `guard: the reason ${injected.join('; ')}` : check(operation);
    if (reason) {
      refused.push({ operation, reason });
      continue;
    }
    accepted.push(operation);
    if (operation.type === 'merge') for (const id of operation.ids) consumed.add(id);
    if (operation.type === 'forget') consumed.add(operation.id);
    if (operation.type === 'insight' || operation.type === 'strategy') for (const id of operation.replaces ?? []) consumed.add(id);
    if (operation.type === 'supersede') {
      consumed.add(operation.oldId);
      anchors.add(operation.newId);
    }
  }
  return { accepted, refused };
}

// A strategy is about manner: one that speaks of the card, the guard or the instructions is trying to reach past them.
const BEYOND_MANNER = /\b(?:constitution|guard|system prompt|instructions?|rules? above|safety|jailbreak|developer|from now on|whatever (?:the )?visitors? (?:say|says|ask|asks|want|wants))\b/i;

/**
 * A strategy must rest on at least MIN_STRATEGY_EVIDENCE character turns of the conversations read,
 * set only a rule the voice knows (within its bounds), speak of manner only, carry no visitor's
 * words or private details (six visitor words in a row refuse it), and pass the guard.
 */
function checkStrategy(
  operation: Extract<DreamOperation, { type: 'strategy' }>,
  input: DreamInput,
  card: Card,
  evidence: ReadonlySet<string>,
  lookup: (id: string) => MemoryItem | string,
  isFree: (id: string) => string | null,
): string | null {
  const replies = new Set(input.conversations.flatMap((conversation) => conversation.turns.filter((turn) => turn.role === 'character').map((turn) => turn.id)));
  const cited = [...new Set(operation.evidence)];
  const missing = cited.filter((id) => !evidence.has(id));
  if (missing.length > 0) return `evidence not found: ${missing.slice(0, 5).join(', ')}`;
  if (cited.filter((id) => replies.has(id)).length < MIN_STRATEGY_EVIDENCE) return `a strategy rests on at least ${MIN_STRATEGY_EVIDENCE} of the character's replies`;
  if ((operation.rule === undefined) !== (operation.value === undefined)) return 'a strategy sets a rule and its value together, or neither';
  if (operation.rule !== undefined && !isKnownRule(operation.rule, operation.value)) return `unknown rule or value out of bounds: ${operation.rule}=${operation.value}`;
  if (BEYOND_MANNER.test(operation.text)) return 'a strategy speaks of manner only, never of the card, the guard or instructions';
  for (const id of operation.replaces ?? []) {
    const item = lookup(id);
    if (typeof item === 'string') return item;
    if (item.kind !== 'strategy') return `${id} is not a strategy`;
    const used = isFree(id);
    if (used) return used;
  }
  const held = input.items.filter((item) => item.kind === 'strategy' && !(operation.replaces ?? []).includes(item.id));
  if (held.some((item) => item.text === operation.text || (operation.rule !== undefined && item.attribute === operation.rule && item.value === operation.value))) return 'the same strategy is already held';
  const visitorWords = input.conversations.flatMap((conversation) => conversation.turns.filter((turn) => turn.role === 'visitor').map((turn) => turn.text));
  const result = checkDraft(operation.text, { card, privateTerms: privateTermsFor(input, undefined), unquotable: visitorWords });
  return result.verdict === 'accepted' ? null : `guard: ${result.reasons.join('; ')}`;
}
