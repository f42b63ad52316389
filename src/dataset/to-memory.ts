import type { MemoryItem, ReflectionRecord } from '../memory/types.ts';

/**
 * The memory item a restored reflection becomes: accepted reflections only (quarantined drafts
 * stay in the dataset for review but are never remembered). Evidence becomes the item's source.
 */
export function reflectionToMemoryItem(record: ReflectionRecord): MemoryItem | undefined {
  if (record.verdict !== 'accepted') return undefined;
  return {
    id: record.id,
    character: record.character,
    kind: 'reflection',
    text: record.text,
    createdAt: record.createdAt,
    source: record.conversationId ? [...record.evidence, record.conversationId] : [...record.evidence],
    importance: record.importance,
    ...(record.chapter !== undefined ? { chapter: record.chapter } : {}),
    ...(record.conversationId !== undefined ? { conversationId: record.conversationId } : {}),
  };
}

/** Groups the memory items of restored reflections by character, ready for each store's `add`. */
export function reflectionsByCharacter(records: readonly ReflectionRecord[]): Map<string, MemoryItem[]> {
  const groups = new Map<string, MemoryItem[]>();
  for (const record of records) {
    const item = reflectionToMemoryItem(record);
    if (!item) continue;
    const group = groups.get(item.character) ?? [];
    group.push(item);
    groups.set(item.character, group);
  }
  return groups;
}
