import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../dataset/atomic-file.ts';
import type { MemoryItem } from '../memory/types.ts';
import type { DreamOperation } from './dream-types.ts';
import type { MemoryVersions, VersionFile } from './memory-versions.ts';

/** What an erasure takes out: items it names, items that rest on them, and words that quote the visitor. */
export interface MemoryErasure {
  /** Ids of everything erased: turns, conversations, facts, withdrawn reflections and insights. */
  ids: ReadonlySet<string>;
  /** Pseudonymous or raw visitor ids whose private items go. */
  visitors: ReadonlySet<string>;
  /** Texts of the visitor's that no kept text may contain (their sentences and facts). */
  quotes: readonly string[];
}

/** Whether a text contains one of the visitor's quotes, ignoring case and spacing. */
export function quotesVisitor(text: string, quotes: readonly string[]): boolean {
  if (quotes.length === 0) return false;
  const flat = text.toLowerCase().replace(/\s+/g, ' ');
  return quotes.some((quote) => flat.includes(quote.toLowerCase().replace(/\s+/g, ' ')));
}

/** Whether a memory item goes with the erasure: it is theirs, named, rests on what is erased, or quotes them. */
export function isErasedItem(item: MemoryItem, erasure: MemoryErasure): boolean {
  return erasure.ids.has(item.id)
    || (item.visitor !== undefined && erasure.visitors.has(item.visitor))
    || item.source.some((id) => erasure.ids.has(id))
    || (item.conversationId !== undefined && erasure.ids.has(item.conversationId))
    // Only what the character wrote can quote the visitor; a passage of the book that they quoted stays.
    || ((item.kind === 'reflection' || item.kind === 'insight') && quotesVisitor(item.text, erasure.quotes));
}

function mentions(operation: DreamOperation, erasure: MemoryErasure): boolean {
  const ids = operation.type === 'merge' ? operation.ids
    : operation.type === 'supersede' ? [operation.oldId, operation.newId]
      : operation.type === 'insight' || operation.type === 'strategy' ? [...operation.evidence, ...(operation.replaces ?? [])]
        : [operation.id];
  return ids.some((id) => erasure.ids.has(id)) || quotesVisitor(JSON.stringify(operation), erasure.quotes);
}

/** A version without the erased items; ids of erased items leave its covered list too. */
export function eraseFromVersion(file: VersionFile, erasure: MemoryErasure): { file: VersionFile; items: number } {
  const gone = new Set(file.items.filter((item) => isErasedItem(item, erasure)).map((item) => item.id));
  const isGone = (id: string) => gone.has(id) || erasure.ids.has(id);
  const items = file.items
    .filter((item) => !gone.has(item.id))
    .map((item) => (item.supersededBy !== undefined && isGone(item.supersededBy) ? (({ supersededBy: _dropped, ...rest }) => rest)(item) : item));
  return { file: { ...file, items, coveredIds: file.coveredIds.filter((id) => !isGone(id)) }, items: gone.size };
}

/**
 * Takes an erasure out of every memory version of a character (each file rewritten atomically,
 * only when it changes) and out of its dream audit log (operations naming or quoting what is erased).
 */
export async function eraseFromVersions(versions: MemoryVersions, character: string, erasure: MemoryErasure): Promise<{ files: number; items: number; operations: number }> {
  let files = 0;
  let items = 0;
  for (const meta of await versions.list(character)) {
    const file = await versions.read(character, meta.version);
    if (!file) continue;
    const erased = eraseFromVersion(file, erasure);
    if (erased.items === 0 && erased.file.coveredIds.length === file.coveredIds.length) continue;
    await versions.replace(character, erased.file);
    files += 1;
    items += erased.items;
  }
  return { files, items, operations: await eraseFromAudit(path.join(versions.directoryOf(character), 'dreams.jsonl'), erasure) };
}

/** Rewrites `dreams.jsonl` without the operations an erasure names; returns how many went. */
async function eraseFromAudit(file: string, erasure: MemoryErasure): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (text === '') return 0;
  let removed = 0;
  const lines = text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    let entry: { type?: string; record?: { operations?: DreamOperation[]; refused?: Array<{ operation: DreamOperation }> } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return line;
    }
    if (entry.type !== 'dream' || !entry.record) return line;
    const operations = (entry.record.operations ?? []).filter((operation) => !mentions(operation, erasure));
    const refused = (entry.record.refused ?? []).filter((refusal) => !mentions(refusal.operation, erasure));
    const change = (entry.record.operations?.length ?? 0) - operations.length + (entry.record.refused?.length ?? 0) - refused.length;
    if (change === 0) return line;
    removed += change;
    return JSON.stringify({ ...entry, record: { ...entry.record, operations, refused } });
  });
  if (removed > 0) await writeFileAtomic(file, new TextEncoder().encode(`${lines.join('\n')}\n`));
  return removed;
}
