import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubSync, type HubSync, type HubSyncOptions } from '../../src/dataset/hub-sync.ts';
import { createFakeHub, type FakeHub } from '../fakes/hub-server.ts';

/** A fake Hub, a temporary dataset folder, and a way to make syncs against them. */
export interface HubTestKit {
  hub: FakeHub;
  root: string;
  datasetDir: string;
  statePath: string;
  logs: string[];
  sleeps: number[];
  makeSync(overrides?: Partial<HubSyncOptions>): HubSync;
  dispose(): Promise<void>;
}

export const TOKEN = 'hf_test_token';
export const REPO = 'reverie/memories';

/** Sets up a kit; call dispose() after the test. */
export async function createHubTestKit(): Promise<HubTestKit> {
  const hub = await createFakeHub({ treePageSize: 3 });
  const root = await mkdtemp(join(tmpdir(), 'reverie-hub-'));
  const datasetDir = join(root, 'dataset');
  const statePath = join(root, 'hub-sync.json');
  const logs: string[] = [];
  const sleeps: number[] = [];
  // Every sync made here, stopped before the folder is removed: a sync a test left running (one
  // that syncs by itself) may still be writing its state when the test ends.
  const made: HubSync[] = [];
  return {
    hub,
    root,
    datasetDir,
    statePath,
    logs,
    sleeps,
    makeSync: (overrides = {}) => {
      const sync = createHubSync({
        token: TOKEN,
        repo: REPO,
        hubUrl: hub.url,
        datasetDir,
        statePath,
        syncEvery: 1000,
        syncIntervalMs: 60_000,
        log: (message) => logs.push(message),
        sleep: async (milliseconds) => {
          sleeps.push(milliseconds);
        },
        cardInput: {
          prettyName: 'Reverie memories',
          license: 'cc-by-4.0',
          books: [{ title: 'Frankenstein', author: 'Mary Shelley', licence: 'Public domain (Project Gutenberg)' }],
        },
        ...overrides,
      });
      made.push(sync);
      return sync;
    },
    dispose: async () => {
      // Bounded: a test's hub may be made to stall, and the kit must still clean up.
      await Promise.race([Promise.allSettled(made.map((sync) => sync.stop())), new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await hub.close();
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  };
}
