/**
 * Ingest speed and memory: decode + parse a 1 MB and a 10 MB novel built by repeating the corpus
 * texts (chapter headings and all), timing several runs and sampling the process RSS meanwhile.
 * Run: npx tsx bench/ingest.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeText } from '../src/book/decode-text.ts';
import { parseBook } from '../src/book/parse-book.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench/results/ingest.md');
const MEGABYTE = 1024 * 1024;

/** One measured size: median and spread of wall time, peak RSS, and what came out. */
export interface IngestMeasure {
  label: string;
  bytes: number;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  peakRssMegabytes: number;
  baselineRssMegabytes: number;
  chapters: number;
  passages: number;
  speeches: number;
}

/** Repeats the corpus texts until the result is at least `bytes` long, as UTF-8 bytes. */
export async function buildNovel(bytes: number): Promise<Uint8Array> {
  const texts = await Promise.all(
    ['alice', 'frankenstein'].map((id) => readFile(path.join(ROOT, 'corpus', id, 'text.txt'), 'utf8')),
  );
  const parts: string[] = [];
  let length = 0;
  for (let index = 0; length < bytes; index += 1) {
    const text = texts[index % texts.length]!;
    parts.push(text);
    length += Buffer.byteLength(text);
  }
  return new TextEncoder().encode(parts.join('\n\n'));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Times decode + parse of `bytes` several times while sampling RSS every 5 ms. */
export async function measureIngest(label: string, bytes: Uint8Array, runs: number): Promise<IngestMeasure> {
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const durations: number[] = [];
  let last: ReturnType<typeof parseBook> | null = null;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    last = parseBook(decodeText(bytes), { id: 'bench' });
    durations.push(performance.now() - started);
    peak = Math.max(peak, process.memoryUsage().rss);
    // Let the sampler run between runs (parsing itself is synchronous).
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  clearInterval(sampler);
  return {
    label,
    bytes: bytes.length,
    runs,
    medianMs: median(durations),
    minMs: Math.min(...durations),
    maxMs: Math.max(...durations),
    peakRssMegabytes: peak / MEGABYTE,
    baselineRssMegabytes: baseline / MEGABYTE,
    chapters: last?.chapters.length ?? 0,
    passages: last?.passages.length ?? 0,
    speeches: last?.speeches.length ?? 0,
  };
}

/** Runs the 1 MB and 10 MB measurements, writes bench/results/ingest.md and returns its Markdown. */
export async function runIngestBench(): Promise<string> {
  const small = await measureIngest('1 MB', await buildNovel(MEGABYTE), 5);
  const large = await measureIngest('10 MB', await buildNovel(10 * MEGABYTE), 3);
  const rows = [small, large].map(
    (measure) =>
      `| ${measure.label} | ${(measure.bytes / MEGABYTE).toFixed(2)} | ${measure.runs} | ${measure.medianMs.toFixed(0)} | ` +
      `${measure.minMs.toFixed(0)}-${measure.maxMs.toFixed(0)} | ${measure.peakRssMegabytes.toFixed(0)} | ` +
      `${measure.baselineRssMegabytes.toFixed(0)} | ${measure.chapters} | ${measure.passages} | ${measure.speeches} |`,
  );
  const markdown = [
    '# Ingest: decode + parse a novel',
    '',
    'Command: `npx tsx bench/ingest.ts`. The novels repeat the corpus texts (Alice, Frankenstein) up to',
    'the size; time is wall-clock for `decodeText` + `parseBook`; RSS is the whole process (sampled every',
    '5 ms and after each run), so it includes Node itself (baseline column).',
    `Node ${process.version}, ${process.platform}/${process.arch}.`,
    '',
    '| size | MB | runs | median ms | min-max ms | peak RSS MB | baseline RSS MB | chapters | passages | speeches |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Goal for 1 MB: under 2,000 ms and under 300 MB: ${small.medianMs < 2000 && small.peakRssMegabytes < 300 ? 'met' : 'NOT met'}.`,
    `10 MB / 1 MB time ratio: ${(large.medianMs / small.medianMs).toFixed(1)}.`,
    '',
  ].join('\n');
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, markdown);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runIngestBench());
}
