import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Book } from './book/types.ts';
import type { Config } from './config.ts';
import { compactConfig } from './dataset/compaction.ts';
import { createHubSync, type HubSync } from './dataset/hub-sync.ts';
import { restoreFromHub, type RestoreResult } from './dataset/hub-restore.ts';
import { loadOrCreateKey, pseudonymize } from './dataset/scrub.ts';
import { listShards, readConfig } from './dataset/shard-reader.ts';
import { appendRows } from './dataset/shard-writer.ts';
import type { MemoryItem, ReflectionRecord } from './memory/types.ts';
import type { ShardMark } from './memory/source-marks.ts';

/** The local dataset, its Hub sync, and restore on an empty disk. */
export interface DatasetSetup {
  datasetDir: string;
  sync: HubSync;
  /** Writes an accepted reflection as a new shard and queues it for the Hub. */
  appendReflection(record: ReflectionRecord): Promise<void>;
  /** Writes rows of another config (dreams, visitor facts...) and queues them. */
  appendRows(config: 'dreams' | 'dream_audit' | 'visitor_facts' | 'conversations', rows: object[]): Promise<void>;
  /** Every reflection stored, oldest first; or only those of shards not in `except` (shards an index checkpoint vouched for). */
  readReflections(options?: { except?: readonly ShardMark[] }): Promise<ReflectionRecord[]>;
  /**
   * The reflection shards on disk (file name and size), as last listed: at start, and after each
   * write, compaction or `refreshReflectionShards` (erasure calls it after rewriting them).
   * Undefined until first listed, or when listing failed.
   */
  reflectionShards(): ShardMark[] | undefined;
  refreshReflectionShards(): Promise<void>;
  /** Every published visitor fact row, oldest first (visitors pseudonymous); none unless publishing is on. */
  readVisitorFacts(): Promise<MemoryItem[]>;
  /** The pseudonym a visitor's id is published under (HMAC-SHA256 with secret.key). */
  pseudonym(visitor: string): string;
  /** The secret key of the pseudonyms, for rewriting shards (erasure). */
  key: Uint8Array;
  /** Downloads the Hub dataset when DATA_DIR holds no memory yet; null when not needed or not configured. */
  restoreIfEmpty(): Promise<RestoreResult | null>;
  /** Downloads the Hub dataset now, whatever is on disk (`reverie restore`); files already there are kept. */
  restore(): Promise<RestoreResult>;
  /** Pushes now (admin "sync" and the CLI). */
  syncNow: HubSync['syncNow'];
  close(): Promise<void>;
}

/** Merge small shards after this many new ones, so the Hub does not fill with tiny files. */
const compactEveryShards = 50;

async function hasLocalMemory(dataDir: string, datasetDir: string): Promise<boolean> {
  const journal = await stat(path.join(dataDir, 'journal.jsonl')).then((info) => info.size > 0, () => false);
  if (journal) return true;
  const entries = await readdir(path.join(datasetDir, 'data'), { recursive: true }).catch(() => [] as string[]);
  return entries.some((entry) => String(entry).endsWith('.parquet'));
}

/** Wires the dataset room from the configuration. */
export async function createDatasetSetup(config: Config, options: { books: Book[]; log: (line: string) => void }): Promise<DatasetSetup> {
  const datasetDir = path.join(config.DATA_DIR, 'dataset');
  const key = await loadOrCreateKey(path.join(config.DATA_DIR, 'secret.key'));
  const sync = createHubSync({
    ...(config.HF_TOKEN ? { token: config.HF_TOKEN } : {}),
    ...(config.HF_DATASET_REPO ? { repo: config.HF_DATASET_REPO } : {}),
    hubUrl: config.HF_ENDPOINT,
    datasetDir,
    statePath: path.join(config.DATA_DIR, 'hub-sync.json'),
    isPrivate: config.HF_DATASET_PRIVATE,
    syncEvery: config.HF_SYNC_EVERY,
    syncIntervalMs: config.HF_SYNC_INTERVAL * 60_000,
    log: (message) => options.log(`hub: ${message}`),
    isPublishingConversations: config.HF_PUBLISH_CONVERSATIONS,
    cardInput: {
      prettyName: 'Reverie character reflections',
      license: 'cc-by-4.0',
      books: options.books.map((book) => ({ title: book.title, author: book.author, licence: 'Public domain in the USA (Project Gutenberg)' })),
    },
  });
  let newShards = 0;
  let reflectionShards: ShardMark[] | undefined;
  async function refreshReflectionShards(): Promise<void> {
    try {
      const paths = await listShards(datasetDir, 'reflections');
      reflectionShards = await Promise.all(paths.map(async (file) => ({ file: path.basename(file), bytes: (await stat(file)).size })));
    } catch {
      reflectionShards = undefined;
    }
  }

  async function write(configName: 'reflections' | 'dreams' | 'dream_audit' | 'visitor_facts' | 'conversations', rows: object[]): Promise<void> {
    try {
      const shard = await appendRows(datasetDir, configName, rows, { key });
      sync.notifyNewShard(shard);
      newShards += 1;
      if (newShards >= compactEveryShards) {
        newShards = 0;
        const result = await compactConfig(datasetDir, configName);
        if (result.status === 'compacted') sync.notifyCompaction(result);
      }
    } finally {
      if (configName === 'reflections') await refreshReflectionShards();
    }
  }

  async function restore(): Promise<RestoreResult> {
    if (!config.HF_TOKEN || !config.HF_DATASET_REPO) throw new Error('The Hub is not configured: set HF_TOKEN and HF_DATASET_REPO');
    try {
      return await restoreFromHub({ token: config.HF_TOKEN, repo: config.HF_DATASET_REPO, hubUrl: config.HF_ENDPOINT, datasetDir, log: (message) => options.log(`hub: ${message}`) });
    } finally {
      await refreshReflectionShards();
    }
  }

  await refreshReflectionShards();

  return {
    datasetDir,
    sync,
    appendReflection: (record) => write('reflections', [record]),
    // Conversations and visitor facts leave the machine only when the operator opts in.
    appendRows: (configName, rows) =>
      rows.length === 0 ? Promise.resolve() : (configName === 'dreams' || configName === 'dream_audit' || config.HF_PUBLISH_CONVERSATIONS ? write(configName, rows) : Promise.resolve()),
    async readReflections(readOptions = {}) {
      const shards = await listShards(datasetDir, 'reflections').catch(() => []);
      if (shards.length === 0) return [];
      const except = new Map((readOptions.except ?? []).map((shard) => [shard.file, shard.bytes]));
      if (except.size === 0) return readConfig(datasetDir, 'reflections');
      const sizes = new Map((reflectionShards ?? []).map((shard) => [shard.file, shard.bytes]));
      return readConfig(datasetDir, 'reflections', { skip: (file) => except.get(path.basename(file)) === sizes.get(path.basename(file)) && except.has(path.basename(file)) });
    },
    reflectionShards: () => reflectionShards,
    refreshReflectionShards,
    async readVisitorFacts() {
      if (!config.HF_PUBLISH_CONVERSATIONS) return [];
      const shards = await listShards(datasetDir, 'visitor_facts').catch(() => []);
      return shards.length === 0 ? [] : readConfig(datasetDir, 'visitor_facts');
    },
    pseudonym: (visitor) => pseudonymize(visitor, key),
    key,
    async restoreIfEmpty() {
      if (!config.HF_TOKEN || !config.HF_DATASET_REPO) return null;
      if (await hasLocalMemory(config.DATA_DIR, datasetDir)) return null;
      options.log(`hub: DATA_DIR holds no memory; restoring from ${config.HF_DATASET_REPO}`);
      return restore();
    },
    restore,
    syncNow: () => sync.syncNow(),
    async close() {
      await sync.stop();
    },
  };
}
