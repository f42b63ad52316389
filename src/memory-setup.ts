import path from 'node:path';
import type { MemoryStore, MemoryStoreOptions } from './memory/memory-store.ts';
import { openMemoryStore, saveStoreCheckpoint } from './memory/store-checkpoint.ts';
import type { CheckpointSources } from './memory/source-marks.ts';

/** Each character's index checkpoint, wired: opened at start, settled once every source is in, saved as it changes. */
export interface MemorySetup {
  /** A character's store, from its checkpoint when one can be trusted. */
  open(character: string, options?: Omit<MemoryStoreOptions, 'character' | 'checkpoint'>): Promise<MemoryStore>;
  /** The mark of the sources the checkpoint a store was opened from rests on (none: nothing to trust). */
  loadedSources(character: string): CheckpointSources;
  /**
   * After every source gave its items: drops what a checkpoint held that no source gave again.
   * Returns, per store, whether it started from a checkpoint and what it dropped.
   */
  settle(stores: ReadonlyMap<string, MemoryStore>): Record<string, { loaded: boolean; stale: number }>;
  /** Saves the checkpoint of every store with changes since its last save (of every store, with `all`). */
  saveChanged(stores: ReadonlyMap<string, MemoryStore>, options?: { all?: boolean }): Promise<void>;
  /** Saves changed checkpoints every `intervalMs` (and never two saves at once). */
  start(stores: () => ReadonlyMap<string, MemoryStore>): void;
  stop(): void;
}

/** Options from main.ts. */
export interface MemorySetupOptions {
  dataDir: string;
  /** A checkpoint is rewritten once this many items changed... */
  changesPerCheckpoint?: number;
  /** ...checked this often. */
  intervalMs?: number;
  log: (line: string) => void;
  /** The mark a checkpoint saved now is written with (source-marks.ts); none when absent. */
  sourcesOf?: (character: string) => CheckpointSources;
}

/** Creates the wiring; see `MemorySetup`. */
export function createMemorySetup(options: MemorySetupOptions): MemorySetup {
  const directory = path.join(options.dataDir, 'index');
  const fileOf = (character: string) => path.join(directory, `${character}.rvix`);
  const loaded = new Map<string, boolean>();
  const loadedSources = new Map<string, CheckpointSources>();
  const changesPerCheckpoint = options.changesPerCheckpoint ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();

  async function save(character: string, store: MemoryStore): Promise<void> {
    try {
      // The mark is read in the same step as the store is written out: nothing can come between.
      await saveStoreCheckpoint(store, fileOf(character), options.sourcesOf?.(character) ?? {});
    } catch (error) {
      // A checkpoint only saves start-up time; the sources stay whole without it.
      options.log(`memory: could not save the index checkpoint of ${character}: ${(error as Error).message}`);
    }
  }

  function saveAll(stores: ReadonlyMap<string, MemoryStore>, isDue: (store: MemoryStore) => boolean): Promise<void> {
    saving = saving.then(async () => {
      for (const [character, store] of stores) if (isDue(store)) await save(character, store);
    });
    return saving;
  }

  return {
    async open(character, storeOptions = {}) {
      const opened = await openMemoryStore({ ...storeOptions, character, checkpointPath: fileOf(character) });
      loaded.set(character, opened.loaded);
      loadedSources.set(character, opened.sources);
      if (!opened.loaded && opened.problem && !/could not read checkpoint/.test(opened.problem)) options.log(`memory: ${opened.problem}; re-indexing ${character} from its sources`);
      return opened.store;
    },
    loadedSources: (character) => loadedSources.get(character) ?? {},
    settle(stores) {
      const report: Record<string, { loaded: boolean; stale: number }> = {};
      for (const [character, store] of stores) report[character] = { loaded: loaded.get(character) ?? false, stale: store.settle() };
      return report;
    },
    saveChanged: (stores, saveOptions = {}) => saveAll(stores, (store) => saveOptions.all === true || store.changes > 0),
    start(stores) {
      timer = setInterval(() => void saveAll(stores(), (store) => store.changes >= changesPerCheckpoint), options.intervalMs ?? 60_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
