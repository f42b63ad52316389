import { readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runAttributionBench } from './attribution.ts';
import { runCascadeBench } from './cascade.ts';
import { runDatasetBench } from './dataset.ts';
import { runDreamBench } from './dream.ts';
import { runEvolutionBench } from './evolution.ts';
import { runIngestCorpusBench } from './ingest-corpus.ts';
import { runIngestBench } from './ingest.ts';
import { runPoisoningBench } from './poisoning.ts';
import { runReflectionBench } from './reflection.ts';
import { runRetrievalBench } from './retrieval.ts';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'bench/results');

/** Every benchmark, in the order they run: the result file's name and its run function. */
const BENCHES: Array<{ name: string; run: () => Promise<string> }> = [
  { name: 'retrieval', run: runRetrievalBench },
  { name: 'cascade', run: runCascadeBench },
  { name: 'dataset', run: runDatasetBench },
  { name: 'reflection', run: runReflectionBench },
  { name: 'dream', run: runDreamBench },
  { name: 'evolution', run: runEvolutionBench },
  { name: 'attribution', run: runAttributionBench },
  { name: 'poisoning', run: () => runPoisoningBench() },
  { name: 'ingest', run: runIngestBench },
  { name: 'ingest-corpus', run: runIngestCorpusBench },
  { name: 'load', run: async () => (await import('./load.ts')).runLoadBench() },
];

/** The machine a run happened on, in one line. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** The first line of a report that says something (not a heading, not empty), shortened. */
function summaryOf(report: string): string {
  const line = report.split('\n').map((entry) => entry.trim()).find((entry) => entry.length > 0 && !entry.startsWith('#')) ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
  summary: string;
}

/** Runs every benchmark one after another; a failure is recorded and the run goes on. Returns the index. */
export async function runAllBenches(only?: string[]): Promise<string> {
  const machine = describeMachine();
  const date = new Date().toISOString();
  const outcomes: Outcome[] = [];
  await mkdir(resultsDir, { recursive: true });
  for (const bench of BENCHES.filter((entry) => !only || only.includes(entry.name))) {
    process.stderr.write(`bench ${bench.name}…\n`);
    const started = performance.now();
    try {
      const report = await bench.run();
      const seconds = (performance.now() - started) / 1000;
      const file = path.join(resultsDir, `${bench.name}.md`);
      const written = await readFile(file, 'utf8').catch(() => report);
      const stamp = `\n_Run by \`npm run bench\` on ${machine}, ${date}, in ${seconds.toFixed(1)} s._\n`;
      await writeFile(file, `${written.replace(/\n_Run by `npm run bench`[^\n]*\n?$/, '').trimEnd()}\n${stamp}`);
      outcomes.push({ name: bench.name, ok: true, seconds, summary: summaryOf(report) });
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`bench ${bench.name} failed: ${message}\n`);
      outcomes.push({ name: bench.name, ok: false, seconds, summary: `FAILED: ${message.split('\n')[0] ?? ''}` });
    }
  }
  // A run of some benchmarks keeps the other rows of the index as they were (each result file
  // carries the date of its own run).
  const indexPath = path.join(resultsDir, 'README.md');
  const rows = new Map<string, string>();
  for (const line of (await readFile(indexPath, 'utf8').catch(() => '')).split('\n')) {
    const name = /^\| \[([\w-]+)\]\(/.exec(line)?.[1];
    if (name) rows.set(name, line);
  }
  for (const outcome of outcomes) {
    rows.set(outcome.name, `| [${outcome.name}](${outcome.name}.md) | ${outcome.ok ? 'ok' : 'failed'} | ${date.slice(0, 10)} | ${outcome.seconds.toFixed(1)} | ${outcome.summary.replace(/\|/g, '\\|')} |`);
  }
  const index = [
    '# Benchmark results',
    '',
    `Machine: ${machine}. Last run: ${date}. Produced by \`npm run bench\` (bench/run.ts); how to read them: [docs/evaluation.md](../../docs/evaluation.md).`,
    '',
    '| benchmark | status | run on | time (s) | summary |',
    '|---|---|---|---|---|',
    ...BENCHES.map((bench) => rows.get(bench.name)).filter((row): row is string => row !== undefined),
    '',
  ].join('\n');
  await writeFile(indexPath, index);
  return index;
}

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const index = await runAllBenches(only.length > 0 ? only : undefined);
process.stdout.write(index);
if (index.includes('| failed |')) process.exitCode = 1;
