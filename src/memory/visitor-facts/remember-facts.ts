import type { MemoryItem, RetrievalFilter } from '../types.ts';
import { factFieldsOf, type SpokenFactItem } from './fact-items.ts';
import { isSameSlot, normalizeValue } from './fact-types.ts';

/** What remembering facts needs from a character's memory store. */
export interface FactMemory {
  add(items: MemoryItem[]): void;
  items(filter?: RetrievalFilter, options?: { includeSuperseded?: boolean }): MemoryItem[];
}

/** What one message changed: the facts added, and the older ones it retired (with their new marks). */
export interface FactChanges {
  added: MemoryItem[];
  retired: MemoryItem[];
}

const likingFamily = new Set(['likes', 'dislikes', 'no_longer_likes']);

/**
 * Decides what a message's facts do to the facts held (pure): each is added, and a held fact in
 * the same slot with another value ("Rex" before "Max"), or one the visitor said it replaces ("tea"
 * before "lemonade"), is retired: superseded by the new item and valid until the new one was said.
 * Facts of one message never retire each other ("two cats, Tom and Jerry").
 */
export function planFactChanges(held: readonly MemoryItem[], spoken: readonly SpokenFactItem[]): FactChanges {
  const retired = new Map<string, MemoryItem>();
  for (const { fact, item } of spoken) {
    for (const old of held) {
      if (old.supersededBy !== undefined || retired.has(old.id) || old.visitor !== item.visitor) continue;
      const fields = factFieldsOf(old);
      if (!fields) continue;
      const isSameValue = normalizeValue(fields.value) === normalizeValue(fact.value) && fields.attribute === fact.attribute;
      const isReplaced = fact.replaces !== undefined && fields.subject === fact.subject
        && (fields.attribute === fact.replaces.attribute || (likingFamily.has(fields.attribute) && likingFamily.has(fact.replaces.attribute)))
        && normalizeValue(fields.value) === normalizeValue(fact.replaces.value);
      if (isReplaced || (!isSameValue && isSameSlot(fields, { ...fact, isUpdate: fact.isUpdate }))) {
        retired.set(old.id, { ...old, supersededBy: item.id, validTo: item.validFrom ?? item.createdAt });
      }
    }
  }
  return { added: spoken.map((entry) => entry.item), retired: [...retired.values()] };
}

/**
 * The facts of many turns, in the order they were said (a journal replayed at start), as the
 * items to add: each visitor's facts are planned against what came before them, as
 * `rememberSpokenFacts` would one message at a time, but with no store read per message.
 */
export function replaySpokenFacts(held: readonly MemoryItem[], turns: ReadonlyArray<{ visitor: string; spoken: readonly SpokenFactItem[] }>): MemoryItem[] {
  const byVisitor = new Map<string, Map<string, MemoryItem>>();
  for (const item of held) {
    if (item.kind !== 'visitor_fact' || item.visitor === undefined) continue;
    const items = byVisitor.get(item.visitor) ?? new Map<string, MemoryItem>();
    items.set(item.id, item);
    byVisitor.set(item.visitor, items);
  }
  const changed = new Map<string, MemoryItem>();
  for (const { visitor, spoken } of turns) {
    if (spoken.length === 0) continue;
    const items = byVisitor.get(visitor) ?? new Map<string, MemoryItem>();
    byVisitor.set(visitor, items);
    const changes = planFactChanges([...items.values()], spoken);
    for (const item of [...changes.retired, ...changes.added]) {
      items.set(item.id, item);
      changed.set(item.id, item);
    }
  }
  return [...changed.values()];
}

/** Stores a message's facts at once, retiring the ones they replace; returns what changed. */
export function rememberSpokenFacts(memory: FactMemory, visitor: string, spoken: readonly SpokenFactItem[]): FactChanges {
  if (spoken.length === 0) return { added: [], retired: [] };
  const held = memory.items({ visitor, kinds: ['visitor_fact'] }).filter((item) => item.visitor === visitor);
  const changes = planFactChanges(held, spoken);
  memory.add([...changes.retired, ...changes.added]);
  return changes;
}
