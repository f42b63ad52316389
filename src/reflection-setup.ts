import path from 'node:path';
import type { Book } from './book/types.ts';
import type { CharacterRuntime } from './character-runtime.ts';
import type { ConversationLog } from './chat/conversations.ts';
import type { Config } from './config.ts';
import type { Provider } from './llm/provider.ts';
import type { ReflectionRecord } from './memory/types.ts';
import { createActivityTracker, type ActivityTracker } from './reflection/activity-tracker.ts';
import { shouldReflect } from './reflection/idle-gate.ts';
import { createQuarantineLog, removeQuarantined, type QuarantineLog } from './reflection/quarantine.ts';
import { reflectOnce, type ReflectionDeps, type ReflectOnceResult } from './reflection/reflect-once.ts';
import { forgetConversations, loadReflectionState } from './reflection/reflection-state.ts';
import { createReflectionScheduler, type ReflectionScheduler } from './reflection/scheduler.ts';

/** A reflection as the diary and the API show it: no evidence ids, nothing private. */
export interface PublicReflection {
  id: string;
  kind: 'chapter' | 'chat';
  text: string;
  createdAt: string;
  chapter?: number;
  chapterTitle?: string;
  mood: number;
  importance: number;
  provider: string;
  model: string;
}

/** The idle loop, wired: tracker, scheduler, reflect-now, and what the status page shows. */
export interface ReflectionSetup {
  tracker: ActivityTracker;
  scheduler: ReflectionScheduler;
  quarantine: QuarantineLog;
  /** One reflection now, bypassing the idle gate but not the one-at-a-time rule. */
  reflectNow(options: { character?: string; kind?: 'chapter' | 'chat' }): Promise<ReflectOnceResult>;
  /** One scheduled tick: does work only when the idle gate says so. */
  tick(): Promise<ReflectOnceResult | { status: 'skipped'; reason: string }>;
  /** The latest accepted reflections of a character, newest first (once the diary is loaded). */
  recent(character: string, options: { limit: number; kind?: 'chapter' | 'chat' }): Promise<PublicReflection[]>;
  /** Records accepted reflections (from this process or the dataset) for the diary; one already there is not added again. */
  remember(records: ReflectionRecord[]): void;
  /**
   * Fills the diary from the dataset in the background (start-up does not wait for it: the
   * stores have their reflections already). What reads the diary waits for it.
   */
  load(read: () => Promise<ReflectionRecord[]>): Promise<void>;
  /**
   * Withdraws reflections an erasure picks from the diary, refused drafts from the quarantine,
   * and the erased conversations from the reflection state; returns how many of each went.
   */
  forget(isErased: (entry: { id: string; conversationId?: string; text: string }) => boolean, conversationIds: ReadonlySet<string>): Promise<{ diary: number; quarantined: number; state: number }>;
  status(): Promise<unknown>;
  start(): void;
  /** Stops the schedule for good: the server is closing. */
  stop(): void;
}

/** Dependencies from main.ts. */
export interface ReflectionSetupOptions {
  config: Config;
  runtimes: Map<string, CharacterRuntime>;
  books: Map<string, Book>;
  conversations: ConversationLog;
  /** Model providers without the offline voice, or null when there are none. */
  provider: Provider | null;
  appendReflection: (record: ReflectionRecord) => Promise<void>;
  statePath: string;
  log: (line: string) => void;
  /** How the offline diary tells the book and what it may quote, per character (voice-setup.ts). */
  phrasing?: ReflectionDeps['phrasing'];
  marks?: ReflectionDeps['marks'];
}

/** Wires the idle-time loop. */
export function createReflectionSetup(options: ReflectionSetupOptions): ReflectionSetup {
  const { config, runtimes } = options;
  const tracker = createActivityTracker();
  const quarantineFile = createQuarantineLog({ path: path.join(config.DATA_DIR, 'quarantine.jsonl') });
  // Status is polled; count refused drafts once from the file, then as they are added.
  let quarantineCounts: Map<string, number> | undefined;
  const quarantine: QuarantineLog = {
    async add(entry) {
      await quarantineFile.add(entry);
      quarantineCounts?.set(entry.character, (quarantineCounts.get(entry.character) ?? 0) + 1);
    },
    listQuarantine: (character) => quarantineFile.listQuarantine(character),
  };
  async function quarantinedCount(character: string): Promise<number> {
    if (!quarantineCounts) {
      const counts = new Map<string, number>();
      for (const id of runtimes.keys()) counts.set(id, (await quarantineFile.listQuarantine(id)).length);
      quarantineCounts ??= counts;
    }
    return quarantineCounts.get(character) ?? 0;
  }
  const records = new Map<string, ReflectionRecord[]>();
  const lastActivity = new Map<string, { at: string; status: string; reason: string }>();

  const remembered = new Set<string>();
  let loading: Promise<void> = Promise.resolve();
  const remember = (list: ReflectionRecord[]) => {
    for (const record of list) {
      if (record.verdict !== 'accepted' || remembered.has(record.id)) continue;
      remembered.add(record.id);
      const forCharacter = records.get(record.character) ?? [];
      forCharacter.push(record);
      records.set(record.character, forCharacter);
    }
  };

  const deps = {
    // A getter, so characters an author adds later take their turn too.
    get characters() {
      return [...runtimes.values()].map((runtime) => runtime.character);
    },
    getBook: (bookId: string) => options.books.get(bookId),
    memoryFor: (character: string) => runtimes.get(character)!.memory,
    listConversations: (character: string) => options.conversations.listConversations(character),
    provider: options.provider,
    ...(options.phrasing ? { phrasing: options.phrasing } : {}),
    ...(options.marks ? { marks: options.marks } : {}),
    sink: {
      async append(record: ReflectionRecord) {
        await options.appendReflection(record);
        remember([record]);
      },
    },
    quarantine,
    statePath: options.statePath,
  };

  async function run(forced: { character?: string; kind?: 'chapter' | 'chat' }): Promise<ReflectOnceResult> {
    const result = await tracker.runBackground((signal) => reflectOnce(deps, { ...forced, signal }));
    const character = result.record?.character ?? forced.character;
    if (character) lastActivity.set(character, { at: new Date().toISOString(), status: result.status, reason: result.reason });
    if (result.status !== 'skipped' || result.reason !== 'preempted') options.log(`reflection: ${result.status}: ${result.reason}`);
    return result;
  }

  const tick = async () => {
    const decision = shouldReflect(tracker.snapshot(), Date.now(), { idleAfterMs: config.IDLE_AFTER_MS });
    if (!decision.isIdle) return { status: 'skipped' as const, reason: decision.reason };
    return run({});
  };
  const scheduler = createReflectionScheduler({
    cronExpression: config.REFLECT_CRON,
    tick,
    logger: { info: (message) => options.log(`reflection: ${message}`), error: (message, details) => options.log(`reflection error: ${message} ${String((details as Error)?.message ?? details ?? '')}`) },
  });

  return {
    tracker,
    scheduler,
    quarantine,
    reflectNow: (forced) => run(forced),
    tick,
    remember,
    load(read) {
      loading = read().then(remember, (error: unknown) => options.log(`reflection: could not read the diary from the dataset: ${(error as Error).message}`));
      return loading;
    },
    async forget(isErased, conversationIds) {
      await loading;
      let diary = 0;
      for (const [character, list] of records) {
        const kept = list.filter((record) => !isErased(record));
        diary += list.length - kept.length;
        records.set(character, kept);
      }
      const quarantined = await removeQuarantined(path.join(config.DATA_DIR, 'quarantine.jsonl'), (entry) => isErased({ ...entry, text: entry.draft }));
      if (quarantined > 0) quarantineCounts = undefined;
      return { diary, quarantined, state: await forgetConversations(options.statePath, conversationIds) };
    },
    async recent(character, query) {
      await loading;
      const chapterTitles = runtimes.get(character)?.book.chapterTitles ?? [];
      return (records.get(character) ?? [])
        .filter((record) => !query.kind || record.kind === query.kind)
        .slice(-query.limit)
        .reverse()
        .map((record) => ({
          id: record.id,
          kind: record.kind,
          text: record.text,
          createdAt: record.createdAt,
          ...(record.chapter ? { chapter: record.chapter, chapterTitle: chapterTitles[record.chapter - 1] } : {}),
          mood: record.mood,
          importance: record.importance,
          provider: record.provider,
          model: record.model,
        }));
    },
    async status() {
      await loading;
      const state = await loadReflectionState(options.statePath).catch(() => undefined);
      const characters = [];
      for (const runtime of runtimes.values()) {
        const id = runtime.character.id;
        const cursor = state?.characters[id];
        characters.push({
          id,
          lastActivity: lastActivity.get(id) ?? null,
          chapterCursor: cursor ? { chapter: cursor.chapter, part: cursor.part, cycle: cursor.cycle, nextActivity: cursor.nextActivity } : null,
          reflections: records.get(id)?.length ?? 0,
          quarantined: await quarantinedCount(id),
        });
      }
      const activity = tracker.snapshot();
      return {
        isIdle: shouldReflect(activity, Date.now(), { idleAfterMs: config.IDLE_AFTER_MS }).isIdle,
        isReflecting: activity.isBackgroundRunning,
        preemptions: activity.preemptions,
        nextTick: scheduler.nextRunAt()?.toISOString() ?? null,
        characters,
      };
    },
    start: () => {
      if (config.REFLECTION_ENABLED) scheduler.start();
    },
    stop: () => scheduler.close(),
  };
}
