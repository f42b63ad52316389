import type { MemoryItem, RetrievalFilter } from '../types.ts';
import { factFieldsOf, type SpokenFactItem } from './fact-items.ts';
import { factSlot, isSameSlot, normalizeValue } from './fact-types.ts';

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
 * `rememberSpokenFacts` would one message at a time, but with no store read per message. Each
 * message is planned only against the held facts it could retire, one of each set of twins
 * (see `createFactCandidates`), so a visitor who says the same thing fifty times costs fifty
 * steps, not fifty squared.
 */
export function replaySpokenFacts(held: readonly MemoryItem[], turns: ReadonlyArray<{ visitor: string; spoken: readonly SpokenFactItem[] }>): MemoryItem[] {
  // A visitor's facts are planned against their own alone, so the replay goes one visitor at a
  // time (their few maps stay in the processor's cache, where turns interleaved across thousands
  // of visitors missed it at every step); each change is stamped with the turn and the step it
  // came at, and the changes are put back in the order of the turns.
  const heldBy = new Map<string, MemoryItem[]>();
  for (const item of held) if (item.kind === 'visitor_fact' && item.visitor !== undefined) push(heldBy, item.visitor, item);
  const turnsBy = new Map<string, number[]>();
  turns.forEach((turn, index) => turn.spoken.length > 0 && push(turnsBy, turn.visitor, index));
  const changes: Array<{ item: MemoryItem; at: number }> = [];
  for (const visitor of new Set([...heldBy.keys(), ...turnsBy.keys()])) {
    const clock = { at: 0 };
    const candidates = createFactCandidates(clock);
    for (const item of heldBy.get(visitor) ?? []) candidates.hold(item, false);
    for (const index of turnsBy.get(visitor) ?? []) {
      const { spoken } = turns[index]!;
      clock.at = index * STEPS_PER_TURN;
      const representatives = candidates.mayBeRetiredBy(spoken);
      if (representatives.length > 0) {
        // A twin of a retired fact is retired by the same new fact: the plan reads nothing else.
        for (const item of planFactChanges(representatives, spoken).retired) {
          candidates.hold(item, true);
          for (const twin of candidates.twinsOf(item.id)) candidates.hold({ ...twin, supersededBy: item.supersededBy!, validTo: item.validTo! }, true);
        }
      }
      for (const { item } of spoken) candidates.hold(item, true);
    }
    for (const change of candidates.changes()) changes.push(change);
  }
  return changes.sort((left, right) => left.at - right.at).map((change) => change.item);
}

// Room for the steps of one turn in a change's stamp (a message states a handful of facts).
const STEPS_PER_TURN = 2 ** 20;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One visitor's held facts, found by what could retire them. */
interface FactCandidates {
  /** Holds an item; a newer copy of a held id (retired) replaces it. `isChange`: it is also one of the replay's changes. */
  hold(item: MemoryItem, isChange: boolean): void;
  /** The changes, each id's latest copy, stamped with the clock's time when the id first changed. */
  changes(): Array<{ item: MemoryItem; at: number }>;
  /**
   * For these new facts, one live held fact of each set of twins `planFactChanges` could retire,
   * in the order first held: never one fewer.
   */
  mayBeRetiredBy(spoken: readonly SpokenFactItem[]): MemoryItem[];
  /** The other live facts with the same subject, attribute and value as this one. */
  twinsOf(id: string): MemoryItem[];
}

/**
 * `planFactChanges` decides on an old fact from its subject, attribute and value (normalized)
 * alone, so facts alike in those three ("twins") are retired together or not at all. And it
 * retires one only when it is in the new fact's slot, is a name of the same relation (a change
 * said as such), or has the subject the new fact says it replaces: those three lookups find
 * every set of twins it could retire, and it still decides each one.
 */
function createFactCandidates(clock: { at: number }): FactCandidates {
  const changed: Array<{ item: MemoryItem; at: number }> = [];
  // `change`: where the item sits in `changed`, -1 while it has not changed.
  const items = new Map<string, { item: MemoryItem; order: number; change: number; twins?: string }>();
  // Each set of twins: the ids of its live members, in the order held.
  const twins = new Map<string, Set<string>>();
  const bySlot = new Map<string, Set<string>>();
  const byNamedRelation = new Map<string, Set<string>>();
  const bySubject = new Map<string, Set<string>>();
  const file = (index: Map<string, Set<string>>, key: string, twinKey: string) => {
    const keys = index.get(key);
    if (keys) keys.add(twinKey);
    else index.set(key, new Set([twinKey]));
  };
  return {
    hold(item, isChange) {
      const known = items.get(item.id);
      if (known) {
        known.item = item;
        if (isChange) {
          if (known.change === -1) known.change = changed.push({ item, at: clock.at++ }) - 1;
          else changed[known.change]!.item = item;
        }
        if (item.supersededBy !== undefined && known.twins !== undefined) twins.get(known.twins)!.delete(item.id);
        return;
      }
      const entry: { item: MemoryItem; order: number; change: number; twins?: string } = { item, order: items.size, change: isChange ? changed.push({ item, at: clock.at++ }) - 1 : -1 };
      items.set(item.id, entry);
      const fields = factFieldsOf(item);
      if (!fields || item.supersededBy !== undefined) return;
      const twinKey = `${fields.subject}\u0000${fields.attribute}\u0000${normalizeValue(fields.value)}`;
      entry.twins = twinKey;
      const members = twins.get(twinKey);
      if (members) {
        members.add(item.id);
        return;
      }
      twins.set(twinKey, new Set([item.id]));
      file(bySlot, factSlot(fields), twinKey);
      if (fields.attribute === 'name') file(byNamedRelation, fields.subject.toLowerCase(), twinKey);
      file(bySubject, fields.subject, twinKey);
    },
    mayBeRetiredBy(spoken) {
      // One fact that names no change and replaces nothing (most messages): its slot's own set, already in order.
      const only = spoken.length === 1 ? spoken[0]!.fact : undefined;
      const isSlotOnly = only !== undefined && !(only.isUpdate && only.attribute === 'name') && only.replaces === undefined;
      let keys: Iterable<string> | undefined;
      if (isSlotOnly) keys = bySlot.get(factSlot(only));
      else {
        const found = new Set<string>();
        for (const { fact } of spoken) {
          for (const key of bySlot.get(factSlot(fact)) ?? []) found.add(key);
          if (fact.isUpdate && fact.attribute === 'name') for (const key of byNamedRelation.get(fact.subject.toLowerCase()) ?? []) found.add(key);
          if (fact.replaces !== undefined) for (const key of bySubject.get(fact.subject) ?? []) found.add(key);
        }
        keys = found;
      }
      if (keys === undefined) return [];
      const representatives: Array<{ item: MemoryItem; order: number }> = [];
      for (const key of keys) {
        const first = twins.get(key)!.values().next();
        if (!first.done) representatives.push(items.get(first.value)!);
      }
      if (representatives.length > 1) representatives.sort((left, right) => left.order - right.order);
      return representatives.map((entry) => entry.item);
    },
    changes: () => changed,
    twinsOf(id) {
      const key = items.get(id)?.twins;
      return key === undefined ? [] : [...twins.get(key)!].filter((twin) => twin !== id).map((twin) => items.get(twin)!.item);
    },
  };
}

/** Stores a message's facts at once, retiring the ones they replace; returns what changed. */
export function rememberSpokenFacts(memory: FactMemory, visitor: string, spoken: readonly SpokenFactItem[]): FactChanges {
  if (spoken.length === 0) return { added: [], retired: [] };
  const held = memory.items({ visitor, kinds: ['visitor_fact'] }).filter((item) => item.visitor === visitor);
  const changes = planFactChanges(held, spoken);
  memory.add([...changes.retired, ...changes.added]);
  return changes;
}
