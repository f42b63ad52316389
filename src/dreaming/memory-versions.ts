import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../dataset/atomic-file.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import type { MemoryItem } from '../memory/types.ts';
import { isConsolidated, VERSIONED_KINDS } from './dream-types.ts';
import { byTimeThenId } from './item-order.ts';

const memoryItemSchema = z.object({
  id: z.string().min(1),
  character: z.string().min(1),
  kind: z.enum(['passage', 'turn', 'reflection', 'insight', 'visitor_fact', 'strategy']),
  text: z.string(),
  createdAt: z.string(),
  source: z.array(z.string()),
  visitor: z.string().optional(),
  importance: z.number().min(1).max(10),
  version: z.number().int().optional(),
  supersededBy: z.string().optional(),
  bookId: z.string().optional(),
  chapter: z.number().int().optional(),
  role: z.enum(['visitor', 'character']).optional(),
  conversationId: z.string().optional(),
  subject: z.string().optional(),
  attribute: z.string().optional(),
  value: z.string().optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
});

const versionMetaSchema = z.object({
  version: z.number().int().positive(),
  createdAt: z.string(),
  parent: z.number().int().nonnegative(),
  dreamId: z.string(),
});

/** One memory version file: `v<N>.json`. */
export const versionFileSchema = z.object({
  meta: versionMetaSchema,
  /** Every consolidated item of the version, superseded ones included (history). */
  items: z.array(memoryItemSchema),
  /** Ids of the raw items the version accounts for; raw items not among them are newer and sit on top. */
  coveredIds: z.array(z.string()),
});

/** A version's identity: its number, when it was made, from which version, by which dream. */
export type VersionMeta = z.infer<typeof versionMetaSchema>;
/** A version's full contents. */
export type VersionFile = z.infer<typeof versionFileSchema>;

const currentSchema = z.object({ version: z.number().int().nonnegative(), updatedAt: z.string() });

/** A version file or pointer that cannot be read or does not parse. */
export class MemoryVersionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MemoryVersionError';
  }
}

/** Copy-on-write memory versions of each character, under `<directory>/<character>/`. */
export interface MemoryVersions {
  /** Versions written, oldest first (version 0, the raw memory, is implicit and not listed). */
  list(character: string): Promise<VersionMeta[]>;
  /** A version's contents; null for version 0. Throws for an unknown version. */
  read(character: string, version: number): Promise<VersionFile | null>;
  /** Writes the next version as a new file (never over an old one) and returns it; it is not made current. */
  write(character: string, contents: { parent: number; dreamId: string; items: MemoryItem[]; coveredIds: string[]; createdAt: string }): Promise<VersionFile>;
  /**
   * Rewrites an existing version in place, atomically. Only erasure does this: versions are
   * otherwise never edited, but a visitor who asks to be forgotten leaves no item in any of them.
   */
  replace(character: string, file: VersionFile): Promise<void>;
  /** The current version number (0 when none was ever made current). */
  current(character: string): Promise<number>;
  /** Makes a version current by rewriting the pointer file atomically. */
  setCurrent(character: string, version: number, updatedAt: string): Promise<void>;
  /** The folder of a character's versions and audit log. */
  directoryOf(character: string): string;
}

/** Creates the version store over a folder (DATA_DIR/memory). */
export function createMemoryVersions(options: { directory: string }): MemoryVersions {
  const directoryOf = (character: string) => path.join(options.directory, character);
  const fileOf = (character: string, version: number) => path.join(directoryOf(character), `v${version}.json`);

  async function readJson(file: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new MemoryVersionError(`cannot read ${file}`, { cause: error });
    }
  }

  async function versionNumbers(character: string): Promise<number[]> {
    const names = await readdir(directoryOf(character)).catch(() => [] as string[]);
    return names.map((name) => /^v(\d+)\.json$/.exec(name)?.[1]).filter((match): match is string => match !== undefined).map(Number).sort((left, right) => left - right);
  }

  async function read(character: string, version: number): Promise<VersionFile | null> {
    if (version === 0) return null;
    const parsed = versionFileSchema.safeParse(await readJson(fileOf(character, version)));
    if (!parsed.success) throw new MemoryVersionError(`${fileOf(character, version)}: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
    return parsed.data;
  }

  return {
    directoryOf,
    async list(character) {
      const metas: VersionMeta[] = [];
      for (const version of await versionNumbers(character)) metas.push((await read(character, version))!.meta);
      return metas;
    },
    read,
    async write(character, contents) {
      const version = ((await versionNumbers(character)).at(-1) ?? 0) + 1;
      const file: VersionFile = {
        meta: { version, createdAt: contents.createdAt, parent: contents.parent, dreamId: contents.dreamId },
        items: contents.items,
        coveredIds: contents.coveredIds,
      };
      await writeFileAtomic(fileOf(character, version), new TextEncoder().encode(`${JSON.stringify(file, null, 1)}\n`));
      return file;
    },
    async replace(character, file) {
      const parsed = versionFileSchema.parse(file);
      await writeFileAtomic(fileOf(character, parsed.meta.version), new TextEncoder().encode(`${JSON.stringify(parsed, null, 1)}\n`));
    },
    async current(character) {
      const file = path.join(directoryOf(character), 'current.json');
      const value = await readFile(file, 'utf8').then((text) => JSON.parse(text) as unknown, () => null);
      if (value === null) return 0;
      const parsed = currentSchema.safeParse(value);
      if (!parsed.success) throw new MemoryVersionError(`${file}: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
      return parsed.data.version;
    },
    async setCurrent(character, version, updatedAt) {
      if (version !== 0 && !(await versionNumbers(character)).includes(version)) {
        throw new MemoryVersionError(`${character} has no memory version ${version}`);
      }
      const bytes = new TextEncoder().encode(`${JSON.stringify({ version, updatedAt })}\n`);
      await writeFileAtomic(path.join(directoryOf(character), 'current.json'), bytes);
    },
  };
}

/**
 * The consolidated part of the runtime memory: the version's items, plus every raw item the version
 * does not account for (made after the dream read the memory). Version 0 (null) is the raw items.
 * Passages and turns are never versioned and are not part of this.
 */
export function runtimeItems(rawItems: readonly MemoryItem[], version: VersionFile | null): MemoryItem[] {
  const raw = rawItems.filter(isConsolidated);
  if (!version) return raw;
  const covered = new Set(version.coveredIds);
  const ids = new Set(version.items.map((item) => item.id));
  return [...version.items, ...raw.filter((item) => !covered.has(item.id) && !ids.has(item.id))];
}

/**
 * Makes a store hold exactly `runtimeItems(rawItems, version)` among its consolidated kinds: items
 * outside it are removed, the rest added or replaced (superseded marks included). Passages and
 * turns are left alone. Call at start-up after loading raw items, and after approve or rollback.
 */
export function applyVersionToStore(store: MemoryStore, rawItems: readonly MemoryItem[], version: VersionFile | null): { added: number; removed: number } {
  const target = runtimeItems(rawItems, version).map((item) => keepSpokenRetirement(item, store.get(item.id)));
  const targetIds = new Set(target.map((item) => item.id));
  let removed = 0;
  // Which items go does not depend on the order they are looked at: no sort needed here.
  for (const item of store.toSnapshot(VERSIONED_KINDS).items) if (isConsolidated(item) && !targetIds.has(item.id) && store.remove(item.id)) removed += 1;
  // The very objects the store holds already (version 0 at start: every raw item) change nothing.
  store.add(target.filter((item) => store.get(item.id) !== item));
  return { added: target.length, removed };
}

/**
 * A visitor fact the visitor's own words retired ("I renamed my dog Max") stays retired whatever
 * version is applied: a version written before the change, or a rollback, cannot make it true
 * again. Only the visitor's words set `validTo`; dreams' supersessions carry none and roll back.
 */
function keepSpokenRetirement(item: MemoryItem, live: MemoryItem | undefined): MemoryItem {
  if (item.kind !== 'visitor_fact' || live?.validTo === undefined || live.supersededBy === undefined || item.validTo !== undefined) return item;
  return { ...item, supersededBy: live.supersededBy, validTo: live.validTo };
}

/** Every consolidated item of a store, public and private, superseded ones included, oldest first. */
export function consolidatedItems(store: MemoryStore): MemoryItem[] {
  return store.toSnapshot(VERSIONED_KINDS).items.filter(isConsolidated).sort(byTimeThenId);
}
