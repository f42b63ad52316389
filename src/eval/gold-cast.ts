/**
 * Gold cast files for character discovery (`<novel>.cast.json` beside `<novel>.txt`, or
 * `cast.json` in a corpus book folder): the real people of a novel with their aliases and
 * importance (1 main … 3 minor), its first-person narrators, words that are not characters, and
 * real minor people the list leaves out. Read leniently: casts are written by hand, and only the
 * fields the evaluation needs are required.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readBookMetadata } from '../book/load-corpus.ts';

const personSchema = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    importance: z.number().int().min(1).max(5).default(3),
  })
  .passthrough();

// A narrator may be written as a name, or as a name with the stretch it tells (chapter labels or positions).
const narratorSchema = z.union([
  z.string().min(1).transform((name) => ({ name })),
  z
    .object({
      name: z.string().min(1).optional(),
      speaker: z.string().min(1).optional(),
      character: z.string().min(1).optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      fromChapter: z.number().int().positive().optional(),
      toChapter: z.number().int().positive().optional(),
      startsAt: z.string().optional(),
    })
    .passthrough()
    .refine((value) => value.name ?? value.speaker ?? value.character, 'a narrator needs a name')
    .transform((value) => ({ ...value, name: (value.name ?? value.speaker ?? value.character)! })),
]);

/** The gold cast file's schema. */
export const goldCastSchema = z
  .object({
    book: z.string().optional(),
    chapters: z.number().int().positive().optional(),
    characters: z.array(personSchema).min(1),
    narrators: z.array(narratorSchema).default([]),
    not_characters: z.array(z.union([z.string().transform((text) => ({ text })), z.object({ text: z.string() }).passthrough()])).default([]),
    minor_characters_not_in_gold: z.union([z.record(z.string(), z.unknown()).transform((record) => Object.keys(record)), z.array(z.string())]).default([]),
  })
  .passthrough();

/** A gold cast as read. */
export type GoldCast = z.infer<typeof goldCastSchema>;

/** One novel to evaluate: its text file and its gold cast. */
export interface GoldNovel {
  id: string;
  textFile: string;
  castFile: string;
  cast: GoldCast;
}

/** A gold cast file that cannot be read or does not have the expected shape. */
export class GoldCastError extends Error {
  override name = 'GoldCastError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Reads and validates one gold cast file. */
export async function readGoldCast(file: string): Promise<GoldCast> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new GoldCastError(`Cannot read the gold cast ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = goldCastSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new GoldCastError(`${file} is not a gold cast: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return parsed.data;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((info) => info.isFile(), () => false);
}

/**
 * Finds the novels with a gold cast in a folder: `<name>.cast.json` with `<name>.txt` beside it,
 * and corpus book folders (`<id>/book.json`) holding a `cast.json`.
 */
export async function findGoldNovels(folder: string): Promise<GoldNovel[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    throw new GoldCastError(`Cannot read ${folder}: ${(error as Error).message}`, { cause: error });
  });
  const novels: GoldNovel[] = [];
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.cast.json')) {
      const id = entry.name.slice(0, -'.cast.json'.length);
      const textFile = path.join(folder, `${id}.txt`);
      if (!(await isFile(textFile))) continue;
      const castFile = path.join(folder, entry.name);
      novels.push({ id, textFile, castFile, cast: await readGoldCast(castFile) });
    } else if (entry.isDirectory() && !entry.name.startsWith('.')) {
      const bookFolder = path.join(folder, entry.name);
      const castFile = path.join(bookFolder, 'cast.json');
      if (!(await isFile(castFile)) || !(await isFile(path.join(bookFolder, 'book.json')))) continue;
      const metadata = await readBookMetadata(bookFolder);
      novels.push({ id: metadata.id, textFile: path.join(bookFolder, metadata.text), castFile, cast: await readGoldCast(castFile) });
    }
  }
  return novels.sort((a, b) => a.id.localeCompare(b.id));
}
