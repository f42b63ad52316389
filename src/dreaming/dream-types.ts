import { z } from 'zod';
import type { MemoryItem, MemoryKind } from '../memory/types.ts';

/** Kinds a dream may consolidate; passages and turns are evidence and are never changed. */
export const CONSOLIDATED_KINDS: readonly MemoryKind[] = ['reflection', 'insight', 'visitor_fact'];

/** Kinds memory versions hold: the consolidated ones and strategies (which only dreams write, and retrieval never returns). */
export const VERSIONED_KINDS: readonly MemoryKind[] = [...CONSOLIDATED_KINDS, 'strategy'];

/** Whether an item belongs to memory versions (a dream may touch it; rollback restores it). */
export function isConsolidated(item: MemoryItem): boolean {
  return VERSIONED_KINDS.includes(item.kind);
}

/** A strategy rests on at least this many turns. */
export const MIN_STRATEGY_EVIDENCE = 3;

const reason = z.string().min(1).max(500);
const id = z.string().min(1).max(300);

/** Near-duplicates become one item whose text keeps what each said. */
export const mergeOperationSchema = z.object({
  type: z.literal('merge'),
  ids: z.array(id).min(2).max(50),
  text: z.string().min(1).max(4_000),
  reason,
});

/** An older item replaced by a newer one that contradicts or updates it; the old one stays in history. */
export const supersedeOperationSchema = z.object({
  type: z.literal('supersede'),
  oldId: id,
  newId: id,
  reason,
});

/** A new item drawn across several sessions, citing its evidence (turn ids or item ids). */
export const insightOperationSchema = z.object({
  type: z.literal('insight'),
  text: z.string().min(1).max(2_000),
  evidence: z.array(id).min(1).max(200),
  /** Earlier insights this one brings up to date; they stay in history, superseded. */
  replaces: z.array(id).max(20).optional(),
  reason,
});

/** A trivial or redundant item dropped from the current version (never from the journal). */
export const forgetOperationSchema = z.object({
  type: z.literal('forget'),
  id,
  reason,
});

/**
 * A rule about how the character talks to visitors, drawn from how its replies were taken (ratings
 * and implicit signals), citing the character turns it rests on; it may set one voice parameter
 * (memory/strategy-rules.ts). It never holds visitor text and never overrides the card.
 */
export const strategyOperationSchema = z.object({
  type: z.literal('strategy'),
  text: z.string().min(1).max(300),
  evidence: z.array(id).min(3).max(200),
  rule: z.string().min(1).max(40).optional(),
  value: z.string().min(1).max(40).optional(),
  /** Earlier strategies this one brings up to date; they stay in history, superseded. */
  replaces: z.array(id).max(20).optional(),
  reason,
});

/** One operation of a dream, as a model must write it and as the audit log stores it. */
export const dreamOperationSchema = z.discriminatedUnion('type', [
  mergeOperationSchema,
  supersedeOperationSchema,
  insightOperationSchema,
  forgetOperationSchema,
  strategyOperationSchema,
]);

/** One operation of a dream. */
export type DreamOperation = z.infer<typeof dreamOperationSchema>;
/** The operation kinds. */
export type DreamOperationType = DreamOperation['type'];

/** What a model is asked to return. */
export const dreamProposalSchema = z.object({ operations: z.array(dreamOperationSchema).max(500) });

/** An operation the validator refused, and why. */
export interface RefusedOperation {
  operation: DreamOperation;
  reason: string;
}

/** The retrieval check that gates a proposal: probes answered before and after. */
export interface GateFigures {
  bookProbes: number;
  bookHitsBefore: number;
  bookHitsAfter: number;
  factProbes: number;
  factHitsBefore: number;
  factHitsAfter: number;
  /** Questions answered before and not after (at most a few, for the reviewer). */
  lost: string[];
  isPassed: boolean;
  reason: string;
}

/** Where a dream stands. */
export type DreamStatus = 'applied' | 'pending' | 'rejected' | 'refused' | 'preempted' | 'skipped' | 'dry-run' | 'failed';

/** How a dream should end: apply if the gate passes, only propose, or follow the service's review setting. */
export type DreamMode = 'apply' | 'dry-run' | 'auto';

/** One dream, as listed and as written to the audit log. */
export interface DreamRecord {
  dreamId: string;
  character: string;
  status: DreamStatus;
  mode: DreamMode;
  /** Why it ended as it did, in words. */
  reason: string;
  startedAt: string;
  finishedAt: string;
  proposer: 'offline' | 'model';
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** The memory version it started from, and the one it made (when applied). */
  parentVersion: number;
  version?: number;
  sessions: number;
  itemsBefore: number;
  itemsAfter: number;
  operations: DreamOperation[];
  refused: RefusedOperation[];
  gate?: GateFigures;
  /** Who approved or rejected it, and when. */
  decidedBy?: string;
  decidedAt?: string;
}

/** For each operation: the texts it rests on and the text it leaves (null when an item is dropped). */
export interface DreamDiffEntry {
  operation: DreamOperation;
  before: Array<{ id: string; text: string }>;
  after: string | null;
}

/** A dream request that cannot be carried out (unknown dream, not pending, unknown version). */
export class DreamError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DreamError';
  }
}

/** The character a dream id belongs to: ids are `<character>.<time>-<random>`. */
export function characterOfDream(dreamId: string): string {
  return dreamId.split('.')[0] ?? '';
}
