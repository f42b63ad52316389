import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { commit, createRepo, datasetInfo, repoExists, type CommitOperation } from '@huggingface/hub';
import { writeFileAtomic } from './atomic-file.ts';
import { loadSyncState, saveSyncState, type SyncState } from './sync-state.ts';
import { renderDatasetCard, type DatasetCardInput } from './dataset-card.ts';
import {
  configOfPath,
  datasetRepo,
  gitBlobOid,
  listLocalDatasetFiles,
  listRemoteFiles,
  publishedConfigs,
  type HubRepoAccess,
} from './hub-files.ts';
import { backoffDelayMs, describeError, isRetryable, isStaleParent } from './retry.ts';

/** Options of createHubSync. Without token or repo the sync is disabled. */
export interface HubSyncOptions {
  token?: string;
  /** `namespace/name` of the dataset repository. */
  repo?: string;
  hubUrl: string;
  datasetDir: string;
  /** JSON file keeping the queue of unsynced shards across restarts. */
  statePath: string;
  /** Create the repository private (the default) or public. */
  isPrivate?: boolean;
  /** Sync once this many shards are waiting. */
  syncEvery: number;
  /** Sync at least this often while started. */
  syncIntervalMs: number;
  log: (message: string) => void;
  sleep?: (milliseconds: number) => Promise<void>;
  cardInput: DatasetCardInput;
  /** Publish opt-in configs (conversations, visitor facts): HF_PUBLISH_CONVERSATIONS. */
  isPublishingConversations?: boolean;
  /** Tries per sync before giving up until the next one. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** What one sync did. */
export interface SyncResult {
  status: 'synced' | 'up-to-date' | 'failed' | 'disabled';
  uploaded: string[];
  deleted: string[];
  commitOid?: string;
  attempts: number;
  error?: string;
}

/** What the sync reports about itself. */
export interface HubSyncStatus {
  enabled: boolean;
  reason?: string;
  lastSyncAt: string | null;
  pending: number;
  lastError: string | null;
}

/** What compaction reports, so the next sync replaces the old shards on the Hub too. */
export interface ShardReplacement {
  created: string;
  removed: string[];
}

/** Shards written and shards deleted locally, that the Hub must follow in one commit. */
export interface ShardChange {
  created: string[];
  removed: string[];
}

/** Keeps the Hub repository a mirror of the local dataset folder. */
export interface HubSync {
  notifyNewShard(path: string): void;
  notifyCompaction(replacement: ShardReplacement): void;
  /**
   * Queues a rewrite of shards (erasure) and pushes it now: the new shards and the deletion of
   * the old ones go in one commit, after any sync already running. The queue is saved first, so
   * a failed or interrupted push is completed by a later sync.
   */
  replaceShards(change: ShardChange): Promise<SyncResult>;
  syncNow(): Promise<SyncResult>;
  status(): HubSyncStatus;
  start(): void;
  /** Stops the timer and pushes whatever is pending. */
  stop(): Promise<void>;
}

function disabledSync(reason: string, log: (message: string) => void): HubSync {
  log(`Hub sync disabled: ${reason}`);
  const result: SyncResult = { status: 'disabled', uploaded: [], deleted: [], attempts: 0 };
  return {
    notifyNewShard: () => undefined,
    notifyCompaction: () => undefined,
    replaceShards: async () => result,
    syncNow: async () => result,
    status: () => ({ enabled: false, reason, lastSyncAt: null, pending: 0, lastError: null }),
    start: () => undefined,
    stop: async () => undefined,
  };
}

/** Creates the Hub sync, or a disabled one (saying why, once) without token or repo. */
export function createHubSync(options: HubSyncOptions): HubSync {
  const { token, repo } = options;
  if (!token || !repo) return disabledSync(!token ? 'no Hub token configured' : 'no Hub repo configured', options.log);
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) return disabledSync(`repo "${repo}" is not namespace/name`, options.log);
  if (!token.startsWith('hf_')) return disabledSync('the Hub token does not start with hf_', options.log);
  const access: HubRepoAccess = { token, repo, hubUrl: options.hubUrl };
  const sleep = options.sleep ?? ((milliseconds) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  const maxAttempts = options.maxAttempts ?? 5;
  const configs = publishedConfigs(options.isPublishingConversations ?? false);
  let state: SyncState | undefined;
  let statePromise: Promise<SyncState> | undefined;
  let lastError: string | null = null;
  let isRepoKnown = false;
  let inFlight: Promise<SyncResult> | undefined;
  let isQueued = false;
  let timer: NodeJS.Timeout | undefined;

  const getState = (): Promise<SyncState> => {
    statePromise ??= loadSyncState(options.statePath).then((loaded) => (state = loaded));
    return statePromise;
  };
  const saveState = (current: SyncState): Promise<void> => saveSyncState(options.statePath, current);
  const toRepoPath = (path: string): string => relative(options.datasetDir, path).split(sep).join('/');

  async function ensureRepo(): Promise<void> {
    if (isRepoKnown) return;
    const exists = await repoExists({ repo: datasetRepo(repo!), hubUrl: access.hubUrl, accessToken: token });
    if (!exists) {
      const visibility = options.isPrivate === false ? 'public' : 'private';
      await createRepo({ repo: datasetRepo(repo!), visibility, hubUrl: access.hubUrl, accessToken: token! });
      options.log(`Created ${visibility} dataset repo ${repo}`);
    }
    isRepoKnown = true;
  }

  async function attemptSync(current: SyncState): Promise<Omit<SyncResult, 'attempts' | 'status'> & { isEmpty: boolean }> {
    await ensureRepo();
    const remote = await listRemoteFiles(access);
    const local = await listLocalDatasetFiles(options.datasetDir, configs);
    const operations: CommitOperation[] = [];
    const uploaded: string[] = [];
    for (const path of local) {
      const existing = remote.get(path);
      // Shards are named by content: present on the Hub means identical, so not even read.
      if (existing && configOfPath(path) !== undefined) continue;
      const bytes = await readFile(`${options.datasetDir}/${path}`).catch(() => undefined);
      if (!bytes) continue;
      // State files change in place: compare git blob ids.
      if (existing && existing.oid === gitBlobOid(bytes)) continue;
      operations.push({ operation: 'addOrUpdate', path, content: new Blob([bytes]) });
      uploaded.push(path);
    }
    const deleted = current.deletions.filter((path) => remote.has(path));
    for (const path of deleted) operations.push({ operation: 'delete', path });
    const present = new Set<string>();
    for (const path of [...local, ...[...remote.keys()].filter((path) => !deleted.includes(path))]) {
      const config = configOfPath(path);
      if (config) present.add(config);
    }
    const card = Buffer.from(renderDatasetCard(options.cardInput, [...present]));
    await writeFileAtomic(`${options.datasetDir}/README.md`, card);
    if (remote.get('README.md')?.oid !== gitBlobOid(card)) {
      operations.push({ operation: 'addOrUpdate', path: 'README.md', content: new Blob([card]) });
      uploaded.push('README.md');
    }
    if (operations.length === 0) return { uploaded: [], deleted: [], isEmpty: true };
    const info = await datasetInfo({ name: repo!, additionalFields: ['sha'], hubUrl: access.hubUrl, accessToken: token });
    const output = await commit({
      repo: datasetRepo(repo!),
      operations,
      title: `Reverie sync: ${uploaded.length} added, ${deleted.length} removed`,
      parentCommit: info.sha,
      hubUrl: access.hubUrl,
      accessToken: token!,
      useXet: false,
    });
    return { uploaded: uploaded.sort(), deleted, commitOid: output?.commit.oid, isEmpty: false };
  }

  async function runSync(): Promise<SyncResult> {
    const current = await getState();
    const snapshotPending = new Set(current.pending);
    const snapshotDeletions = new Set(current.deletions);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await attemptSync(current);
        // Keep what was queued while this sync ran; drop what it covered.
        current.pending = current.pending.filter((path) => !snapshotPending.has(path));
        current.deletions = current.deletions.filter((path) => !snapshotDeletions.has(path));
        current.lastSyncAt = new Date().toISOString();
        await saveState(current);
        lastError = null;
        if (!outcome.isEmpty) options.log(`Hub sync: ${outcome.uploaded.length} uploaded, ${outcome.deleted.length} deleted`);
        const { isEmpty, ...rest } = outcome;
        return { status: isEmpty ? 'up-to-date' : 'synced', ...rest, attempts: attempt };
      } catch (error) {
        lastError = describeError(error);
        if (isStaleParent(error) && attempt < maxAttempts) {
          options.log(`Hub sync: head moved, refetching and retrying (${lastError})`);
          continue;
        }
        if (!isRetryable(error) || attempt >= maxAttempts) {
          options.log(`Hub sync failed after ${attempt} attempt(s): ${lastError}`);
          return { status: 'failed', uploaded: [], deleted: [], attempts: attempt, error: lastError };
        }
        const delayMs = backoffDelayMs(attempt - 1, options.baseDelayMs ?? 1000, options.maxDelayMs ?? 60_000);
        options.log(`Hub sync attempt ${attempt} failed (${lastError}); retrying in ${delayMs} ms`);
        await sleep(delayMs);
      }
    }
  }

  function syncNow(): Promise<SyncResult> {
    // One sync at a time; a call during a sync gets one more sync right after it.
    if (inFlight) {
      if (!isQueued) {
        isQueued = true;
        inFlight = inFlight.then(() => {
          isQueued = false;
          return runSync();
        });
      }
      return inFlight;
    }
    const running = runSync().finally(() => {
      if (inFlight === running) inFlight = undefined;
    });
    inFlight = running;
    return running;
  }

  function enqueue(change: (current: SyncState) => void): void {
    void getState()
      .then(async (current) => {
        change(current);
        await saveState(current);
        if (current.pending.length >= options.syncEvery) await syncNow();
      })
      .catch((error: unknown) => options.log(`Hub sync could not queue a change: ${describeError(error)}`));
  }

  void getState().catch((error: unknown) => {
    lastError = describeError(error);
  });

  return {
    notifyNewShard(path) {
      const repoPath = toRepoPath(path);
      enqueue((current) => {
        if (!current.pending.includes(repoPath)) current.pending.push(repoPath);
      });
    },
    notifyCompaction(replacement) {
      const created = toRepoPath(replacement.created);
      const removed = replacement.removed.map(toRepoPath);
      enqueue((current) => {
        current.pending = current.pending.filter((path) => !removed.includes(path));
        if (!current.pending.includes(created)) current.pending.push(created);
        for (const path of removed) if (!current.deletions.includes(path)) current.deletions.push(path);
      });
    },
    async replaceShards(change) {
      // Wait for a sync in flight: it may have listed the files before the rewrite.
      if (inFlight) await inFlight.catch(() => undefined);
      const current = await getState();
      const created = change.created.map(toRepoPath);
      const removed = change.removed.map(toRepoPath);
      current.pending = current.pending.filter((path) => !removed.includes(path));
      for (const path of created) if (!current.pending.includes(path)) current.pending.push(path);
      for (const path of removed) if (!current.deletions.includes(path) && !created.includes(path)) current.deletions.push(path);
      await saveState(current);
      return syncNow();
    },
    syncNow,
    status: () => ({
      enabled: true,
      lastSyncAt: state?.lastSyncAt ?? null,
      pending: state?.pending.length ?? 0,
      lastError,
    }),
    start() {
      if (timer) return;
      timer = setInterval(() => void syncNow(), options.syncIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (inFlight) await inFlight;
      const current = await getState();
      if (current.pending.length > 0 || current.deletions.length > 0) await syncNow();
    },
  };
}
