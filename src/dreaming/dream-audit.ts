import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MemoryItem } from '../memory/types.ts';
import { dreamOperationSchema, type DreamRecord } from './dream-types.ts';

/** One line of `dreams.jsonl`: a dream as it ended, a decision on it, or a rollback. */
export type AuditEntry =
  | { type: 'dream'; at: string; record: DreamRecord }
  | { type: 'decision'; at: string; dreamId: string; decision: 'approved' | 'rejected'; by: string; version?: number; reason: string }
  | { type: 'rollback'; at: string; character: string; from: number; to: number; by: string };

const gateSchema = z.object({
  bookProbes: z.number(), bookHitsBefore: z.number(), bookHitsAfter: z.number(),
  factProbes: z.number(), factHitsBefore: z.number(), factHitsAfter: z.number(),
  lost: z.array(z.string()), isPassed: z.boolean(), reason: z.string(),
});

const recordSchema = z.object({
  dreamId: z.string(), character: z.string(),
  status: z.enum(['applied', 'pending', 'rejected', 'refused', 'preempted', 'skipped', 'dry-run', 'failed']),
  mode: z.enum(['apply', 'dry-run', 'auto']), reason: z.string(), startedAt: z.string(), finishedAt: z.string(),
  proposer: z.enum(['offline', 'model']), provider: z.string(), model: z.string(),
  inputTokens: z.number(), outputTokens: z.number(), parentVersion: z.number(), version: z.number().optional(),
  sessions: z.number(), itemsBefore: z.number(), itemsAfter: z.number(),
  operations: z.array(dreamOperationSchema),
  refused: z.array(z.object({ operation: dreamOperationSchema, reason: z.string() })),
  gate: gateSchema.optional(), decidedBy: z.string().optional(), decidedAt: z.string().optional(),
});

const entrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dream'), at: z.string(), record: recordSchema }),
  z.object({ type: z.literal('decision'), at: z.string(), dreamId: z.string(), decision: z.enum(['approved', 'rejected']), by: z.string(), version: z.number().optional(), reason: z.string() }),
  z.object({ type: z.literal('rollback'), at: z.string(), character: z.string(), from: z.number(), to: z.number(), by: z.string() }),
]);

/** Where dream records go beyond the local log: the dataset (see the report for the columns). */
export interface DreamSink {
  /** Public items a dream created (merged reflections, insights), for the `dreams` config. */
  writeItems(items: MemoryItem[]): Promise<void>;
  /** Audit entries flattened to rows, for a `dream_audit` config. */
  writeAudit(rows: DreamAuditRow[]): Promise<void>;
}

/** One audit entry as a flat dataset row. */
export interface DreamAuditRow {
  id: string;
  character: string;
  event: 'dream' | 'approved' | 'rejected' | 'rollback';
  dreamId: string | null;
  status: string | null;
  createdAt: string;
  by: string | null;
  fromVersion: number | null;
  toVersion: number | null;
  operations: number;
  itemsBefore: number | null;
  itemsAfter: number | null;
  gateBefore: number | null;
  gateAfter: number | null;
  /** The whole entry as JSON, for anything the columns leave out (operation texts of private items excluded). */
  details: string;
}

/** Flattens an audit entry into a dataset row; private texts never go into it. */
export function auditRow(entry: AuditEntry, character: string): DreamAuditRow {
  const base = { character, createdAt: entry.at, by: null, fromVersion: null, toVersion: null, operations: 0, itemsBefore: null, itemsAfter: null, gateBefore: null, gateAfter: null, dreamId: null, status: null };
  if (entry.type === 'dream') {
    const { record } = entry;
    const gate = record.gate;
    const summary = { ...record, operations: record.operations.map((operation) => ({ type: operation.type, reason: operation.reason })), refused: record.refused.map((refused) => refused.reason) };
    return {
      ...base, id: `${record.dreamId}:dream`, event: 'dream', dreamId: record.dreamId, status: record.status,
      fromVersion: record.parentVersion, toVersion: record.version ?? null, operations: record.operations.length,
      itemsBefore: record.itemsBefore, itemsAfter: record.itemsAfter,
      gateBefore: gate ? gate.bookHitsBefore + gate.factHitsBefore : null, gateAfter: gate ? gate.bookHitsAfter + gate.factHitsAfter : null,
      details: JSON.stringify(summary),
    };
  }
  if (entry.type === 'decision') {
    return { ...base, id: `${entry.dreamId}:${entry.decision}`, event: entry.decision, dreamId: entry.dreamId, by: entry.by, toVersion: entry.version ?? null, details: JSON.stringify(entry) };
  }
  return { ...base, id: `rollback:${entry.at}:${entry.to}`, event: 'rollback', by: entry.by, fromVersion: entry.from, toVersion: entry.to, details: JSON.stringify(entry) };
}

/** The append-only audit log of one character: `<directory>/dreams.jsonl`. */
export interface DreamAuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Every entry, oldest first; a torn last line (crash mid-append) is skipped. */
  entries(): Promise<AuditEntry[]>;
}

/** Opens the audit log in a character's memory folder. */
export function createDreamAuditLog(directory: string): DreamAuditLog {
  const file = path.join(directory, 'dreams.jsonl');
  return {
    async append(entry) {
      await mkdir(directory, { recursive: true });
      await appendFile(file, `${JSON.stringify(entry)}\n`);
      const handle = await open(file, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async entries() {
      const text = await readFile(file, 'utf8').catch(() => '');
      const entries: AuditEntry[] = [];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          continue;
        }
        const parsed = entrySchema.safeParse(value);
        if (parsed.success) entries.push(parsed.data as AuditEntry);
      }
      return entries;
    },
  };
}

/** Folds the log into the dreams as they stand now (decisions applied), oldest first. */
export function foldDreams(entries: readonly AuditEntry[]): DreamRecord[] {
  const byId = new Map<string, DreamRecord>();
  for (const entry of entries) {
    if (entry.type === 'dream') byId.set(entry.record.dreamId, entry.record);
    if (entry.type === 'decision') {
      const record = byId.get(entry.dreamId);
      if (record) {
        byId.set(entry.dreamId, {
          ...record,
          status: entry.decision === 'approved' ? (entry.version !== undefined ? 'applied' : 'refused') : 'rejected',
          reason: entry.reason,
          decidedBy: entry.by,
          decidedAt: entry.at,
          ...(entry.version !== undefined ? { version: entry.version } : {}),
        });
      }
    }
  }
  return [...byId.values()];
}
