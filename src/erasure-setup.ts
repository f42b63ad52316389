import path from 'node:path';
import type { CharacterRuntime } from './character-runtime.ts';
import type { ConversationLog } from './chat/conversations.ts';
import type { Config } from './config.ts';
import type { DatasetSetup } from './dataset-setup.ts';
import { DATASET_CONFIGS } from './dataset/schema.ts';
import type { DreamSetup } from './dream-setup.ts';
import { createMemoryVersions } from './dreaming/memory-versions.ts';
import { createErasure, type Erasure, type ErasureDeps } from './erasure/erase-visitor.ts';
import { createErasureLog } from './erasure/erasure-log.ts';
import type { Journal } from './memory/journal.ts';
import type { ReflectionSetup } from './reflection-setup.ts';

/** Dependencies from main.ts. */
export interface ErasureSetupOptions {
  config: Config;
  runtimes: Map<string, CharacterRuntime>;
  journal: Journal;
  conversations: ConversationLog;
  dataset: DatasetSetup;
  reflection: ReflectionSetup;
  dreams: DreamSetup;
  /** For tests: crash an erasure after a step. */
  afterStep?: ErasureDeps['afterStep'];
  /** Rewrites the changed index checkpoints (memory-setup.ts). */
  saveIndexes?: ErasureDeps['saveIndexes'];
  /** Ratings and implicit signals about replies. */
  feedback?: ErasureDeps['feedback'];
  /**
   * An erasure rewrites the journal and the shards while it takes items out of every store: it is
   * one write of every character for the marks (memory/source-marks.ts), and once it is over the
   * checkpoints are saved again with the new mark (`saveAllIndexes`), so the next start trusts them.
   */
  marks?: { begin(): void; end(): void };
  saveAllIndexes?: () => Promise<void>;
}

/** Wires "forget me": every place a visitor's words can be, in the order they are erased. */
export function createErasureSetup(options: ErasureSetupOptions): Erasure {
  const { config, dataset } = options;
  const erasure = createErasure({
    log: createErasureLog(path.join(config.DATA_DIR, 'erasures.json')),
    characters: () => [...options.runtimes.keys()],
    journal: options.journal,
    ...(options.feedback ? { feedback: options.feedback } : {}),
    conversations: options.conversations,
    pseudonym: (visitor) => dataset.pseudonym(visitor),
    memory: (id) => options.runtimes.get(id)?.memory,
    versions: createMemoryVersions({ directory: path.join(config.DATA_DIR, 'memory') }),
    dreams: options.dreams.service,
    reflections: { records: () => dataset.readReflections(), forget: (isErased, conversations) => options.reflection.forget(isErased, conversations) },
    dataset: {
      directory: dataset.datasetDir,
      configs: DATASET_CONFIGS.map((definition) => definition.name),
      isHubEnabled: dataset.sync.status().enabled,
      replaceShards: (change) => dataset.sync.replaceShards(change),
    },
    ...(options.afterStep ? { afterStep: options.afterStep } : {}),
    ...(options.saveIndexes ? { saveIndexes: options.saveIndexes } : {}),
  });
  if (!options.marks) return erasure;
  const marks = options.marks;
  async function bracketed<T>(work: () => Promise<T>, didWrite: (result: T) => boolean): Promise<T> {
    marks.begin();
    let wrote = true;
    try {
      const result = await work();
      wrote = didWrite(result);
      return result;
    } finally {
      await dataset.refreshReflectionShards();
      marks.end();
      if (wrote) await options.saveAllIndexes?.();
    }
  }
  return {
    erase: (request) => bracketed(() => erasure.erase(request), () => true),
    // A start with nothing left to finish saves nothing.
    resume: () => bracketed(() => erasure.resume(), (results) => results.length > 0),
  };
}
