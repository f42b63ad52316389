import type { MemoryItem, TurnRecord } from '../types.ts';
import { extractSpokenFacts, FACT_EXTRACTOR_VERSION } from './extract-facts.ts';
import { describeFact, parseFactText } from './fact-text.ts';
import { VISITOR_SUBJECT, type FactFields, type SpokenFact } from './fact-types.ts';

/** A spoken fact and the memory item it becomes. */
export interface SpokenFactItem {
  fact: SpokenFact;
  item: MemoryItem;
}

function importanceOf(fact: SpokenFact): number {
  if (fact.subject === VISITOR_SUBJECT && (fact.attribute === 'name' || fact.attribute === 'preferred_name')) return 8;
  if (fact.subject !== VISITOR_SUBJECT) return 7;
  return fact.attribute === 'has' ? 5 : 6;
}

/**
 * The private memory item of a fact said in a visitor's turn. Its id is derived from the turn, so
 * reading the journal again gives the same items, and dreams' versions keep pointing at them.
 */
export function factItem(turn: TurnRecord, fact: SpokenFact, index: number): MemoryItem {
  return {
    id: `fact:${turn.id}:${index}`,
    character: turn.character,
    kind: 'visitor_fact',
    text: describeFact(fact, 'second'),
    createdAt: turn.createdAt,
    source: [turn.id, turn.conversationId],
    visitor: turn.visitor,
    importance: importanceOf(fact),
    conversationId: turn.conversationId,
    subject: fact.subject,
    attribute: fact.attribute,
    value: fact.value,
    validFrom: turn.createdAt,
  };
}

/** The facts a visitor's message states, read now: what a new turn keeps in `facts`. */
export function readTurnFacts(text: string): Pick<TurnRecord, 'facts' | 'factsVersion'> {
  const facts = extractSpokenFacts(text);
  return facts.length > 0 ? { facts, factsVersion: FACT_EXTRACTOR_VERSION } : { factsVersion: FACT_EXTRACTOR_VERSION };
}

/**
 * The facts of a visitor's turn and their items; a character's turn states none of the visitor's.
 * Facts the turn keeps from this extractor version are used as they are; others are read again.
 */
export function factsOfTurn(turn: TurnRecord): SpokenFactItem[] {
  if (turn.role !== 'visitor') return [];
  const facts = turn.factsVersion === FACT_EXTRACTOR_VERSION ? ((turn.facts ?? []) as SpokenFact[]) : extractSpokenFacts(turn.text);
  return facts.map((fact, index) => ({ fact, item: factItem(turn, fact, index) }));
}

/** The fields of a visitor fact item: its own, or read from its text for facts written as sentences. */
export function factFieldsOf(item: MemoryItem): FactFields | null {
  if (item.kind !== 'visitor_fact') return null;
  if (item.subject && item.attribute && item.value) return { subject: item.subject, attribute: item.attribute, value: item.value };
  return parseFactText(item.text);
}
