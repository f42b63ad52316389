/**
 * Writing a book into the corpus atomically. The new folder is built in
 * `corpus/.staging-<id>-<random>/` and renamed into place; a failure removes the staging folder
 * and leaves the corpus as it was. A re-ingestion of an existing id swaps folders only once the
 * new one is complete (old -> `corpus/.old-<id>-<random>`, new -> `corpus/<id>`, old removed).
 *
 * Editions: `book.json` carries `edition`, the first 16 hex digits of the SHA-256 of the text. On
 * re-ingestion the previous text is kept as `editions/<edition>.txt` (with any older editions), so
 * passage ids that characters remember from the old text (`<book>:<chapter>:<index>`) can still be
 * resolved by parsing that edition; memories are never rewritten. The author's character edits
 * (`character-edits.json`) are carried over too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IngestError } from './ingest-error.ts';
import { CHARACTER_EDITS_FILE } from './character-edits-file.ts';

/** What goes into book.json besides the fields the corpus loader reads. */
export interface CorpusBookRecord {
  id: string;
  title: string;
  author: string;
  source: string;
  licence: string;
  text: 'text.txt';
  edition: string;
  /** Earlier editions kept under editions/, oldest first. */
  editions?: string[];
  narrators?: unknown;
}

/** The content hash naming an edition of a text. */
export function editionOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

async function exists(target: string): Promise<boolean> {
  return stat(target).then(() => true, () => false);
}

async function readPrevious(folder: string): Promise<{ record: Record<string, unknown>; text: string } | null> {
  try {
    const record = JSON.parse(await readFile(path.join(folder, 'book.json'), 'utf8')) as unknown;
    if (typeof record !== 'object' || record === null) return null;
    const file = (record as { text?: unknown }).text;
    const text = await readFile(path.join(folder, typeof file === 'string' && !file.includes('..') ? file : 'text.txt'), 'utf8');
    return { record: record as Record<string, unknown>, text };
  } catch {
    return null;
  }
}

/** Options for `writeCorpusBook`. */
export interface WriteCorpusBookOptions {
  corpusDir: string;
  record: Omit<CorpusBookRecord, 'edition' | 'editions' | 'text'>;
  text: string;
  /** Called once the staging folder is complete, before it is swapped in; a throw aborts cleanly. */
  beforeCommit?: () => void | Promise<void>;
}

/** Writes (or replaces) `corpus/<id>/` atomically and returns the record written to book.json. */
export async function writeCorpusBook(options: WriteCorpusBookOptions): Promise<CorpusBookRecord> {
  const { corpusDir, text } = options;
  const id = options.record.id;
  const suffix = randomBytes(6).toString('hex');
  const target = path.join(corpusDir, id);
  const staging = path.join(corpusDir, `.staging-${id}-${suffix}`);
  const old = path.join(corpusDir, `.old-${id}-${suffix}`);
  await mkdir(corpusDir, { recursive: true });
  try {
    await mkdir(staging);
    const edition = editionOf(text);
    const record: CorpusBookRecord = { ...options.record, text: 'text.txt', edition };
    const previous = (await exists(target)) ? await readPrevious(target) : null;
    if (previous) {
      const previousEdition = typeof previous.record.edition === 'string' ? previous.record.edition : editionOf(previous.text);
      const earlier = Array.isArray(previous.record.editions) ? previous.record.editions.filter((value): value is string => typeof value === 'string') : [];
      if (await exists(path.join(target, 'editions'))) await cp(path.join(target, 'editions'), path.join(staging, 'editions'), { recursive: true });
      // The author's corrections to the discovered characters belong to the book, not to one edition.
      if (await exists(path.join(target, CHARACTER_EDITS_FILE))) await cp(path.join(target, CHARACTER_EDITS_FILE), path.join(staging, CHARACTER_EDITS_FILE));
      if (previousEdition !== edition) {
        await mkdir(path.join(staging, 'editions'), { recursive: true });
        await writeFile(path.join(staging, 'editions', `${previousEdition}.txt`), previous.text, 'utf8');
      }
      const editions = [...new Set([...earlier, ...(previousEdition !== edition ? [previousEdition] : [])])].filter((value) => value !== edition);
      if (editions.length > 0) record.editions = editions;
      if (record.narrators === undefined && previous.record.narrators !== undefined) record.narrators = previous.record.narrators;
    }
    await writeFile(path.join(staging, 'text.txt'), text, 'utf8');
    await writeFile(path.join(staging, 'book.json'), `${JSON.stringify(record, null, 2)}\n`, 'utf8');
    await options.beforeCommit?.();
    const hadPrevious = await exists(target);
    if (hadPrevious) await rename(target, old);
    try {
      await rename(staging, target);
    } catch (error) {
      if (hadPrevious) await rename(old, target);
      throw error;
    }
    if (hadPrevious) await rm(old, { recursive: true, force: true });
    return record;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof IngestError) throw error;
    if (error instanceof Error && !('code' in error)) throw error;
    throw new IngestError('write-failed', `Could not write book "${id}" into ${corpusDir}: ${(error as Error).message}`, { cause: error });
  }
}
