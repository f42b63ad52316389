/** What a store holds: which items are memories, where each is kept, what a filter admits, and what may not be stored. */
import type { MemoryItem, MemoryKind, RetrievalFilter } from './types.ts';

/** Kinds that are memories rather than book text: weighted by recency and importance. */
export const MEMORY_KINDS: MemoryKind[] = ['reflection', 'insight', 'turn', 'visitor_fact'];

/** The partition key of book passages; no visitor id can be this (it starts with a NUL). */
export const BOOK_PARTITION = '\u0000book';

/** A memory item that cannot be stored (wrong character, bad fields). */
export class MemoryStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MemoryStoreError';
  }
}

/** Whether a filter admits an item; privacy first, and it is not negotiable. */
export function isAdmitted(item: MemoryItem, filter: RetrievalFilter, includeSuperseded = false): boolean {
  if (item.visitor !== undefined && item.visitor !== filter.visitor) return false;
  if (!includeSuperseded && item.supersededBy !== undefined) return false;
  if (filter.kinds && !filter.kinds.includes(item.kind)) return false;
  if (filter.bookId !== undefined && item.bookId !== filter.bookId) return false;
  if (filter.before !== undefined && item.createdAt > filter.before) return false;
  return true;
}

/** Throws a MemoryStoreError for an item this store cannot hold: another character's, no id, a bad time or importance, bad ownSpeech spans. */
export function validateItem(item: MemoryItem, character: string): void {
  if (item.character !== character) {
    throw new MemoryStoreError(`memory item ${item.id} belongs to "${item.character}", not to "${character}"`);
  }
  if (!item.id) throw new MemoryStoreError('memory item has an empty id');
  if (Number.isNaN(Date.parse(item.createdAt))) {
    throw new MemoryStoreError(`memory item ${item.id} has an invalid createdAt "${item.createdAt}"`);
  }
  if (!(item.importance >= 1 && item.importance <= 10)) {
    throw new MemoryStoreError(`memory item ${item.id} has importance ${item.importance}, expected 1 to 10`);
  }
  const spans = item.ownSpeech;
  if (spans !== undefined && (spans.length % 2 !== 0 || spans.some((offset, at) => !Number.isInteger(offset) || offset < (spans[at - 1] ?? 0) || offset > item.text.length))) {
    throw new MemoryStoreError(`memory item ${item.id} has ownSpeech that is not ordered [start, end] pairs within its text`);
  }
}

/** The partition key of an item: its visitor's id, the book's, or "" for shared memories. */
export function partitionKeyOf(item: MemoryItem): string {
  return item.visitor ?? (item.kind === 'passage' ? BOOK_PARTITION : '');
}
