import { randomUUID } from 'node:crypto';
import type { Conversation } from '../chat/conversations.ts';
import { removeShards, rewriteShardsWithout, toShardChange, type ShardRewrite } from '../dataset/erase-rows.ts';
import type { ShardChange, SyncResult } from '../dataset/hub-sync.ts';
import type { DatasetRecord } from '../dataset/row-codec.ts';
import { eraseFromVersions, isErasedItem, quotesVisitor, type MemoryErasure } from '../dreaming/erase-versions.ts';
import type { MemoryVersions } from '../dreaming/memory-versions.ts';
import { visitorHash, type JournalErasure, type JournalErasureResult } from '../memory/journal.ts';
import type { MemoryItem, ReflectionRecord, RetrievalFilter } from '../memory/types.ts';
import { ERASURE_STEPS, type ErasureCounts, type ErasureIntent, type ErasureLog, type ErasurePlan, type ErasureStep } from './erasure-log.ts';
import { planErasure, type ErasureCandidate } from './erasure-plan.ts';

/** What an erasure acts through; `erasure-setup.ts` wires the real objects. */
export interface ErasureDeps {
  log: ErasureLog;
  /** Every character id. */
  characters(): string[];
  journal: { erase(erasure: JournalErasure): Promise<JournalErasureResult> };
  /** Ratings and implicit signals about replies; the file is rewritten without the visitor's. */
  feedback?: { erase(request: { visitor: string; character?: string }): Promise<number> };
  conversations: { conversationsOf(visitor: string, character?: string): Conversation[]; forget(visitor: string, character?: string): number };
  pseudonym(visitor: string): string;
  memory(characterId: string): { items(filter?: RetrievalFilter, options?: { includeSuperseded?: boolean }): MemoryItem[]; remove(id: string): boolean } | undefined;
  versions: MemoryVersions;
  dreams: { forget(characterId: string, isErased: (item: MemoryItem) => boolean): number };
  /** Rewrites the index checkpoints of these characters, so no file on disk keeps the erased items' words. */
  saveIndexes?: (characters: string[]) => Promise<void>;
  reflections: {
    /** Every reflection record of the dataset, accepted or not. */
    records(): Promise<ReflectionRecord[]>;
    forget(isErased: (entry: { id: string; conversationId?: string; text: string }) => boolean, conversations: ReadonlySet<string>): Promise<{ diary: number; quarantined: number; state: number }>;
  };
  dataset: {
    directory: string;
    /** The configs shards may exist for (published or not: local copies are rewritten too). */
    configs: readonly string[];
    isHubEnabled: boolean;
    replaceShards(change: ShardChange): Promise<SyncResult>;
  };
  now?: () => Date;
  /** Called after each step is recorded; a test throws here to crash an erasure halfway. */
  afterStep?: (step: ErasureStep) => void | Promise<void>;
}

/** What one erasure did. */
export interface ErasureResult {
  erasureId: string;
  status: 'done' | 'pending';
  character?: string;
  counts: ErasureCounts;
}

/** Erasing a visitor: asked for now, or resumed after a crash. */
export interface Erasure {
  /** Erases what a visitor told every character, or one; resolves once every step has run. */
  erase(request: { visitor: string; character?: string }): Promise<ErasureResult>;
  /** Finishes erasures a crash left half done; call at start, once memory is loaded. */
  resume(): Promise<ErasureResult[]>;
}

const emptyCounts = (): ErasureCounts => ({ journalTurns: 0, conversations: 0, memoryItems: 0, versionFiles: 0, versionItems: 0, auditOperations: 0, reflections: 0, quarantined: 0, reflectionState: 0, feedback: 0, datasetRows: {} });

function memoryErasure(plan: ErasurePlan): MemoryErasure {
  return { ids: new Set(plan.ids), visitors: new Set([plan.visitor, plan.pseudonym]), quotes: plan.quotes };
}

/** Whether a dataset row goes: the visitor's (pseudonymous) rows, and anything resting on or quoting what is erased. */
function isErasedRow(config: string, row: DatasetRecord, plan: ErasurePlan, erasure: MemoryErasure): boolean {
  const text = typeof row.text === 'string' ? row.text : typeof row.details === 'string' ? row.details : '';
  const inScope = typeof row.character !== 'string' || plan.characters.includes(row.character);
  if (!inScope) return false;
  if (typeof row.id === 'string' && erasure.ids.has(row.id)) return true;
  if (typeof row.visitor === 'string' && erasure.visitors.has(row.visitor)) return true;
  if (typeof row.conversationId === 'string' && erasure.ids.has(row.conversationId)) return true;
  const rests = [...(Array.isArray(row.evidence) ? row.evidence : []), ...(Array.isArray(row.source) ? row.source : [])];
  if (rests.some((id) => typeof id === 'string' && erasure.ids.has(id))) return true;
  return config !== 'conversations' && quotesVisitor(text, erasure.quotes);
}

/** Creates the erasure; one runs at a time. */
export function createErasure(deps: ErasureDeps): Erasure {
  const now = deps.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function gather(visitor: string, characters: string[]): Promise<ErasurePlan> {
    const pseudonym = deps.pseudonym(visitor);
    const conversations = characters.flatMap((character) => deps.conversations.conversationsOf(visitor, character));
    const visitorItems: MemoryItem[] = [];
    const candidates = new Map<string, ErasureCandidate>();
    const addCandidate = (candidate: ErasureCandidate) => {
      const known = candidates.get(candidate.id);
      candidates.set(candidate.id, known ? { ...known, rests: [...known.rests, ...candidate.rests] } : candidate);
    };
    // A strategy resting on the visitor's replies goes with them, like an insight.
    const shared = (item: MemoryItem) => item.visitor === undefined && (item.kind === 'reflection' || item.kind === 'insight' || item.kind === 'strategy');
    for (const character of characters) {
      const store = deps.memory(character);
      const items = store ? [...store.items({ visitor }, { includeSuperseded: true }), ...store.items({ visitor: pseudonym }, { includeSuperseded: true })] : [];
      for (const item of items) {
        if (item.visitor === visitor || item.visitor === pseudonym) visitorItems.push(item);
        else if (shared(item)) addCandidate({ id: item.id, character, rests: [...item.source, ...(item.conversationId ? [item.conversationId] : [])], text: item.text });
      }
      for (const meta of await deps.versions.list(character)) {
        for (const item of (await deps.versions.read(character, meta.version))?.items ?? []) {
          if (item.visitor === visitor || item.visitor === pseudonym) visitorItems.push(item);
          else if (shared(item)) addCandidate({ id: item.id, character, rests: item.source, text: item.text });
        }
      }
    }
    for (const record of await deps.reflections.records()) {
      addCandidate({ id: record.id, character: record.character, rests: [...record.evidence, ...(record.conversationId ? [record.conversationId] : [])], text: record.text });
    }
    return planErasure({ visitor, pseudonym, characters, conversations, visitorItems, candidates: [...candidates.values()] });
  }

  async function runStep(intent: ErasureIntent, step: ErasureStep): Promise<void> {
    const plan = intent.plan!;
    const erasure = memoryErasure(plan);
    const counts = intent.counts;
    const isErased = (item: MemoryItem) => isErasedItem(item, erasure);
    switch (step) {
      case 'journal': {
        const result = await deps.journal.erase({ visitor: plan.visitor, ...(intent.character ? { character: intent.character } : {}), erasure: intent.id, at: intent.requestedAt });
        counts.journalTurns += result.turns + result.damagedLines;
        return;
      }
      case 'feedback':
        for (const character of plan.characters) {
          counts.feedback += (await deps.feedback?.erase({ visitor: plan.visitor, character })) ?? 0;
          counts.feedback += (await deps.feedback?.erase({ visitor: plan.pseudonym, character })) ?? 0;
        }
        return;
      case 'versions':
        for (const character of plan.characters) {
          const result = await eraseFromVersions(deps.versions, character, erasure);
          counts.versionFiles += result.files;
          counts.versionItems += result.items;
          counts.auditOperations += result.operations;
        }
        return;
      case 'memory':
        for (const character of plan.characters) {
          deps.conversations.forget(plan.visitor, character);
          const store = deps.memory(character);
          if (store) {
            const items = [...store.items({ visitor: plan.visitor }, { includeSuperseded: true }), ...store.items({ visitor: plan.pseudonym }, { includeSuperseded: true })];
            for (const item of new Map(items.map((entry) => [entry.id, entry])).values()) if (isErased(item) && store.remove(item.id)) counts.memoryItems += 1;
          }
          deps.dreams.forget(character, isErased);
        }
        await deps.saveIndexes?.(plan.characters);
        counts.conversations = plan.conversations.length;
        return;
      case 'reflections': {
        const result = await deps.reflections.forget(
          (entry) => erasure.ids.has(entry.id) || (entry.conversationId !== undefined && erasure.ids.has(entry.conversationId)) || quotesVisitor(entry.text, erasure.quotes),
          new Set(plan.conversations),
        );
        counts.reflections += result.diary;
        counts.quarantined += result.quarantined;
        counts.reflectionState += result.state;
        return;
      }
      case 'dataset': {
        const rewrites: ShardRewrite[] = [];
        for (const config of deps.dataset.configs) rewrites.push(await rewriteShardsWithout(deps.dataset.directory, config, (row) => isErasedRow(config, row, plan, erasure)));
        for (const rewrite of rewrites) if (rewrite.rows > 0) counts.datasetRows[rewrite.config] = (counts.datasetRows[rewrite.config] ?? 0) + rewrite.rows;
        const change = toShardChange(rewrites);
        // The new shards are recorded before the old ones go: a crash leaves both, never neither.
        plan.shards = { created: [...(plan.shards?.created ?? []), ...change.created], removed: [...(plan.shards?.removed ?? []), ...change.removed] };
        await deps.log.save(intent);
        await removeShards(plan.shards.removed);
        return;
      }
      case 'hub': {
        const change = plan.shards ?? { created: [], removed: [] };
        if (!deps.dataset.isHubEnabled) {
          counts.hub = { status: 'disabled', deletedShards: 0, addedShards: 0 };
          return;
        }
        const result = await deps.dataset.replaceShards(change);
        counts.hub = { status: result.status, deletedShards: result.deleted.length, addedShards: result.uploaded.filter((path) => path.startsWith('data/')).length, ...(result.commitOid ? { commit: result.commitOid } : {}), ...(result.error ? { error: result.error } : {}) };
        if (result.status === 'failed') throw new ErasureIncompleteError(`the Hub did not take the erasure: ${result.error ?? 'unknown error'}; it is retried at the next start and sync`);
        return;
      }
    }
  }

  async function run(intent: ErasureIntent): Promise<ErasureResult> {
    for (const step of ERASURE_STEPS) {
      if (intent.done.includes(step)) continue;
      try {
        await runStep(intent, step);
      } catch (error) {
        if (!(error instanceof ErasureIncompleteError)) throw error;
        // Everything local is done; the Hub is retried by the sync queue and at the next start.
        await deps.log.save(intent);
        return { erasureId: intent.id, status: 'pending', ...(intent.character ? { character: intent.character } : {}), counts: intent.counts };
      }
      intent.done.push(step);
      await deps.log.save(intent);
      await deps.afterStep?.(step);
    }
    const finished: ErasureIntent = { ...intent, status: 'done', finishedAt: now().toISOString() };
    delete finished.plan;
    await deps.log.save(finished);
    return { erasureId: intent.id, status: 'done', ...(intent.character ? { character: intent.character } : {}), counts: intent.counts };
  }

  return {
    erase(request) {
      return serial(async () => {
        const characters = request.character ? [request.character] : deps.characters();
        const intent: ErasureIntent = {
          id: randomUUID(),
          visitorHash: visitorHash(request.visitor),
          ...(request.character ? { character: request.character } : {}),
          requestedAt: now().toISOString(),
          status: 'pending',
          done: [],
          counts: emptyCounts(),
          plan: await gather(request.visitor, characters),
        };
        // Persisted before anything is touched, so a crash from here on is resumed, not forgotten.
        await deps.log.save(intent);
        return run(intent);
      });
    },
    resume() {
      return serial(async () => {
        const results: ErasureResult[] = [];
        for (const intent of await deps.log.list()) {
          if (intent.status === 'done' || !intent.plan) continue;
          // Memory was rebuilt by the restart (versions and the Hub may have brought items back): erase it again.
          intent.done = intent.done.filter((step) => step !== 'memory' && step !== 'reflections');
          results.push(await run(intent));
        }
        return results;
      });
    },
  };
}

/** An erasure that could not finish a step now; it stays recorded and is resumed. */
export class ErasureIncompleteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ErasureIncompleteError';
  }
}
