/**
 * Full ingestion of a novel: `ingestBook` on a 1 MB and a 10 MB text built by repeating the
 * bundled corpus texts, including reading, parsing, character discovery and the atomic write into
 * a temporary corpus folder. Each run happens in a fresh child process so its peak RSS
 * (`process.resourceUsage().maxRSS`) belongs to that run alone.
 * Run: npx tsx bench/ingest-corpus.ts
 */
import { fork } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ingestBook } from '../src/ingest/ingest-book.ts';
import { buildNovel } from './ingest.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench/results/ingest-corpus.md');
const MEGABYTE = 1024 * 1024;

/** What one run in a child process reports. */
interface RunReport {
  bytes: number;
  milliseconds: number;
  peakRssMegabytes: number;
  chapters: number;
  characters: number;
  topCharacters: string[];
}

/** Runs inside the child: ingest once, report time and peak RSS. */
async function measureOnce(bytes: number): Promise<RunReport> {
  const novel = await buildNovel(bytes);
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), 'reverie-bench-ingest-'));
  try {
    const started = performance.now();
    const result = await ingestBook({ file: novel, id: 'bench-novel', title: 'Bench Novel', corpusDir });
    const milliseconds = performance.now() - started;
    return {
      bytes: novel.byteLength,
      milliseconds,
      peakRssMegabytes: process.resourceUsage().maxRSS / 1024,
      chapters: result.chapters.length,
      characters: result.characters.length,
      topCharacters: result.characters.slice(0, 5).map((character) => character.name),
    };
  } finally {
    await rm(corpusDir, { recursive: true, force: true });
  }
}

function runInChild(bytes: number): Promise<RunReport> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--measure', String(bytes)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench child exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').at(-1)!) as RunReport);
    });
  });
}

/** Measures 1 MB (3 runs) and 10 MB (2 runs), writes bench/results/ingest-corpus.md and returns it. */
export async function runIngestCorpusBench(): Promise<string> {
  const rows: string[] = [];
  let verdict = '';
  for (const [label, bytes, runs] of [['1 MB', MEGABYTE, 3], ['10 MB', 10 * MEGABYTE, 2]] as const) {
    const reports: RunReport[] = [];
    for (let run = 0; run < runs; run += 1) reports.push(await runInChild(bytes));
    const times = reports.map((report) => report.milliseconds).sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)]!;
    const peak = Math.max(...reports.map((report) => report.peakRssMegabytes));
    const first = reports[0]!;
    rows.push(`| ${label} | ${(first.bytes / MEGABYTE).toFixed(2)} | ${runs} | ${Math.round(medianMs)} | ${Math.round(times[0]!)}-${Math.round(times.at(-1)!)} | ${Math.round(peak)} | ${first.chapters} | ${first.characters} | ${first.topCharacters.join(', ')} |`);
    if (label === '1 MB') verdict = medianMs < 2000 && peak < 300 ? 'met' : 'NOT met';
  }
  const markdown = [
    '# Ingest a novel into the corpus (full pipeline)',
    '',
    'Command: `npx tsx bench/ingest-corpus.ts`. `ingestBook` on a novel made by repeating the bundled',
    'texts (Alice, Frankenstein): decode, parse (chapters, passages, speech), discover characters and',
    'write atomically into a temporary corpus folder. Each run is a fresh child process; peak RSS is',
    'that process\'s `maxRSS`, Node itself included.',
    `Node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPUs.`,
    '',
    '| size | MB | runs | median ms | min-max ms | peak RSS MB | chapters | characters | top characters |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Goal for 1 MB: under 2,000 ms and under 300 MB: ${verdict}.`,
    '',
  ].join('\n');
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, markdown);
  return markdown;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const measureAt = process.argv.indexOf('--measure');
  if (measureAt >= 0) {
    const report = await measureOnce(Number(process.argv[measureAt + 1]));
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(await runIngestCorpusBench());
  }
}
