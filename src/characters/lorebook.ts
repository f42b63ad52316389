import { z } from 'zod';
import type { MemoryItem } from '../memory/types.ts';
import { findInstructions } from '../safety/instruction.ts';
import type { Card } from './card.ts';
import { CardError } from './card-error.ts';
import { issuesToProblems } from './validate-card.ts';

/** One lorebook entry as Character Card V2/V3 defines it; only the fields we use are checked. */
export const lorebookEntrySchema = z.object({
  keys: z.array(z.string()),
  content: z.string(),
  enabled: z.boolean().default(true),
  id: z.union([z.number(), z.string()]).optional(),
  name: z.string().optional(),
  priority: z.number().optional(),
  constant: z.boolean().optional(),
}).loose();

/** A card's `character_book`: a list of entries plus settings we do not use. */
export const lorebookSchema = z.object({ entries: z.array(lorebookEntrySchema) }).loose();

/** Options for lorebookToItems. */
export interface LorebookOptions {
  /** The timestamp given to every item; now when absent. */
  createdAt?: string;
  /** Where the card came from, for error messages. */
  source?: string;
}

/**
 * Turns a card's lorebook into memory items, one per enabled entry with content.
 * Choices: kind `insight` (knowledge the author gave the character, not something it read or was told);
 * `source` is `['lorebook:<entry id>']` (the entry's index when it has no id); the text starts with the
 * entry's keys (`keys: a, b. content`) so the keyword index matches the same words that would trigger the
 * entry in other tools; `constant` entries get importance 8, others 5 nudged by `priority`. Disabled and
 * empty entries are skipped, and so are entries that address the model as a system (see
 * refusedLorebookEntries): an insight is knowledge, never an order. No lorebook gives no items; a
 * malformed one throws CardError.
 */
export function lorebookToItems(card: Card, characterId: string, options: LorebookOptions = {}): MemoryItem[] {
  const raw = card.data.character_book;
  if (raw === undefined || raw === null) return [];
  const parsed = lorebookSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = issuesToProblems(options.source ?? characterId, parsed.error.issues).map((problem) => ({
      ...problem,
      path: ['data.character_book', problem.path].filter((part) => part !== '').join('.'),
    }));
    throw new CardError(problems, { cause: parsed.error });
  }
  const createdAt = options.createdAt ?? new Date().toISOString();
  const items: MemoryItem[] = [];
  parsed.data.entries.forEach((entry, index) => {
    const content = entry.content.trim();
    if (!entry.enabled || content === '' || entryInstructions(entry).length > 0) return;
    const entryId = String(entry.id ?? index);
    const keys = entry.keys.map((key) => key.trim()).filter((key) => key !== '');
    const importance = entry.constant === true ? 8 : clamp(5 + Math.sign(entry.priority ?? 0), 1, 10);
    items.push({
      id: `${characterId}:lorebook:${entryId}`,
      character: characterId,
      kind: 'insight',
      text: keys.length > 0 ? `${keys.join(', ')}. ${content}` : content,
      createdAt,
      source: [`lorebook:${entryId}`],
      importance,
    });
  });
  return items;
}

type LorebookEntry = z.infer<typeof lorebookEntrySchema>;

function entryInstructions(entry: LorebookEntry): string[] {
  return findInstructions([...entry.keys, entry.content].join('\n'));
}

/** A lorebook entry kept out of memory because it reads as an instruction, and why. */
export interface RefusedLorebookEntry {
  /** The entry's index in `character_book.entries`. */
  index: number;
  reasons: string[];
}

/** The enabled entries of a card's lorebook that address the model as a system; none when it has no (valid) lorebook. */
export function refusedLorebookEntries(card: Card): RefusedLorebookEntry[] {
  const parsed = lorebookSchema.safeParse(card.data.character_book ?? { entries: [] });
  if (!parsed.success) return [];
  return parsed.data.entries.flatMap((entry, index) => {
    const reasons = entry.enabled && entry.content.trim() !== '' ? entryInstructions(entry) : [];
    return reasons.length > 0 ? [{ index, reasons }] : [];
  });
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
