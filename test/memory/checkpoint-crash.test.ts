import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../src/memory/memory-store.ts';
import { openMemoryStore } from '../../src/memory/store-checkpoint.ts';
import { crashItems } from '../fixtures/processes/crash-items.ts';
import { expectSameRanking } from '../helpers/same-ranking.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

const NOW = new Date('2025-06-01T00:00:00Z');
const probes: Array<[string, Parameters<MemoryStore['search']>[1]]> = [
  ['rabbit watch queen', {}],
  ['duchess pepper turtle', { visitor: 'visitor-3' }],
  ['tea hatter', { kinds: ['passage'] }],
  ['cat grin door', { visitor: 'visitor-7', kinds: ['turn'] }],
];
function expectSameAnswers(store: MemoryStore, reference: MemoryStore): void {
  for (const [query, filter] of probes) expectSameRanking(store.search(query, filter, 10), reference.search(query, filter, 10), query);
}

/** Runs the writer until it has saved at least once, then kills it with SIGKILL after `delayMs` more. */
function runAndKill(file: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/fixtures/processes/checkpoint-writer.ts'), file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let saved = -1;
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const rounds = [...chunk.toString().matchAll(/saved (\d+)/g)].map((match) => Number(match[1]));
      if (rounds.length === 0) return;
      if (saved === -1) setTimeout(() => child.kill('SIGKILL'), delayMs);
      saved = Math.max(saved, ...rounds);
    });
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(saved) : reject(new Error(`writer exited ${code}: ${errors}`))));
  });
}

describe('an index checkpoint killed mid-write', () => {
  it('is either loaded and then corrected to its sources, or refused and rebuilt: never silently stale', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'reverie-crash-'));
    folders.push(folder);
    const file = path.join(folder, 'alice.rvix');
    const outcomes = { loaded: 0, refused: 0 };
    for (const delayMs of [0, 7, 23, 61, 140]) {
      const saved = await runAndKill(file, delayMs);
      expect(saved).toBeGreaterThanOrEqual(0);
      // The sources at restart are those of some later round than any checkpoint: the journal moved on.
      const sources = crashItems(saved + 3);
      const opened = await openMemoryStore({ character: 'alice', now: () => NOW, checkpointPath: file });
      if (opened.loaded) outcomes.loaded += 1;
      else outcomes.refused += 1;
      opened.store.add(sources);
      opened.store.settle();
      const fresh = createMemoryStore({ character: 'alice', now: () => NOW });
      fresh.add(sources);
      expectSameAnswers(opened.store, fresh);
      expect(opened.store.size).toBe(fresh.size);
    }
    expect(outcomes.loaded).toBeGreaterThan(0);
  }, 120_000);
});
