/**
 * Dataset room timings against the fake Hub (test/fakes/hub-server.ts) on 127.0.0.1:
 * restoring 100,000 reflections (download, read rows, rebuild memory stores), syncing 1,000 new
 * reflections, and shard write throughput. Medians over a few runs.
 * Run: npx tsx bench/dataset.ts
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { restoreFromHub } from '../src/dataset/hub-restore.ts';
import { createMemoryStore as createBaselineStore } from './baseline/minisearch-store.ts';
import { createHubSync } from '../src/dataset/hub-sync.ts';
import { readConfig } from '../src/dataset/shard-reader.ts';
import { appendRows } from '../src/dataset/shard-writer.ts';
import { reflectionsByCharacter } from '../src/dataset/to-memory.ts';
import { createMemoryStore } from '../src/memory/memory-store.ts';
import type { ReflectionRecord } from '../src/memory/types.ts';
import { createFakeHub } from '../test/fakes/hub-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench/results/dataset.md');
const TOTAL_REFLECTIONS = 100_000;
const SHARD_ROWS = 2_000;
const RUNS = 3;
const KEY = Buffer.alloc(32, 11);
const TOKEN = 'hf_bench';
const REPO = 'bench/reverie';
const WORDS = 'rabbit watch garden queen croquet tea hatter cat grin door key bottle cake tears pool mouse caucus lizard'.split(' ');

function reflection(index: number): ReflectionRecord {
  const words = Array.from({ length: 40 }, (_, offset) => WORDS[(index * 7 + offset * 3) % WORDS.length]).join(' ');
  return {
    id: `r-${index}`,
    character: ['alice', 'victor', 'hatter', 'creature'][index % 4]!,
    kind: index % 2 === 0 ? 'chapter' : 'chat',
    text: `I keep thinking about the ${words}.`,
    createdAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
    ...(index % 2 === 0 ? { chapter: (index % 12) + 1 } : { conversationId: `c-${index % 500}` }),
    evidence: [`p-${index % 900}`, `p-${(index + 1) % 900}`],
    mood: ((index % 9) - 4) / 10,
    importance: (index % 10) + 1,
    provider: 'anthropic',
    model: 'claude',
    inputTokens: 1200,
    outputTokens: 180,
    verdict: index % 50 === 0 ? 'quarantined' : 'accepted',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await action();
  return { value, ms: performance.now() - start };
}

/** Runs the dataset benchmark, writes bench/results/dataset.md and returns its markdown. */
export async function runDatasetBench(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'reverie-bench-'));
  const hub = await createFakeHub();
  try {
    const sourceDir = path.join(root, 'source');
    const log = (): void => undefined;
    const sync = createHubSync({
      token: TOKEN, repo: REPO, hubUrl: hub.url, datasetDir: sourceDir, statePath: path.join(root, 'sync.json'),
      syncEvery: Number.MAX_SAFE_INTEGER, syncIntervalMs: 3_600_000, log,
      cardInput: { prettyName: 'Reverie bench', license: 'cc-by-4.0', books: [] },
    });

    // Shard write throughput, on the shards the restore will use.
    const writeRates: number[] = [];
    for (let start = 0; start < TOTAL_REFLECTIONS; start += SHARD_ROWS) {
      const rows = Array.from({ length: SHARD_ROWS }, (_, offset) => reflection(start + offset));
      const { ms } = await timed(() => appendRows(sourceDir, 'reflections', rows, { key: KEY }));
      writeRates.push(SHARD_ROWS / (ms / 1000));
    }
    const initial = await timed(() => sync.syncNow());

    // Sync of 1,000 new reflections, each run a new shard.
    const syncTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const rows = Array.from({ length: 1_000 }, (_, offset) => reflection(TOTAL_REFLECTIONS + run * 1_000 + offset));
      sync.notifyNewShard(await appendRows(sourceDir, 'reflections', rows, { key: KEY }));
      const { value, ms } = await timed(() => sync.syncNow());
      if (value.status !== 'synced') throw new Error(`bench sync failed: ${value.error}`);
      syncTimes.push(ms);
    }
    const restoredRows = TOTAL_REFLECTIONS + RUNS * 1_000;

    // Restore into an empty folder, read every row, rebuild the memory stores.
    const download: number[] = [];
    const read: number[] = [];
    const stores: number[] = [];
    const baselineStores: number[] = [];
    const total: number[] = [];
    let storedItems = 0;
    for (let run = 0; run < RUNS; run++) {
      const targetDir = path.join(root, `restore-${run}`);
      const downloaded = await timed(() => restoreFromHub({ token: TOKEN, repo: REPO, hubUrl: hub.url, datasetDir: targetDir, log }));
      const rows = await timed(() => readConfig(targetDir, 'reflections'));
      if (rows.value.length !== restoredRows) throw new Error(`restored ${rows.value.length} rows, expected ${restoredRows}`);
      const built = await timed(async () => {
        let count = 0;
        for (const [character, items] of reflectionsByCharacter(rows.value)) {
          const store = createMemoryStore({ character });
          store.add(items);
          count += store.size;
        }
        return count;
      });
      storedItems = built.value;
      // The same rows into the engine this one replaced (minisearch, bench/baseline), in the same run.
      if (run === 0) {
        const baseline = await timed(async () => {
          for (const [character, items] of reflectionsByCharacter(rows.value)) createBaselineStore({ character }).add(items);
        });
        baselineStores.push(baseline.ms);
      }
      download.push(downloaded.ms);
      read.push(rows.ms);
      stores.push(built.ms);
      total.push(downloaded.ms + rows.ms + built.ms);
      await rm(targetDir, { recursive: true, force: true });
    }

    const seconds = (milliseconds: number): string => (milliseconds / 1000).toFixed(2);
    const lines = [
      '# Dataset benchmark',
      '',
      `Run: \`npx tsx bench/dataset.ts\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, fake Hub on 127.0.0.1).`,
      `Medians of ${RUNS} runs unless said otherwise.`,
      '',
      '| measure | median |',
      '|---|---|',
      `| restore ${restoredRows.toLocaleString('en')} reflections (${Math.ceil(restoredRows / SHARD_ROWS)} shards): download | ${seconds(median(download))} s |`,
      `| restore: read every row (hyparquet) | ${seconds(median(read))} s |`,
      `| restore: rebuild memory stores (${storedItems.toLocaleString('en')} accepted items, 4 characters) | ${seconds(median(stores))} s |`,
      `| **restore total** (goal under 4 s) | **${seconds(median(total))} s** |`,
      `| the same rebuild with the previous engine (minisearch, 1 run, same process) | ${seconds(median(baselineStores))} s |`,
      `| sync 1,000 new reflections (one shard, one commit) | ${median(syncTimes).toFixed(0)} ms |`,
      `| first sync of ${TOTAL_REFLECTIONS.toLocaleString('en')} reflections (${TOTAL_REFLECTIONS / SHARD_ROWS} shards, one commit, 1 run) | ${seconds(initial.ms)} s |`,
      `| shard write throughput (${SHARD_ROWS.toLocaleString('en')}-row shards, scrub + encode + atomic write, median of ${writeRates.length}) | ${Math.round(median(writeRates)).toLocaleString('en')} rows/s |`,
      '',
    ];
    const markdown = lines.join('\n');
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, markdown);
    return markdown;
  } finally {
    await hub.close();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runDatasetBench());
}
