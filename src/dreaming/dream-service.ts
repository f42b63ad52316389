import { randomBytes } from 'node:crypto';
import type { Card } from '../characters/card.ts';
import type { BookProbe } from '../characters/probes.ts';
import type { Conversation } from '../chat/conversations.ts';
import type { Provider } from '../llm/provider.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import type { MemoryItem } from '../memory/types.ts';
import { describeOperations } from './apply-operations.ts';
import { auditRow, createDreamAuditLog, foldDreams, type AuditEntry, type DreamSink } from './dream-audit.ts';
import { DEFAULT_DREAM_MIN_NEW_ITEMS, shouldDream } from './dream-gate.ts';
import { evaluateProposal, type Evaluated, type Prepared } from './evaluate-proposal.ts';
import { DEFAULT_DREAM_MAX_SESSIONS, type DreamInput } from './dream-input.ts';
import { proposeWithModel } from './dream-prompt.ts';
import { characterOfDream, DreamError, VERSIONED_KINDS, type DreamDiffEntry, type DreamMode, type DreamOperation, type DreamRecord } from './dream-types.ts';
import { applyVersionToStore, runtimeItems, type MemoryVersions, type VersionFile, type VersionMeta } from './memory-versions.ts';
import { createRawBaselines, isRaw } from './raw-baselines.ts';
import { proposeOffline } from './offline-proposer.ts';
import type { ReplyOutcome } from './outcomes.ts';

/** Where the service reports what went wrong in the background; console satisfies it. */
export interface DreamLogger {
  error(message: string, details?: unknown): void;
}

/** What the dream service needs; `main.ts` wires these. */
export interface DreamServiceOptions {
  versions: MemoryVersions;
  /** The live memory store of a character. */
  memory(characterId: string): MemoryStore;
  card(characterId: string): Card;
  /** Every conversation with the character, oldest first (ConversationLog.listConversations). */
  conversations(characterId: string): Conversation[];
  /** Book probes of the character (characters/<id>/probes.json `book`); none skips that half of the gate. */
  bookProbes?(characterId: string): BookProbe[];
  /** Public reflections and insights of characters of the same book, for collective dreaming. */
  siblingItems?(characterId: string): MemoryItem[];
  /** How the character's replies were taken (ratings and implicit signals), for strategies; none without. */
  outcomes?(characterId: string, conversations: Conversation[]): Promise<ReplyOutcome[]> | ReplyOutcome[];
  /** A model (the cascade) to propose with; without one, or when it fails, the offline proposer is used. */
  provider?: Provider;
  sink?: DreamSink;
  /** auto: a dream that passes the gate is applied; manual: it waits for approval. */
  review: 'auto' | 'manual';
  maxSessions?: number;
  minNewItems?: number;
  now?: () => Date;
  logger?: DreamLogger;
}

/** A dream with its operations as a readable diff. */
export interface DreamDetail extends DreamRecord {
  diff: DreamDiffEntry[];
}

/** Dreaming: propose, gate, apply or hold for review, audit, roll back. */
export interface DreamService {
  /** Applies the current version to the live store; call at start-up once raw items are loaded. */
  load(characterId: string): Promise<{ version: number; added: number; removed: number }>;
  /** Dreams once. `force` skips the new-material gate (a "dream now" button); never the retrieval gate. */
  dream(characterId: string, options: { mode: DreamMode; signal?: AbortSignal; force?: boolean }): Promise<DreamRecord>;
  list(characterId: string): Promise<DreamRecord[]>;
  get(dreamId: string): Promise<DreamDetail | null>;
  approve(dreamId: string, by: string): Promise<DreamRecord>;
  reject(dreamId: string, by: string): Promise<DreamRecord>;
  versions(characterId: string): Promise<{ current: number; versions: VersionMeta[] }>;
  /** Makes any version current (back or forward); recorded in the audit log. */
  rollback(characterId: string, version: number, by: string): Promise<{ from: number; to: number }>;
  /** Drops erased items from the raw memory a version is rebuilt from (the store and files are the erasure's). */
  forget(characterId: string, isErased: (item: MemoryItem) => boolean): number;
}

/** Creates the dream service. */
export function createDreamService(options: DreamServiceOptions): DreamService {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? console;
  const maxSessions = options.maxSessions ?? DEFAULT_DREAM_MAX_SESSIONS;
  const minNewItems = options.minNewItems ?? DEFAULT_DREAM_MIN_NEW_ITEMS;
  const baselines = createRawBaselines(options.memory);
  const rawItems = (characterId: string) => baselines.items(characterId);
  const running = new Set<string>();
  const audit = (characterId: string) => createDreamAuditLog(options.versions.directoryOf(characterId));

  async function load(characterId: string) {
    const version = await options.versions.current(characterId);
    const file = await options.versions.read(characterId, version);
    if (!baselines.has(characterId) && file === null) {
      // At start the raw items are the store's own objects: when they are all its consolidated items
      // and no version lies over them, applying version 0 would change nothing.
      // Items a checkpoint gave unparsed are raw by construction (it records no dream's item):
      // only the parsed ones are looked at now, and all of them are listed when first needed.
      const store = options.memory(characterId);
      const parsed = store.toSnapshot(VERSIONED_KINDS, { parsedOnly: true }).items;
      if (parsed.every(isRaw)) {
        baselines.capture(characterId, () => store.toSnapshot(VERSIONED_KINDS).items.filter(isRaw));
        return { version, added: 0, removed: 0 };
      }
    }
    return { version, ...applyVersionToStore(options.memory(characterId), rawItems(characterId), file) };
  }

  async function ensureLoaded(characterId: string): Promise<void> {
    if (!baselines.has(characterId)) await load(characterId);
  }

  async function prepare(characterId: string): Promise<Prepared & { file: VersionFile | null; raw: MemoryItem[] }> {
    const parentVersion = await options.versions.current(characterId);
    const file = await options.versions.read(characterId, parentVersion);
    const raw = rawItems(characterId);
    const currentItems = runtimeItems(raw, file);
    const card = options.card(characterId);
    const conversations = options.conversations(characterId).slice(-maxSessions);
    const outcomes = options.outcomes ? await options.outcomes(characterId, conversations) : [];
    const input: DreamInput = {
      character: characterId,
      characterName: card.data.name,
      items: currentItems.filter((item) => item.supersededBy === undefined),
      conversations,
      ...(outcomes.length > 0 ? { outcomes } : {}),
      siblingItems: (options.siblingItems?.(characterId) ?? []).filter((item) => item.visitor === undefined && (item.kind === 'reflection' || item.kind === 'insight')),
      now: now().toISOString(),
    };
    return { parentVersion, parentCovered: file?.coveredIds ?? [], currentItems, input, file, raw };
  }

  async function evaluate(characterId: string, prepared: Prepared, operations: readonly DreamOperation[], dreamId: string): Promise<Evaluated> {
    const version = ((await options.versions.list(characterId)).at(-1)?.version ?? 0) + 1;
    return evaluateProposal({ characterId, card: options.card(characterId), prepared, operations, dreamId, version, bookProbes: options.bookProbes?.(characterId) ?? [], now });
  }

  async function commit(characterId: string, prepared: Prepared, evaluated: Evaluated, dreamId: string, raw: MemoryItem[]): Promise<number> {
    const file = await options.versions.write(characterId, {
      parent: prepared.parentVersion,
      dreamId,
      items: evaluated.nextItems,
      // Everything the parent accounted for (merged or forgotten items included) stays accounted for.
      coveredIds: [...new Set([...(prepared.parentCovered), ...prepared.currentItems.map((item) => item.id)])],
      createdAt: now().toISOString(),
    });
    await options.versions.setCurrent(characterId, file.meta.version, now().toISOString());
    applyVersionToStore(options.memory(characterId), raw, file);
    const created = evaluated.nextItems.filter((item) => item.version === file.meta.version && item.visitor === undefined);
    if (created.length > 0) await toSink(() => options.sink?.writeItems(created));
    return file.meta.version;
  }

  async function toSink(write: () => Promise<void> | undefined): Promise<void> {
    try {
      await write();
    } catch (error) {
      logger.error('dreaming: the dataset sink failed; the audit log still has it', error);
    }
  }

  async function record(characterId: string, entry: AuditEntry): Promise<void> {
    await audit(characterId).append(entry);
    await toSink(() => options.sink?.writeAudit([auditRow(entry, characterId)]));
  }

  async function lastDreamAt(characterId: string): Promise<string | null> {
    const dreams = foldDreams(await audit(characterId).entries()).filter((dream) => !['preempted', 'failed'].includes(dream.status));
    return dreams.at(-1)?.startedAt ?? null;
  }

  async function dream(characterId: string, dreamOptions: { mode: DreamMode; signal?: AbortSignal; force?: boolean }): Promise<DreamRecord> {
    const startedAt = now().toISOString();
    const dreamId = `${characterId}.${startedAt.replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
    const base: DreamRecord = {
      dreamId, character: characterId, status: 'skipped', mode: dreamOptions.mode, reason: '', startedAt, finishedAt: startedAt,
      proposer: 'offline', provider: 'offline', model: 'offline', inputTokens: 0, outputTokens: 0, parentVersion: 0,
      sessions: 0, itemsBefore: 0, itemsAfter: 0, operations: [], refused: [],
    };
    if (running.has(characterId)) return { ...base, reason: 'a dream is already running for this character' };
    running.add(characterId);
    let current = base;
    const finish = async (patch: Partial<DreamRecord>, isLogged = true): Promise<DreamRecord> => {
      current = { ...current, ...patch, finishedAt: now().toISOString() };
      if (isLogged) await record(characterId, { type: 'dream', at: current.finishedAt, record: current });
      return current;
    };
    try {
      await ensureLoaded(characterId);
      const prepared = await prepare(characterId);
      current = { ...current, parentVersion: prepared.parentVersion, sessions: prepared.input.conversations.length, itemsBefore: prepared.input.items.length, itemsAfter: prepared.input.items.length };
      if (!dreamOptions.force) {
        const since = await lastDreamAt(characterId);
        const covered = new Set(prepared.file?.coveredIds ?? []);
        const newItems = prepared.raw.filter((item) => !covered.has(item.id) && (since === null || item.createdAt > since)).length;
        const newConversations = prepared.input.conversations.filter((conversation) => since === null || conversation.lastAt > since).length;
        const decision = shouldDream({ newItems, newConversations }, { minNewItems });
        if (!decision.shouldDream) return await finish({ status: 'skipped', reason: decision.reason }, false);
      }
      let operations: DreamOperation[] | null = null;
      let note = '';
      if (options.provider) {
        try {
          const proposal = await proposeWithModel(options.provider, prepared.input, { signal: dreamOptions.signal });
          current = { ...current, provider: proposal.provider, model: proposal.model, inputTokens: proposal.usage.inputTokens, outputTokens: proposal.usage.outputTokens };
          if (proposal.status === 'proposed') {
            operations = proposal.operations;
            current = { ...current, proposer: 'model' };
          } else note = `; ${proposal.reason}, so the offline proposer stepped in`;
        } catch (error) {
          if (dreamOptions.signal?.aborted) return await finish({ status: 'preempted', reason: 'a visitor arrived; nothing was applied' });
          note = `; the model failed (${error instanceof Error ? error.message : String(error)}), so the offline proposer stepped in`;
        }
      }
      if (dreamOptions.signal?.aborted) return await finish({ status: 'preempted', reason: 'a visitor arrived; nothing was applied' });
      operations ??= proposeOffline(prepared.input);
      const evaluated = await evaluate(characterId, prepared, operations, dreamId);
      const itemsAfter = evaluated.nextItems.filter((item) => item.supersededBy === undefined).length;
      current = { ...current, operations: evaluated.accepted, refused: evaluated.refused, gate: evaluated.gate, itemsAfter };
      if (dreamOptions.signal?.aborted) return await finish({ status: 'preempted', reason: 'a visitor arrived; nothing was applied' });
      if (evaluated.accepted.length === 0) return await finish({ status: 'skipped', reason: `nothing to consolidate${note}` });
      if (dreamOptions.mode === 'dry-run') return await finish({ status: 'dry-run', reason: `proposal only; ${evaluated.gate.reason}${note}` });
      if (!evaluated.gate.isPassed) return await finish({ status: 'refused', reason: `${evaluated.gate.reason}${note}` });
      if (dreamOptions.mode === 'auto' && options.review === 'manual') return await finish({ status: 'pending', reason: `waiting for review; ${evaluated.gate.reason}${note}` });
      const version = await commit(characterId, prepared, evaluated, dreamId, prepared.raw);
      return await finish({ status: 'applied', version, reason: `version ${version} made current${note}` });
    } catch (error) {
      logger.error(`dreaming: ${characterId} failed`, error);
      return await finish({ status: 'failed', reason: error instanceof Error ? error.message : String(error) }).catch(() => current);
    } finally {
      running.delete(characterId);
    }
  }

  async function find(dreamId: string): Promise<DreamRecord | null> {
    const characterId = characterOfDream(dreamId);
    return foldDreams(await audit(characterId).entries()).find((entry) => entry.dreamId === dreamId) ?? null;
  }

  async function decide(dreamId: string, by: string, decision: 'approved' | 'rejected'): Promise<DreamRecord> {
    const found = await find(dreamId);
    if (!found) throw new DreamError(`no dream ${dreamId}`);
    if (found.status !== 'pending') throw new DreamError(`dream ${dreamId} is ${found.status}, not pending`);
    const characterId = found.character;
    if (decision === 'rejected') {
      await record(characterId, { type: 'decision', at: now().toISOString(), dreamId, decision, by, reason: `rejected by ${by}` });
      return (await find(dreamId))!;
    }
    if (running.has(characterId)) throw new DreamError(`a dream is running for ${characterId}; approve again when it ends`);
    running.add(characterId);
    try {
      await ensureLoaded(characterId);
      // The memory may have moved on since the dream: re-check every operation and the gate against it.
      const prepared = await prepare(characterId);
      const evaluated = await evaluate(characterId, prepared, found.operations, dreamId);
      if (evaluated.accepted.length === 0 || !evaluated.gate.isPassed) {
        const reason = evaluated.accepted.length === 0 ? 'approved, but none of its operations fit the memory any more' : `approved, but ${evaluated.gate.reason}`;
        await record(characterId, { type: 'decision', at: now().toISOString(), dreamId, decision, by, reason });
        return (await find(dreamId))!;
      }
      const version = await commit(characterId, prepared, evaluated, dreamId, prepared.raw);
      await record(characterId, { type: 'decision', at: now().toISOString(), dreamId, decision, by, version, reason: `approved by ${by}; version ${version} made current` });
      return (await find(dreamId))!;
    } finally {
      running.delete(characterId);
    }
  }

  return {
    load,
    dream,
    list: async (characterId) => foldDreams(await audit(characterId).entries()),
    async get(dreamId) {
      const found = await find(dreamId);
      if (!found) return null;
      const characterId = found.character;
      const known = new Map<string, MemoryItem>();
      const version = found.parentVersion;
      const file = await options.versions.read(characterId, version).catch(() => null);
      for (const item of runtimeItems(rawItems(characterId), file)) known.set(item.id, item);
      for (const conversation of options.conversations(characterId)) {
        for (const turn of conversation.turns) known.set(turn.id, { id: turn.id, character: characterId, kind: 'turn', text: turn.text, createdAt: turn.createdAt, source: [], importance: 5 });
      }
      for (const item of options.siblingItems?.(characterId) ?? []) known.set(item.id, item);
      return { ...found, diff: describeOperations(found.operations, (id) => known.get(id)) };
    },
    forget: (characterId, isErased) => baselines.forget(characterId, isErased),
    approve: (dreamId, by) => decide(dreamId, by, 'approved'),
    reject: (dreamId, by) => decide(dreamId, by, 'rejected'),
    async versions(characterId) {
      return { current: await options.versions.current(characterId), versions: await options.versions.list(characterId) };
    },
    async rollback(characterId, version, by) {
      await ensureLoaded(characterId);
      const from = await options.versions.current(characterId);
      const file = await options.versions.read(characterId, version).catch((error: unknown) => {
        throw new DreamError(`${characterId} has no memory version ${version}`, { cause: error });
      });
      await options.versions.setCurrent(characterId, version, now().toISOString());
      applyVersionToStore(options.memory(characterId), rawItems(characterId), file);
      await record(characterId, { type: 'rollback', at: now().toISOString(), character: characterId, from, to: version, by });
      return { from, to: version };
    },
  };
}
