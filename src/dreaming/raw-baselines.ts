/**
 * Each character's raw items (never made by a dream) as they were first seen, oldest first, so
 * any memory version can be rebuilt from them. A start that applies no version only keeps what
 * it saw (`capture`), unsorted; the first dream, rollback or erasure sorts it into the baseline,
 * so a start spends neither the sort nor the lookups of every item on it.
 */
import type { MemoryStore } from '../memory/memory-store.ts';
import type { MemoryItem } from '../memory/types.ts';
import { isConsolidated, VERSIONED_KINDS } from './dream-types.ts';
import { byTimeThenId } from './item-order.ts';

/** See the file comment. */
export interface RawBaselines {
  /** Whether the character's raw items were seen (captured or in a baseline). */
  has(characterId: string): boolean;
  /**
   * Keeps the raw items a start saw, as they are (or a way to list them, called when first
   * needed: a store started from its checkpoint has not parsed them yet); they become the
   * baseline when it is first needed.
   */
  capture(characterId: string, items: MemoryItem[] | (() => MemoryItem[])): void;
  /** The baseline, with the store's raw items not seen before added after it (each new batch oldest first). */
  items(characterId: string): MemoryItem[];
  /** Drops erased items from the baseline; returns how many. */
  forget(characterId: string, isErased: (item: MemoryItem) => boolean): number;
}

/** Whether an item is raw memory a version can be rebuilt from. */
export const isRaw = (item: MemoryItem): boolean => isConsolidated(item) && item.version === undefined && !item.id.startsWith('dream:');

/** Creates the baselines over each character's store. */
export function createRawBaselines(memory: (characterId: string) => MemoryStore): RawBaselines {
  const baselines = new Map<string, Map<string, MemoryItem>>();
  const captured = new Map<string, MemoryItem[] | (() => MemoryItem[])>();

  function baselineOf(characterId: string): Map<string, MemoryItem> | undefined {
    const held = captured.get(characterId);
    if (held) {
      const seen = typeof held === 'function' ? held() : held;
      captured.delete(characterId);
      const baseline = new Map<string, MemoryItem>();
      for (const item of seen.sort(byTimeThenId)) baseline.set(item.id, item);
      baselines.set(characterId, baseline);
    }
    return baselines.get(characterId);
  }

  return {
    has: (characterId) => baselines.has(characterId) || captured.has(characterId),
    capture: (characterId, items) => void captured.set(characterId, items),
    items(characterId) {
      let baseline = baselineOf(characterId);
      if (!baseline) {
        baseline = new Map();
        baselines.set(characterId, baseline);
      }
      // Only the items not yet seen are sorted: the baseline keeps the order they were first seen in.
      const unseen = memory(characterId).toSnapshot(VERSIONED_KINDS).items.filter((item) => isRaw(item) && !baseline.has(item.id));
      for (const item of unseen.sort(byTimeThenId)) baseline.set(item.id, item);
      return [...baseline.values()];
    },
    forget(characterId, isErased) {
      const baseline = baselineOf(characterId);
      if (!baseline) return 0;
      let removed = 0;
      for (const [id, item] of baseline) if (isErased(item) && baseline.delete(id)) removed += 1;
      return removed;
    },
  };
}
