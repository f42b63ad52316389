import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CardError } from './card-error.ts';
import { isCharacterId } from './load-characters.ts';
import { issuesToProblems, parseCardJson } from './validate-card.ts';

/** A question about the book with the chapter (1-based position in reading order) that answers it. */
export const bookProbeSchema = z.object({
  question: z.string().min(2).max(500),
  chapter: z.number().int().positive(),
  /** The heading as printed, e.g. "CHAPTER VII" or "Letter 4". */
  label: z.string().min(1).max(60),
  /** Asked right after the probe before it, as a follow-up ("Do you regret it?"). */
  followUp: z.boolean().optional(),
  /** Why this chapter, when another could also be argued. */
  note: z.string().max(1000).optional(),
});

/** A question about what a visitor said earlier; filled by the measurement work, empty for now. */
export const visitorProbeSchema = z.object({
  question: z.string().min(5).max(500),
  /** The words of the earlier turn that answer it. */
  expected: z.string().min(1).max(2_000).optional(),
}).loose();

/** `characters/<id>/probes.json`: questions for measuring retrieval for one character. */
export const probesSchema = z.object({
  book: z.array(bookProbeSchema).min(1),
  visitor: z.array(visitorProbeSchema).default([]),
});

/** A validated probe set. */
export type Probes = z.infer<typeof probesSchema>;
/** One book probe. */
export type BookProbe = z.infer<typeof bookProbeSchema>;

/** The probe sets a character can have: `probes.json`, `probes-you.json` (second person, with follow-ups), and `probes-aside.json` (written after development ended, never tuned on). */
export type ProbeSet = 'probes' | 'probes-you' | 'probes-aside';

/** Loads and validates `<dir>/<id>/<set>.json`; a bad file throws CardError naming file and field. */
export async function loadProbes(dir: string, id: string, set: ProbeSet = 'probes'): Promise<Probes> {
  const file = path.join(dir, id, `${set}.json`);
  if (!isCharacterId(id)) throw CardError.of(file, '', `"${id}" is not a valid character id`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw CardError.of(file, '', 'cannot read the probes file', error);
  }
  const result = probesSchema.safeParse(parseCardJson(text, file));
  if (!result.success) throw new CardError(issuesToProblems(file, result.error.issues), { cause: result.error });
  return result.data;
}
