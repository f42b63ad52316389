import type { Card } from '../characters/card.ts';
import { expandCard, expandMacros } from '../characters/card-macros.ts';
import type { GroundingFact, GroundingItem } from '../llm/provider.ts';
import type { MemoryItem } from '../memory/types.ts';
import { factFieldsOf } from '../memory/visitor-facts/fact-items.ts';
import { describeFact } from '../memory/visitor-facts/fact-text.ts';
import { factSlot, normalizeValue } from '../memory/visitor-facts/fact-types.ts';
import { describeFormer, recallForQuestion, relevanceTo, sortVisitorFacts, visitorName, type FactView } from '../memory/visitor-facts/recall-facts.ts';
import type { FactChanges } from '../memory/visitor-facts/remember-facts.ts';
import { buildCharacterLines, buildVisitorLines, type BookContext } from './prompt.ts';

/** Everything one reply knows about the visitor it answers: their facts, and the card addressed to them. */
export interface VisitorContext {
  /** The card with its macros expanded for this visitor ({{user}} is their name when known). */
  card: Card;
  /** The cacheable prompt prefix built from that card. */
  characterLines: string[];
  /** The "What you know about this visitor" block. */
  visitorLines: string[];
  /** Current facts, for every voice. */
  visitorFacts: GroundingFact[];
  /** Facts of the message being answered. */
  newFacts: GroundingFact[];
  /** Facts that answer the message (and former ones when the past is asked), as grounding items. */
  factItems: GroundingItem[];
  /** Whether a retrieved visitor fact still holds (a merged or older copy of a changed fact does not). */
  isStillTrue(item: MemoryItem): boolean;
  /** Expands a card macro left in memory text (lorebook entries keep {{user}}). */
  expand(text: string): string;
}

function groundingFact(fact: FactView): GroundingFact {
  return { subject: fact.subject, attribute: fact.attribute, value: fact.value, text: fact.text, ...(fact.previous ? { previous: fact.previous } : {}) };
}

/** Caches the prompt prefix per visitor name, so a visitor's prompts share one cacheable prefix. */
export type CharacterLinesCache = Map<string, string[]>;

/**
 * Builds what a reply knows about the visitor from their fact items (superseded ones included,
 * for history) and what this message changed.
 */
export function buildVisitorContext(options: {
  card: Card;
  book: BookContext;
  visitorItems: readonly MemoryItem[];
  message: string;
  changes: FactChanges;
  cache?: CharacterLinesCache;
}): VisitorContext {
  const facts = sortVisitorFacts(options.visitorItems);
  const recalled = recallForQuestion(facts, options.message);
  const user = visitorName(facts);
  const card = expandCard(options.card, user ? { user } : {});
  const cacheKey = `${options.card.data.name}\u0000${user ?? ''}`;
  let characterLines = options.cache?.get(cacheKey);
  if (!characterLines) {
    characterLines = buildCharacterLines(card, options.book);
    options.cache?.set(cacheKey, characterLines);
  }
  const currentBySlot = new Map(facts.current.map((fact) => [factSlot(fact), normalizeValue(fact.value)]));
  const answering = recalled.current.filter((fact) => relevanceTo(options.message, fact) > 0).slice(0, 3);
  return {
    card,
    characterLines,
    visitorLines: buildVisitorLines(
      facts.current.map((fact) => ({ text: describeFact(fact, 'third'), ...(fact.previous ? { previous: fact.previous } : {}) })),
      recalled.former.map((fact) => describeFormer(fact, 'third')),
    ),
    visitorFacts: facts.current.map(groundingFact),
    // In the order they were said.
    newFacts: options.changes.added.flatMap((item) => facts.current.filter((fact) => fact.id === item.id)).map(groundingFact),
    factItems: [
      ...recalled.former.map((fact): GroundingItem => ({ id: fact.id, kind: 'visitor_fact', text: describeFormer(fact, 'second') })),
      ...answering.map((fact): GroundingItem => ({ id: fact.id, kind: 'visitor_fact', text: fact.text })),
    ],
    isStillTrue(item) {
      if (item.kind !== 'visitor_fact') return true;
      const fields = factFieldsOf(item);
      if (!fields) return true;
      const held = currentBySlot.get(factSlot(fields));
      return held === undefined || held === normalizeValue(fields.value);
    },
    expand: (text) => expandMacros(text, { char: options.card.data.name, ...(user ? { user } : {}) }),
  };
}
