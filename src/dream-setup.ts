import path from 'node:path';
import type { CharacterRuntime } from './character-runtime.ts';
import type { BookProbe } from './characters/probes.ts';
import { loadProbes } from './characters/probes.ts';
import type { ConversationLog } from './chat/conversations.ts';
import type { Config } from './config.ts';
import type { DatasetSetup } from './dataset-setup.ts';
import { createDreamService, type DreamService, type DreamServiceOptions } from './dreaming/dream-service.ts';
import { createMemoryVersions } from './dreaming/memory-versions.ts';
import type { Provider } from './llm/provider.ts';
import type { ActivityTracker } from './reflection/activity-tracker.ts';
import { shouldReflect } from './reflection/idle-gate.ts';
import { createReflectionScheduler, type ReflectionScheduler } from './reflection/scheduler.ts';

/** Dreaming, wired: the service, its nightly schedule under the idle gate, and start-up loading. */
export interface DreamSetup {
  service: DreamService;
  scheduler: ReflectionScheduler;
  /** Applies each character's current memory version; call once raw memory is loaded. */
  load(): Promise<void>;
  start(): void;
  /** Stops the schedule for good: the server is closing. */
  stop(): void;
}

/** Dependencies from main.ts. */
export interface DreamSetupOptions {
  config: Config;
  runtimes: Map<string, CharacterRuntime>;
  conversations: ConversationLog;
  tracker: ActivityTracker;
  provider: Provider | null;
  dataset: DatasetSetup;
  log: (line: string) => void;
  /** How replies were taken, for strategies (outcome-setup.ts). */
  outcomes?: DreamServiceOptions['outcomes'];
}

/** Wires dreaming; a dream is one background job, preempted by any visitor like a reflection. */
export async function createDreamSetup(options: DreamSetupOptions): Promise<DreamSetup> {
  const { config, runtimes } = options;
  const probes = new Map<string, BookProbe[]>();
  for (const id of runtimes.keys()) {
    const loaded = await loadProbes(config.CHARACTERS_DIR, id).catch(() => undefined);
    if (loaded) probes.set(id, loaded.book);
  }
  const bookOf = (id: string) => runtimes.get(id)?.book.id;
  const service = createDreamService({
    versions: createMemoryVersions({ directory: path.join(config.DATA_DIR, 'memory') }),
    memory: (id) => runtimes.get(id)!.memory,
    card: (id) => runtimes.get(id)!.character.card,
    conversations: (id) => options.conversations.listConversations(id),
    bookProbes: (id) => probes.get(id) ?? [],
    // Collective dreaming: public reflections of characters of the same book, never private
    // items, and nothing of a chapter past what this character knows.
    siblingItems: (id) => {
      const lastChapter = runtimes.get(id)?.character.card.data.extensions.reverie.knowledge.lastChapter ?? Number.POSITIVE_INFINITY;
      return [...runtimes.values()]
        .filter((runtime) => runtime.character.id !== id && runtime.book.id === bookOf(id))
        .flatMap((runtime) => runtime.memory.items({ kinds: ['reflection', 'insight'] }))
        .filter((item) => item.visitor === undefined && (item.chapter === undefined || item.chapter <= lastChapter));
    },
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.outcomes ? { outcomes: options.outcomes } : {}),
    sink: {
      writeItems: (items) => options.dataset.appendRows('dreams', items.filter((item) => item.visitor === undefined)),
      writeAudit: (rows) => options.dataset.appendRows('dream_audit', rows),
    },
    review: config.DREAM_REVIEW,
    maxSessions: config.DREAM_MAX_SESSIONS,
    minNewItems: config.DREAM_MIN_NEW_ITEMS,
    logger: { error: (message, details) => options.log(`dream error: ${message} ${String((details as Error)?.message ?? details ?? '')}`) },
  });

  let nextCharacter = 0;
  const scheduler = createReflectionScheduler({
    cronExpression: config.DREAM_CRON,
    // One character per tick, in turn; a visitor arriving aborts it like a reflection.
    tick: async () => {
      if (!shouldReflect(options.tracker.snapshot(), Date.now(), { idleAfterMs: config.IDLE_AFTER_MS }).isIdle) return;
      const ids = [...runtimes.keys()];
      for (let index = 0; index < ids.length; index += 1) {
        const id = ids[(nextCharacter + index) % ids.length]!;
        const record = await options.tracker.runBackground((signal) => service.dream(id, { mode: 'auto', signal }));
        options.log(`dream: ${id}: ${record.status}`);
        if (record.status === 'preempted') break;
      }
      nextCharacter = (nextCharacter + 1) % Math.max(ids.length, 1);
    },
    logger: { info: (message) => options.log(`dream: ${message}`), error: (message) => options.log(`dream error: ${message}`) },
  });

  return {
    service,
    scheduler,
    async load() {
      for (const id of runtimes.keys()) await service.load(id);
    },
    start: () => {
      if (config.REFLECTION_ENABLED) scheduler.start();
    },
    stop: () => scheduler.close(),
  };
}
