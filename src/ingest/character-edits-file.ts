/**
 * The author's corrections to a book's discovered characters, saved with the book as
 * `corpus/<id>/character-edits.json` (`{ "edits": [...] }`, oldest first), written atomically
 * (a temporary file renamed into place) so a crash leaves the old list or the new one.
 * Re-ingesting the book keeps the file (see `writeCorpusBook`), so re-discovery replays them.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { characterEditSchema, type CharacterEdit } from '../book/character-edits.ts';
import { IngestError } from './ingest-error.ts';

/** The file name inside a book folder. */
export const CHARACTER_EDITS_FILE = 'character-edits.json';
/** The most edits a book keeps; an author who needs more is better served by editing the cards. */
export const MAX_CHARACTER_EDITS = 500;

const fileSchema = z.object({ edits: z.array(characterEditSchema).max(MAX_CHARACTER_EDITS) });

/** Reads a book folder's edits; none when the file does not exist. */
export async function readCharacterEdits(bookFolder: string): Promise<CharacterEdit[]> {
  const file = path.join(bookFolder, CHARACTER_EDITS_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new IngestError('write-failed', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new IngestError('write-failed', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new IngestError('write-failed', `${file} is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, { cause: parsed.error });
  }
  return parsed.data.edits;
}

/** Replaces a book folder's edits atomically. */
export async function writeCharacterEdits(bookFolder: string, edits: readonly CharacterEdit[]): Promise<void> {
  const file = path.join(bookFolder, CHARACTER_EDITS_FILE);
  const temporary = path.join(bookFolder, `.${CHARACTER_EDITS_FILE}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temporary, `${JSON.stringify({ edits }, null, 2)}\n`, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new IngestError('write-failed', `Could not save the character edits in ${bookFolder}: ${(error as Error).message}`, { cause: error });
  }
}
