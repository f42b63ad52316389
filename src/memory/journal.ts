import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { TurnRecord } from './types.ts';

/** The journal could not be written (disk full, I/O error, closed): the turn is not durable. */
export class JournalError extends Error {
  /** The system error code when there is one (ENOSPC, EIO, ...). */
  readonly code: string | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalError';
    const cause = options?.cause as { code?: unknown } | undefined;
    this.code = typeof cause?.code === 'string' ? cause.code : undefined;
  }
}

/** Options of `createJournal`. */
export interface JournalOptions {
  /** The JSON-lines file; its parent folders are created. */
  path: string;
  /** Told about lines skipped on replay and torn lines repaired on append. */
  onWarning?: (message: string) => void;
}

/** An append-only, fsynced log of conversation turns, one JSON line each. */
export interface Journal {
  /** Appends one turn; resolves only once the line is fsynced to disk. Rejects with `JournalError`. */
  append(turn: TurnRecord): Promise<void>;
  /** Reads every valid turn back; torn or corrupt lines are skipped and counted, never fatal. */
  replay(): Promise<{ turns: TurnRecord[]; skipped: number }>;
  /** Waits for pending appends and closes the file. */
  close(): Promise<void>;
}

const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
});

/** The schema a journal line must satisfy. */
export const turnRecordSchema = z.object({
  id: z.string().min(1),
  character: z.string().min(1),
  visitor: z.string().min(1),
  conversationId: z.string().min(1),
  role: z.enum(['visitor', 'character']),
  text: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  provider: z.string().optional(),
  model: z.string().optional(),
  usage: usageSchema.optional(),
  isPartial: z.boolean().optional(),
  error: z.string().optional(),
});

const NEWLINE = 0x0a;

/** Opens (lazily) a journal at `options.path`. */
export function createJournal(options: JournalOptions): Journal {
  const warn = options.onWarning ?? (() => {});
  let handle: FileHandle | undefined;
  let isClosed = false;
  // Every operation runs after the previous one, so lines never interleave.
  let queue: Promise<unknown> = Promise.resolve();

  function enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = queue.then(operation);
    queue = result.catch(() => undefined);
    return result;
  }

  async function openHandle(): Promise<FileHandle> {
    if (handle) return handle;
    await mkdir(dirname(options.path), { recursive: true });
    const opened = await open(options.path, 'a+');
    const { size } = await opened.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await opened.read(last, 0, 1, size - 1);
      // A crash mid-write left a line without its newline: start ours on a fresh line.
      if (last[0] !== NEWLINE) {
        warn(`journal ${options.path} ended in a torn line; the next turn starts on a new line`);
        await opened.appendFile('\n');
      }
    }
    handle = opened;
    return opened;
  }

  return {
    append(turn) {
      const parsed = turnRecordSchema.safeParse(turn);
      if (!parsed.success) {
        return Promise.reject(new JournalError(`invalid turn for the journal: ${z.prettifyError(parsed.error)}`, { cause: parsed.error }));
      }
      const line = `${JSON.stringify(turn)}\n`;
      return enqueue(async () => {
        if (isClosed) throw new JournalError(`journal ${options.path} is closed`);
        let file: FileHandle | undefined;
        let sizeBefore: number | undefined;
        try {
          file = await openHandle();
          sizeBefore = (await file.stat()).size;
          await file.appendFile(line, 'utf8');
          await file.sync();
        } catch (error) {
          // A write cut short (disk full) must not leave a torn line that the next turn would glue onto.
          if (file && sizeBefore !== undefined) await file.truncate(sizeBefore).catch(() => undefined);
          const code = (error as { code?: string }).code ?? 'unknown';
          throw new JournalError(`could not write turn ${turn.id} to the journal ${options.path} (${code})`, { cause: error });
        }
      });
    },
    replay() {
      return enqueue(async () => {
        let text: string;
        try {
          text = await readFile(options.path, 'utf8');
        } catch (error) {
          if ((error as { code?: string }).code === 'ENOENT') return { turns: [], skipped: 0 };
          throw new JournalError(`could not read the journal ${options.path}`, { cause: error });
        }
        const turns: TurnRecord[] = [];
        let skipped = 0;
        const lines = text.split('\n');
        lines.forEach((line, index) => {
          if (line.trim() === '') return;
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            value = undefined;
          }
          const parsed = turnRecordSchema.safeParse(value);
          if (parsed.success) {
            turns.push(parsed.data);
            return;
          }
          skipped += 1;
          const isLast = index === lines.length - 1;
          warn(`journal ${options.path} line ${index + 1} skipped: ${isLast ? 'torn (no newline, a crash mid-write?)' : 'not a valid turn'}`);
        });
        return { turns, skipped };
      });
    },
    close() {
      return enqueue(async () => {
        isClosed = true;
        await handle?.close();
        handle = undefined;
      });
    },
  };
}
