/**
 * Reading books from the corpus folder: each book is a folder with a `book.json` (id, title,
 * author, source, licence, text file name, optional narrators) beside its text.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Book, SpeakerAliases } from './types.ts';
import { decodeText } from './decode-text.ts';
import { parseBook } from './parse-book.ts';

/** The metadata file of one book in the corpus. */
export const bookMetadataSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, "-" or "_", at most 100'),
  title: z.string().min(1).max(500),
  author: z.string().min(1).max(500),
  source: z.string().min(1).max(1000),
  licence: z.string().min(1).max(1000),
  text: z.string().min(1).max(500).refine((name) => !name.includes('..') && !path.isAbsolute(name), 'a file name inside the book folder'),
  narrators: z
    .array(
      z.object({
        fromChapter: z.number().int().positive(),
        toChapter: z.number().int().positive(),
        speaker: z.string().min(1).max(200),
        startsAt: z.string().min(1).max(500).optional(),
      }),
    )
    .optional(),
});

/** What `book.json` holds. */
export type BookMetadata = z.infer<typeof bookMetadataSchema>;

/** Thrown when a corpus folder or its `book.json` cannot be read or is invalid. */
export class CorpusError extends Error {
  override name = 'CorpusError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Reads and validates a book folder's `book.json`. */
export async function readBookMetadata(dir: string): Promise<BookMetadata> {
  const file = path.join(dir, 'book.json');
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new CorpusError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new CorpusError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = bookMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CorpusError(`${file} is invalid: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** Options for `loadBook`. */
export interface LoadBookOptions {
  speakers?: SpeakerAliases[];
}

/** Loads and parses one book folder (its `book.json` and text). */
export async function loadBook(dir: string, options: LoadBookOptions = {}): Promise<Book> {
  const metadata = await readBookMetadata(dir);
  const textFile = path.join(dir, metadata.text);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(textFile);
  } catch (error) {
    throw new CorpusError(`Cannot read the text of book "${metadata.id}" at ${textFile}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseBook(decodeText(bytes), {
    id: metadata.id,
    title: metadata.title,
    author: metadata.author,
    ...(options.speakers ? { speakers: options.speakers } : {}),
    ...(metadata.narrators ? { narrators: metadata.narrators } : {}),
  });
}

/** Lists the ids of the books in a corpus folder (sub-folders holding a `book.json`), sorted. */
export async function listCorpus(corpusDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(corpusDir, { withFileTypes: true });
  } catch (error) {
    throw new CorpusError(`Cannot read the corpus folder ${corpusDir}: ${(error as Error).message}`, { cause: error });
  }
  const ids: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const isBook = await stat(path.join(corpusDir, entry.name, 'book.json')).then(
      (info) => info.isFile(),
      () => false,
    );
    if (isBook) ids.push((await readBookMetadata(path.join(corpusDir, entry.name))).id);
  }
  return ids.sort();
}
