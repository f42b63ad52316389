import { appendFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Purpose, Usage } from './provider.ts';

const usageEntrySchema = z.object({
  at: z.string(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  provider: z.string().min(1),
  model: z.string(),
  purpose: z.enum(['chat', 'reflection', 'dream']),
  isPaid: z.boolean(),
  isPartial: z.boolean().optional(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
});

/** One reply's usage as recorded (one JSON line in the ledger file). */
export type UsageEntry = z.infer<typeof usageEntrySchema>;

/** What the cascade hands the ledger after a reply. */
export interface UsageRecord {
  provider: string;
  model: string;
  purpose: Purpose;
  isPaid: boolean;
  usage: Usage;
  isPartial?: boolean;
}

/** Totals for one day, provider and purpose (GET /api/usage). */
export interface UsageSummaryRow extends Usage {
  day: string;
  provider: string;
  purpose: Purpose;
  replies: number;
}

/** Usage per reply, summed per day; optionally persisted as JSON lines. */
export interface UsageLedger {
  record(record: UsageRecord): UsageEntry;
  /** Totals per day, provider and purpose, oldest day first. */
  summary(): UsageSummaryRow[];
  /** Tokens (input, output, cache read and write) spent on `day` by entries that match. */
  tokensSpent(filter: { day: string; purposes?: Purpose[]; isPaid?: boolean }): number;
  /** The UTC day (YYYY-MM-DD) that `now` falls on. */
  today(): string;
  /** Resolves when every recorded entry is on disk; rejects with the first write error. */
  flush(): Promise<void>;
}

/** Options for {@link createUsageLedger}. */
export interface UsageLedgerOptions {
  /** JSON-lines file; loaded when it exists, appended to on each record. In memory only when absent. */
  path?: string;
  now?: () => Date;
  /** Where to report lines of the file that could not be read (a torn last line after a crash). */
  log?: (line: string) => void;
}

/** Thrown by `flush()` when the ledger file cannot be written. */
export class UsageLedgerError extends Error {
  constructor(message: string, options: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageLedgerError';
  }
}

/** Total tokens of one usage, as the budget counts them. */
export function totalTokens(usage: Usage): number {
  return usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}

/** One total: a day, provider, purpose and paid-or-not, with its tokens and replies. */
interface Total extends UsageSummaryRow {
  isPaid: boolean;
}

/**
 * Creates a ledger, reloading `path` when it exists. It keeps totals per day, provider, purpose
 * and paid-or-not, not every reply, so its memory does not grow with the number of replies.
 */
export function createUsageLedger(options: UsageLedgerOptions = {}): UsageLedger {
  const now = options.now ?? (() => new Date());
  const totals = new Map<string, Total>();
  let writing: Promise<void> = options.path ? mkdir(dirname(options.path), { recursive: true }).then(() => {}) : Promise.resolve();
  let writeError: unknown = null;

  function add(entry: UsageEntry): void {
    const key = `${entry.day}\u0000${entry.provider}\u0000${entry.purpose}\u0000${entry.isPaid}`;
    let total = totals.get(key);
    if (!total) {
      total = { day: entry.day, provider: entry.provider, purpose: entry.purpose, isPaid: entry.isPaid, replies: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
      totals.set(key, total);
    }
    total.replies += 1;
    total.inputTokens += entry.inputTokens;
    total.outputTokens += entry.outputTokens;
    total.cacheReadTokens += entry.cacheReadTokens;
    total.cacheWriteTokens += entry.cacheWriteTokens;
  }
  if (options.path) for (const entry of loadEntries(options.path, options.log)) add(entry);

  return {
    record(record) {
      const at = now();
      const entry: UsageEntry = {
        at: at.toISOString(),
        day: at.toISOString().slice(0, 10),
        provider: record.provider,
        model: record.model,
        purpose: record.purpose,
        isPaid: record.isPaid,
        ...(record.isPartial ? { isPartial: true } : {}),
        ...record.usage,
      };
      add(entry);
      const path = options.path;
      if (path) {
        // Appends are chained so lines never interleave; a failure is kept for flush().
        writing = writing
          .then(() => appendFile(path, `${JSON.stringify(entry)}\n`, 'utf8'))
          .catch((error: unknown) => {
            writeError ??= error;
          });
      }
      return entry;
    },
    summary() {
      const rows = new Map<string, UsageSummaryRow>();
      for (const total of totals.values()) {
        const key = `${total.day}\u0000${total.provider}\u0000${total.purpose}`;
        const row = rows.get(key) ?? { day: total.day, provider: total.provider, purpose: total.purpose, replies: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
        row.replies += total.replies;
        row.inputTokens += total.inputTokens;
        row.outputTokens += total.outputTokens;
        row.cacheReadTokens += total.cacheReadTokens;
        row.cacheWriteTokens += total.cacheWriteTokens;
        rows.set(key, row);
      }
      return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.provider.localeCompare(b.provider) || a.purpose.localeCompare(b.purpose));
    },
    tokensSpent(filter) {
      let sum = 0;
      for (const total of totals.values()) {
        if (total.day !== filter.day) continue;
        if (filter.purposes && !filter.purposes.includes(total.purpose)) continue;
        if (filter.isPaid !== undefined && total.isPaid !== filter.isPaid) continue;
        sum += totalTokens(total);
      }
      return sum;
    },
    today() {
      return now().toISOString().slice(0, 10);
    },
    async flush() {
      await writing;
      if (writeError !== null) throw new UsageLedgerError(`could not write the usage ledger ${options.path}`, { cause: writeError });
    },
  };
}

function loadEntries(path: string, log: ((line: string) => void) | undefined): UsageEntry[] {
  if (!existsSync(path)) return [];
  const entries: UsageEntry[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const result = usageEntrySchema.safeParse(parsed);
    if (result.success) entries.push(result.data);
    else log?.(`usage ledger ${path}: line ${index + 1} is not a usage entry, skipped`);
  });
  return entries;
}
