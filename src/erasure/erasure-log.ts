import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../dataset/atomic-file.ts';

/** The steps of an erasure, in the order they run. */
export const ERASURE_STEPS = ['journal', 'feedback', 'versions', 'memory', 'reflections', 'dataset', 'hub'] as const;

/** One step of an erasure. */
export type ErasureStep = (typeof ERASURE_STEPS)[number];

const countsSchema = z.object({
  journalTurns: z.number().default(0),
  conversations: z.number().default(0),
  memoryItems: z.number().default(0),
  versionFiles: z.number().default(0),
  versionItems: z.number().default(0),
  auditOperations: z.number().default(0),
  reflections: z.number().default(0),
  quarantined: z.number().default(0),
  reflectionState: z.number().default(0),
  /** Ratings and implicit signals about replies (feedback.jsonl). */
  feedback: z.number().default(0),
  datasetRows: z.record(z.string(), z.number()).default({}),
  hub: z.object({ status: z.string(), deletedShards: z.number(), addedShards: z.number(), commit: z.string().optional(), error: z.string().optional() }).optional(),
});

/** What an erasure took out, per place. */
export type ErasureCounts = z.infer<typeof countsSchema>;

/** What an erasure takes out, decided before anything is touched, so that a resumed one takes out the same. */
const planSchema = z.object({
  visitor: z.string(),
  /** The visitor's published pseudonym. */
  pseudonym: z.string(),
  characters: z.array(z.string()),
  conversations: z.array(z.string()),
  /** Everything erased by id: turns, conversations, facts, private items, withdrawn reflections and insights. */
  ids: z.array(z.string()),
  /** The visitor's sentences and facts, which no kept text may quote. */
  quotes: z.array(z.string()),
  /** Dataset shards written without the erased rows, and the shards they replace (deleted after). */
  shards: z.object({ created: z.array(z.string()), removed: z.array(z.string()) }).optional(),
});

/** The decided content of an erasure. */
export type ErasurePlan = z.infer<typeof planSchema>;

const intentSchema = z.object({
  id: z.string(),
  /** SHA-256 of the visitor id, kept after the erasure as its receipt. */
  visitorHash: z.string(),
  character: z.string().optional(),
  requestedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(['pending', 'done']),
  done: z.array(z.enum(ERASURE_STEPS)),
  counts: countsSchema,
  /** Dropped once the erasure is done: it names the visitor. */
  plan: planSchema.optional(),
});

/** An erasure as persisted in `erasures.json`: asked for, under way, or done. */
export type ErasureIntent = z.infer<typeof intentSchema>;

const fileSchema = z.object({ erasures: z.array(intentSchema) });

/** The persisted erasures of a DATA_DIR. */
export interface ErasureLog {
  list(): Promise<ErasureIntent[]>;
  /** Writes an erasure (new or updated) atomically, so a crash leaves the old state or the new one. */
  save(intent: ErasureIntent): Promise<void>;
}

/** An `erasures.json` that cannot be read: erasures cannot be resumed until it is fixed. */
export class ErasureLogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ErasureLogError';
  }
}

/** The erasure log at `path`. */
export function createErasureLog(path: string): ErasureLog {
  let queue: Promise<unknown> = Promise.resolve();
  async function read(): Promise<ErasureIntent[]> {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new ErasureLogError(`cannot read ${path}`, { cause: error });
    });
    if (text === undefined) return [];
    const parsed = fileSchema.safeParse((() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })());
    if (!parsed.success) throw new ErasureLogError(`${path} is not a valid erasure log; erasures cannot resume until it is fixed`);
    return parsed.data.erasures;
  }
  return {
    list: () => read(),
    save(intent) {
      const next = queue.then(async () => {
        const erasures = (await read()).filter((entry) => entry.id !== intent.id);
        await writeFileAtomic(path, Buffer.from(`${JSON.stringify({ erasures: [...erasures, intentSchema.parse(intent)] }, null, 1)}\n`));
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
