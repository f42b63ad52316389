import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { loadCharacters } from './characters/load-characters.ts';
import { createChatService } from './chat/chat-service.ts';
import { createConversationLog, type ConversationLog } from './chat/conversations.ts';
import { createCharacterRuntime, loadBooks, memoryOptionsFor, type CharacterRuntime } from './character-runtime.ts';
import type { Config } from './config.ts';
import type { Provider } from './llm/provider.ts';
import { createJournal, type Journal, type JournalReplay } from './memory/journal.ts';
import { createSourceMarks, type ShardMark } from './memory/source-marks.ts';
import { createMemorySetup, type MemorySetup } from './memory-setup.ts';
import { restoreTurns } from './journal-setup.ts';
import { createApp } from './server/app.ts';
import { createCatalog, loadLiveCharacterInto } from './catalog-setup.ts';
import { createProviderSetup, type ProviderSetup } from './provider-setup.ts';
import { createDatasetSetup, type DatasetSetup } from './dataset-setup.ts';
import { reflectionsByCharacter } from './dataset/to-memory.ts';
import { createReflectionSetup, type ReflectionSetup } from './reflection-setup.ts';
import { createAdminRoutes } from './server/routes/admin.ts';
import { Router } from 'express';
import { createDreamSetup, type DreamSetup } from './dream-setup.ts';
import { createVisitorFactSetup } from './visitor-setup.ts';
import { createErasureSetup } from './erasure-setup.ts';
import type { Erasure } from './erasure/erase-visitor.ts';
import type { ErasureStep } from './erasure/erasure-log.ts';
import { createVisitorRoutes } from './server/routes/visitors.ts';
import { createDreamRoutes } from './server/routes/dreams.ts';
import { createBookRoutes } from './server/routes/books.ts';
import { createMessageRateLimit } from './server/rate-limit.ts';
import { createStreamLimiter } from './server/stream-limiter.ts';
import { readBookMetadata } from './book/load-corpus.ts';
import { createVoiceSetup } from './voice-setup.ts';
import { createOutcomeSetup, type OutcomeSetup } from './outcome-setup.ts';
import { createFeedbackRoutes } from './server/routes/feedback.ts';

/** The project root, where web/, characters/ and corpus/ ship. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Options for tests and the CLI on top of the configuration. */
export interface ReverieOptions {
  log?: (line: string) => void;
  /** Replaces the configured cascade (tests use fakes of our own interface). */
  provider?: Provider;
  /** For tests: called after each step of an erasure (throw to crash it halfway). */
  afterErasureStep?: (step: ErasureStep) => void | Promise<void>;
  /** How long a message that comes while memory loads waits for it before a 503 (default 5 s). */
  readyWaitMs?: number;
}

/** A wired Reverie: the app and the objects behind it. */
export interface Reverie {
  config: Config;
  app: Express;
  runtimes: Map<string, CharacterRuntime>;
  conversations: ConversationLog;
  journal: Journal;
  providers: ProviderSetup;
  dataset: DatasetSetup;
  reflection: ReflectionSetup;
  dreams: DreamSetup;
  /** Ratings and implicit signals about replies, and the strategies dreamt from them. */
  outcomes: OutcomeSetup;
  /** "Forget me": erases a visitor everywhere (journal, memory, versions, reflections, dataset, Hub). */
  erasure: Erasure;
  /** Resolves when memory is ready (after a restore from the Hub, if one was needed). */
  ready: Promise<void>;
  /** Resolves once the index checkpoints that changed at start are saved (in the background, after `ready`). */
  indexesSaved: Promise<void>;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<{ port: number; server: Server }>;
  /** Stops timers, flushes and closes files and the server. */
  close(): Promise<void>;
}

/** Wires every room together from the configuration. The only place that does. */
export async function createReverie(config: Config, options: ReverieOptions = {}): Promise<Reverie> {
  const log = options.log ?? ((line: string) => console.log(line));
  await mkdir(config.DATA_DIR, { recursive: true });

  const journal = createJournal({ path: path.join(config.DATA_DIR, 'journal.jsonl'), onWarning: (message) => log(`journal: ${message}`) });
  // The journal and the index checkpoints are read while books are parsed: the disk and the
  // processor work at once. (A failure is still thrown where each is awaited.)
  const replaying = journal.replay({ lazy: true });
  replaying.catch(() => {});
  const characters = await loadCharacters(config.CHARACTERS_DIR);
  // Where the journal and the reflection shards stand, for the index checkpoints (memory/source-marks.ts).
  let shardsNow: () => ShardMark[] | undefined = () => undefined;
  const marks = createSourceMarks(() => {
    const position = journal.position();
    const reflections = shardsNow();
    return { ...(position ? { journal: position } : {}), ...(reflections ? { reflections } : {}) };
  });
  const memory = createMemorySetup({ dataDir: config.DATA_DIR, log, sourcesOf: (character) => marks.of(character) });
  const opening = characters.map((character) => memory.open(character.id, memoryOptionsFor(character)));
  for (const opened of opening) opened.catch(() => {});
  const books = await loadBooks(characters, config.CORPUS_DIR);
  const runtimes = new Map<string, CharacterRuntime>();
  for (const [index, character] of characters.entries()) {
    runtimes.set(character.id, createCharacterRuntime(character, books.get(character.card.data.extensions.reverie.book)!, await opening[index]!));
  }
  const stores = () => new Map([...runtimes].map(([id, runtime]) => [id, runtime.memory]));

  const conversations = createConversationLog();
  const replay = await replaying;
  const trusted = trustJournal(replay, runtimes, memory);
  for (const [character, { items, from }] of trusted) if (items > 0) log(`memory: ${character}: ${items} turn(s) and fact(s) from its index checkpoint; the journal's turns from ${from} of ${replay.headers.length} given again`);
  restoreTurns(replay, runtimes, conversations, new Map([...trusted].map(([character, { from }]) => [character, from])));
  if (replay.skipped > 0) log(`journal: skipped ${replay.skipped} damaged line(s) while replaying`);

  const voice = createVoiceSetup(runtimes);
  for (const bookId of books.keys()) voice.rememberNarrators(bookId, (await readBookMetadata(path.join(config.CORPUS_DIR, bookId))).narrators ?? []);
  const providers = await createProviderSetup(config, { log, voice: voice.voice, ...(options.provider ? { override: options.provider } : {}) });
  const dataset = await createDatasetSetup(config, { books: [...books.values()], log });
  shardsNow = () => dataset.reflectionShards();
  const reflection = createReflectionSetup({
    config,
    runtimes,
    books,
    conversations,
    provider: options.provider ?? providers.background,
    appendReflection: (record) => dataset.appendReflection(record),
    statePath: path.join(dataset.datasetDir, 'state', 'reflection.json'),
    log,
    phrasing: (id) => voice.diaryPhrasing(id),
    marks,
  });
  const outcomes = createOutcomeSetup({ dataDir: config.DATA_DIR, runtimes, log });
  await outcomes.load();
  const dreams = await createDreamSetup({
    config,
    runtimes,
    conversations,
    tracker: reflection.tracker,
    provider: options.provider ?? providers.background,
    dataset,
    log,
    outcomes: (id, read) => outcomes.outcomes(id, read),
  });
  const visitorFacts = createVisitorFactSetup({ runtimes, dataset, log });
  const erasure = createErasureSetup({
    config, runtimes, journal, conversations, dataset, reflection, dreams, feedback: outcomes.feedback,
    ...(options.afterErasureStep ? { afterStep: options.afterErasureStep } : {}),
    saveIndexes: () => memory.saveChanged(stores()),
    marks: { begin: () => marks.begin(), end: () => marks.end() },
    saveAllIndexes: () => memory.saveChanged(stores(), { all: true }),
  });
  const chat = createChatService({
    characters: runtimes,
    journal,
    conversations,
    provider: providers.cascade,
    activity: reflection.tracker,
    onFacts: (characterId, changes) => visitorFacts.publish(characterId, changes),
    claimRestored: (characterId, visitorId) => visitorFacts.claim(characterId, visitorId),
    log,
    feedback: outcomes.feedback,
    marks,
    exploreRate: config.VOICE_EXPLORE_RATE,
    ...(config.STRATEGIES_ENABLED ? { strategies: (id: string) => outcomes.strategies(id) } : {}),
  });

  // Memory written by earlier runs (or restored from the Hub on an empty disk) joins the stores
  // before chats are accepted; the page says "waking up" meanwhile.
  let isReady = false;
  let saving: Promise<void> = Promise.resolve();
  const ready = (async () => {
    try {
      const restored = await dataset.restoreIfEmpty();
      if (restored) log(`hub: restored ${restored.shards} shard(s) and ${restored.stateFiles} state file(s)`);
    } catch (error) {
      log(`hub: restore failed, starting with local memory only: ${(error as Error).message}`);
    }
    // Reflections an index checkpoint vouches for are taken from it; only newer shards are read.
    const covered = trustReflections(dataset.reflectionShards(), runtimes, memory);
    const records = await dataset.readReflections({ except: covered });
    for (const [character, items] of reflectionsByCharacter(records)) runtimes.get(character)?.memory.add(items);
    reflection.remember(records);
    // Published facts come back before dreams load, so versions find the items they name.
    await visitorFacts.loadPublished();
    await dreams.load();
    // Every source has given its items: what a checkpoint still holds beyond them is stale.
    for (const [character, { loaded, stale }] of Object.entries(memory.settle(stores()))) {
      if (stale > 0) log(`memory: ${character}: dropped ${stale} item(s) the index checkpoint held but no source has (erased or replaced while down)`);
      if (!loaded) log(`memory: ${character}: indexed from its sources`);
    }
    // An erasure a crash left half done finishes before anyone can chat.
    try {
      for (const result of await erasure.resume()) log(`erasure: resumed ${result.erasureId}: ${result.status}`);
    } catch (error) {
      log(`erasure: could not resume an erasure: ${(error as Error).message}`);
    }
    isReady = true;
    // The diary (the page's reflections) fills in the background when the stores had theirs from checkpoints.
    if (covered.length > 0) void reflection.load(() => dataset.readReflections());
    // New or changed indexes are saved in the background, so the next start loads them.
    saving = memory.saveChanged(stores());
    memory.start(stores);
    reflection.start();
    dreams.start();
    dataset.sync.start();
  })();
  // A start that failed saves nothing: nobody waits for it forever.
  const indexesSaved = ready.then(() => saving, () => undefined);

  const catalog = createCatalog(runtimes);

  const adminToken = config.REVERIE_ADMIN_TOKEN ? { adminToken: config.REVERIE_ADMIN_TOKEN } : {};
  if (!config.REVERIE_ADMIN_TOKEN) log('admin: REVERIE_ADMIN_TOKEN is not set, so the studio and admin endpoints are off');

  const loadLiveCharacter = (id: string) => loadLiveCharacterInto({ id, charactersDir: config.CHARACTERS_DIR, corpusDir: config.CORPUS_DIR, books, runtimes, voice, dreams: dreams.service, log });

  const app = createApp({
    routersBeforeBodyParser: [
      createBookRoutes({
        corpusDir: config.CORPUS_DIR,
        charactersDir: config.CHARACTERS_DIR,
        ...adminToken,
        onCharacterSaved: loadLiveCharacter,
      }),
    ],
    catalog,
    chat,
    conversations,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    streams: createStreamLimiter({ maxPerVisitor: config.MAX_STREAMS_PER_VISITOR }),
    messageRateLimit: createMessageRateLimit({ perVisitorPerMinute: config.RATE_LIMIT_PER_MINUTE, perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE }),
    feedbackRateLimit: createMessageRateLimit({ perVisitorPerMinute: config.RATE_LIMIT_PER_MINUTE, perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE }),
    isReady: () => isReady,
    untilReady: (timeoutMs) => {
      if (isReady || timeoutMs <= 0) return Promise.resolve(isReady);
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      return Promise.race([ready.then(() => true, () => false), waited]).finally(() => clearTimeout(timer));
    },
    readyWaitMs: options.readyWaitMs ?? 5_000,
    reflections: (id, query) => reflection.recent(id, query),
    routers: [
      createAdminRoutes({
        ...adminToken,
        hasCharacter: (id) => runtimes.has(id),
        reflectNow: (forced) => reflection.reflectNow(forced),
        syncNow: () => dataset.syncNow(),
        quarantine: (id) => reflection.quarantine.listQuarantine(id),
      }),
      createDreamRoutes({
        ...adminToken,
        service: dreams.service,
        hasCharacter: (id) => runtimes.has(id),
        runDream: (id, { mode }) => reflection.tracker.runBackground((signal) => dreams.service.dream(id, { mode, signal, force: true })),
      }),
      createVisitorRoutes({ hasCharacter: (id) => runtimes.has(id), isReady: () => isReady, erase: (request) => erasure.erase(request) }),
      createFeedbackRoutes({
        ...adminToken,
        hasCharacter: (id) => runtimes.has(id),
        turnsFor: (id, visitor) => conversations.turnsFor(id, visitor),
        record: (signal) => outcomes.feedback.record(signal),
        strategies: (id) => outcomes.describe(id),
      }),
      Router().get('/api/usage', (_request, response) => {
        response.json(providers.ledger.summary());
      }),
    ],
    webDir: path.join(projectRoot, 'web'),
    log,
    ...(config.CORS_ORIGIN ? { corsOrigin: config.CORS_ORIGIN } : {}),
    status: async () => {
      const idle = (await reflection.status()) as { characters: Array<{ id: string }> } & Record<string, unknown>;
      return {
        isRestoring: !isReady,
        ...idle,
        characters: idle.characters.map((entry) => ({ ...entry, memoryItems: runtimes.get(entry.id)?.memory.size ?? 0 })),
        providers: providers.status(),
        conversations: conversations.counts(),
        sync: dataset.sync.status(),
      };
    },
  });

  let server: Server | undefined;
  return {
    config,
    app,
    runtimes,
    conversations,
    journal,
    providers,
    dataset,
    reflection,
    dreams,
    outcomes,
    erasure,
    ready,
    indexesSaved,
    listen: () =>
      new Promise((resolve, reject) => {
        const listening = app.listen(config.PORT, config.HOST, (error?: Error) => {
          if (error) return reject(error);
          server = listening;
          const address = listening.address();
          resolve({ port: typeof address === 'object' && address ? address.port : config.PORT, server: listening });
        });
      }),
    async close() {
      reflection.stop();
      dreams.stop();
      memory.stop();
      await ready.catch(() => {});
      await memory.saveChanged(stores());
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await journal.close();
      await dataset.close();
      await providers.close();
    },
  };
}

/**
 * Each store whose index checkpoint names a journal position the journal still begins with takes
 * the checkpoint's turns and facts as they are; returns, per such character, how many it took and
 * the index of the first replayed turn it still needs (those after the position).
 */
function trustJournal(replay: JournalReplay, runtimes: ReadonlyMap<string, CharacterRuntime>, memory: MemorySetup): Map<string, { items: number; from: number }> {
  const trusted = new Map<string, { items: number; from: number }>();
  for (const [character, runtime] of runtimes) {
    const mark = memory.loadedSources(character).journal;
    if (!mark || !replay.begins(mark)) continue;
    trusted.set(character, { items: runtime.memory.trust(['turn', 'visitor_fact']), from: firstAtOrAfter(replay.starts, mark.bytes) });
  }
  return trusted;
}

/** The index of the first of ascending `values` at or after `at` (their length when none). */
function firstAtOrAfter(values: readonly number[], at: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The reflection shards every store's checkpoint vouches for, still on disk unchanged; each such
 * store takes its reflections from its checkpoint. When a store's checkpoint vouches for none
 * (or for a shard since rewritten or removed), none is skipped and every store reads them all.
 */
function trustReflections(shards: readonly ShardMark[] | undefined, runtimes: ReadonlyMap<string, CharacterRuntime>, memory: MemorySetup): ShardMark[] {
  if (!shards || shards.length === 0) return [];
  const onDisk = new Map(shards.map((shard) => [shard.file, shard.bytes]));
  const marks = [...runtimes.keys()].map((character) => memory.loadedSources(character).reflections);
  const isIntact = (mark: ShardMark[] | undefined): mark is ShardMark[] => mark !== undefined && mark.every((shard) => onDisk.get(shard.file) === shard.bytes);
  if (!marks.every(isIntact)) return [];
  for (const runtime of runtimes.values()) runtime.memory.trust(['reflection']);
  // A shard skipped must be vouched for by every store: the ones all marks name.
  const counts = new Map<string, number>();
  for (const mark of marks) for (const shard of mark) counts.set(shard.file, (counts.get(shard.file) ?? 0) + 1);
  return shards.filter((shard) => counts.get(shard.file) === marks.length);
}
