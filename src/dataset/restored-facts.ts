import type { MemoryItem } from '../memory/types.ts';

/**
 * One item per published visitor fact. A fact is published when said and again, under the same
 * id, when the visitor's words retire it; the retired copy is the later truth.
 */
export function latestFactRows(rows: readonly MemoryItem[]): MemoryItem[] {
  const byId = new Map<string, MemoryItem>();
  for (const row of rows) {
    const held = byId.get(row.id);
    if (!held || (row.supersededBy !== undefined && held.supersededBy === undefined)) byId.set(row.id, row);
  }
  return [...byId.values()];
}

/** What `claimRestoredFacts` needs from a character's memory store. */
export interface ClaimableMemory {
  items(filter: { visitor: string }, options: { includeSuperseded: boolean }): MemoryItem[];
  add(items: MemoryItem[]): void;
  remove(id: string): boolean;
}

/**
 * Facts restored from the Hub carry the visitor's pseudonym, not their id (the id never leaves the
 * machine). When the visitor comes back, the pseudonym of their id finds them: they become theirs
 * again. Returns how many items moved.
 */
export function claimRestoredFacts(memory: ClaimableMemory, pseudonym: string, visitor: string): number {
  const restored = memory.items({ visitor: pseudonym }, { includeSuperseded: true }).filter((item) => item.visitor === pseudonym);
  for (const item of restored) memory.remove(item.id);
  memory.add(restored.map((item) => ({ ...item, visitor })));
  return restored.length;
}
