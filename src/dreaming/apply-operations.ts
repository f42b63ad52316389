import type { MemoryItem } from '../memory/types.ts';
import type { DreamDiffEntry, DreamOperation } from './dream-types.ts';

/** What a new version's items are stamped with. */
export interface ApplyContext {
  character: string;
  dreamId: string;
  /** The version the result will be. */
  version: number;
  /** ISO time, for insights. */
  now: string;
}

/** The id of the n-th item a dream creates. */
export function dreamItemId(dreamId: string, index: number): string {
  return `dream:${dreamId}:${index}`;
}

function sameOrUndefined<T>(values: T[]): T | undefined {
  const first = values[0];
  return values.every((value) => value === first) ? first : undefined;
}

/**
 * Applies validated operations to a version's items and returns the next version's items, leaving
 * the input untouched. Merged and forgotten items leave the version; superseded ones stay, marked.
 */
export function applyOperations(items: readonly MemoryItem[], operations: readonly DreamOperation[], context: ApplyContext): MemoryItem[] {
  const byId = new Map(items.map((item) => [item.id, { ...item }]));
  const redirect = new Map<string, string>();
  operations.forEach((operation, index) => {
    switch (operation.type) {
      case 'merge': {
        const merged = operation.ids.map((id) => byId.get(id)).filter((item): item is MemoryItem => item !== undefined);
        if (merged.length === 0) return;
        const newest = merged.reduce((left, right) => (right.createdAt > left.createdAt ? right : left));
        const id = dreamItemId(context.dreamId, index);
        const item: MemoryItem = {
          id,
          character: context.character,
          kind: newest.kind,
          text: operation.text,
          // The newest member's time keeps the merged memory as fresh as what it holds.
          createdAt: newest.createdAt,
          source: [...new Set(merged.flatMap((member) => [...member.source, member.id]))],
          importance: Math.max(...merged.map((member) => member.importance)),
          version: context.version,
        };
        if (newest.visitor !== undefined) item.visitor = newest.visitor;
        // Merged copies of one visitor fact stay that fact: its fields, and since when it holds.
        for (const field of ['subject', 'attribute', 'value'] as const) {
          const value = sameOrUndefined(merged.map((member) => member[field]));
          if (value !== undefined) item[field] = value;
        }
        const since = merged.map((member) => member.validFrom).filter((value): value is string => value !== undefined).sort()[0];
        if (since !== undefined && item.kind === 'visitor_fact') item.validFrom = since;
        const bookId = sameOrUndefined(merged.map((member) => member.bookId));
        const chapter = sameOrUndefined(merged.map((member) => member.chapter));
        if (bookId !== undefined) item.bookId = bookId;
        if (chapter !== undefined) item.chapter = chapter;
        for (const member of merged) {
          byId.delete(member.id);
          redirect.set(member.id, id);
        }
        byId.set(id, item);
        return;
      }
      case 'supersede': {
        const older = byId.get(operation.oldId);
        if (older) byId.set(older.id, { ...older, supersededBy: operation.newId });
        return;
      }
      case 'insight': {
        const id = dreamItemId(context.dreamId, index);
        byId.set(id, {
          id,
          character: context.character,
          kind: 'insight',
          text: operation.text,
          createdAt: context.now,
          source: [...operation.evidence],
          importance: 6,
          version: context.version,
        });
        for (const replaced of operation.replaces ?? []) {
          const older = byId.get(replaced);
          if (older) byId.set(replaced, { ...older, supersededBy: id });
        }
        return;
      }
      case 'forget':
        byId.delete(operation.id);
        return;
      case 'strategy': {
        const id = dreamItemId(context.dreamId, index);
        byId.set(id, {
          id,
          character: context.character,
          kind: 'strategy',
          text: operation.text,
          createdAt: context.now,
          source: [...operation.evidence],
          importance: 5,
          version: context.version,
          ...(operation.rule !== undefined && operation.value !== undefined ? { attribute: operation.rule, value: operation.value } : {}),
        });
        for (const replaced of operation.replaces ?? []) {
          const older = byId.get(replaced);
          if (older) byId.set(replaced, { ...older, supersededBy: id });
        }
        return;
      }
    }
  });
  // A superseded item whose successor was merged points at the merged item instead.
  for (const [id, item] of byId) {
    const target = item.supersededBy !== undefined ? redirect.get(item.supersededBy) : undefined;
    if (target) byId.set(id, { ...item, supersededBy: target });
  }
  return [...byId.values()].sort((left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id));
}

/** The operations as a readable diff: what each rests on, and what it leaves. */
export function describeOperations(operations: readonly DreamOperation[], lookup: (id: string) => MemoryItem | undefined): DreamDiffEntry[] {
  const textOf = (id: string) => ({ id, text: lookup(id)?.text ?? '(not found)' });
  return operations.map((operation) => {
    switch (operation.type) {
      case 'merge':
        return { operation, before: operation.ids.map(textOf), after: operation.text };
      case 'supersede':
        return { operation, before: [textOf(operation.oldId)], after: lookup(operation.newId)?.text ?? '(not found)' };
      case 'insight':
        return { operation, before: [...(operation.replaces ?? []), ...operation.evidence].map(textOf), after: operation.text };
      case 'forget':
        return { operation, before: [textOf(operation.id)], after: null };
      case 'strategy':
        return { operation, before: [...(operation.replaces ?? []), ...operation.evidence].map(textOf), after: operation.text };
    }
  });
}
