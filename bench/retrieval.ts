import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import { parseBook } from '../src/book/parse-book.ts';
import { evaluateFairytaleQa, parseFairytaleQa } from '../src/eval/fairytaleqa.ts';
import { evaluateLocomoTurns, locomoTurnText, parseLocomo } from '../src/eval/locomo.ts';
import { createMemoryStore, type MemoryStore } from '../src/memory/memory-store.ts';
import { openMemoryStore } from '../src/memory/snapshot.ts';
import type { MemoryItem, MemoryKind } from '../src/memory/types.ts';

const ROOT = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, ROOT), 'utf8');
const CHARACTER = 'bench';
const MEMORY_ITEMS = 200_000;

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}
const median = (values: number[]): number => percentile(values, 0.5);
const milliseconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const format = (value: number, digits = 3): string => value.toFixed(digits);

// Deterministic pseudo-random numbers so every run measures the same items and queries.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function bookItems(): MemoryItem[] {
  return ['alice', 'frankenstein'].flatMap((id) =>
    parseBook(read(`corpus/${id}/text.txt`), { id }).passages.map((passage): MemoryItem => ({
      id: passage.id, character: CHARACTER, kind: 'passage', text: passage.text, createdAt: '2025-01-01T00:00:00.000Z',
      source: [passage.id], importance: 5, bookId: id, chapter: passage.chapter,
    })),
  );
}

/** Memory items as a long-lived character would hold: turns of many visitors, reflections on sentences of its book. */
function synthesiseMemories(count: number, books: MemoryItem[], turnTexts: string[]): MemoryItem[] {
  const sentences = books.flatMap((item) => item.text.split(/(?<=[.!?])\s+/)).filter((sentence) => sentence.split(' ').length >= 6);
  const next = random(7);
  const kinds: MemoryKind[] = ['turn', 'turn', 'turn', 'visitor_fact', 'reflection', 'insight'];
  const start = Date.parse('2024-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, index): MemoryItem => {
    const kind = kinds[index % kinds.length]!;
    const isPrivate = kind === 'turn' || kind === 'visitor_fact';
    const text = isPrivate
      ? turnTexts[Math.floor(next() * turnTexts.length)]!
      : `I keep thinking about this: ${sentences[Math.floor(next() * sentences.length)]!}`;
    return {
      id: `m${index}`, character: CHARACTER, kind, text, source: [], importance: 1 + Math.floor(next() * 10),
      createdAt: new Date(start + Math.floor(next() * 500 * 86_400_000)).toISOString(),
      ...(isPrivate ? { visitor: `visitor-${Math.floor(next() * 2_000)}` } : {}),
    };
  });
}

function timeQueries(store: MemoryStore, queries: string[], visitorOf: (index: number) => string | undefined): number[] {
  for (const query of queries.slice(0, 50)) store.search(query, {}, 10);
  return queries.map((query, index) => {
    const start = process.hrtime.bigint();
    store.search(query, { visitor: visitorOf(index) }, 10);
    return milliseconds(start);
  });
}

function timeNatural(texts: string[], queries: string[]): { buildMs: number; queryMs: number[] } {
  const start = process.hrtime.bigint();
  const tfidf = new TfIdf();
  for (const text of texts) tfidf.addDocument(text);
  const buildMs = milliseconds(start);
  const queryMs = queries.map((query) => {
    const queryStart = process.hrtime.bigint();
    const scores = tfidf.tfidfs(query);
    // Ranking the scores is part of answering the query.
    scores.map((score, index) => [score, index]).sort((left, right) => right[0]! - left[0]!).slice(0, 10);
    return milliseconds(queryStart);
  });
  return { buildMs, queryMs };
}

/** Runs the retrieval benchmark, writes bench/results/retrieval.md and returns its Markdown. */
export async function runRetrievalBench(): Promise<string> {
  const lines: string[] = ['# Retrieval: speed and quality', ''];
  lines.push(`Command: \`npx tsx bench/retrieval.ts\`. Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`, '');

  const books = bookItems();
  const fairytale = parseFairytaleQa(read('bench/fixtures/fairytaleqa/val.jsonl'));
  const locomo = parseLocomo(read('bench/fixtures/locomo/locomo-dev5.json'));
  const bookQueries = fairytale.flatMap((story) => story.questions.map((question) => question.question));
  const memoryQueries = locomo.flatMap((conversation) => conversation.questions.map((question) => question.question));
  const turnTexts = locomo.flatMap((conversation) => conversation.sessions.flatMap((session) => session.turns.map((turn) => locomoTurnText(session, turn))));

  // Speed over the two bundled books.
  const bookBuilds = Array.from({ length: 5 }, () => {
    const start = process.hrtime.bigint();
    createMemoryStore({ character: CHARACTER }).add(books);
    return milliseconds(start);
  });
  const bookStore = createMemoryStore({ character: CHARACTER });
  bookStore.add(books);
  const bookQueryMs = timeQueries(bookStore, bookQueries, () => undefined);
  const bookNatural = timeNatural(books.map((item) => item.text), bookQueries.slice(0, 200));
  lines.push('## Speed', '', '| corpus | items | index build (ms) | query p50 (ms) | query p99 (ms) | natural TfIdf build (ms) | natural query p50 (ms) | p50 ratio natural / ours |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  lines.push(`| Alice + Frankenstein passages, FairytaleQA questions as queries | ${books.length} | ${format(median(bookBuilds), 1)} | ${format(median(bookQueryMs))} | ${format(percentile(bookQueryMs, 0.99))} | ${format(bookNatural.buildMs, 1)} | ${format(median(bookNatural.queryMs))} | ${format(median(bookNatural.queryMs) / median(bookQueryMs), 1)} |`);

  // Speed over 200,000 memory items, queried as a visitor (privacy filter on).
  const memories = synthesiseMemories(MEMORY_ITEMS, books, turnTexts);
  const buildStart = process.hrtime.bigint();
  const memoryStore = createMemoryStore({ character: CHARACTER, now: () => new Date('2025-06-01T00:00:00Z') });
  memoryStore.add(memories);
  const memoryBuildMs = milliseconds(buildStart);
  const memoryQueryMs = timeQueries(memoryStore, memoryQueries, (index) => `visitor-${index % 2_000}`);
  const addStart = process.hrtime.bigint();
  memoryStore.add(synthesiseMemories(1_000, books, turnTexts).map((item) => ({ ...item, id: `late-${item.id}` })));
  const incrementalMs = milliseconds(addStart) / 1_000;
  const naturalQueries = memoryQueries.slice(0, 20);
  const memoryNatural = timeNatural(memories.map((item) => item.text), naturalQueries);
  const oursOnSame = timeQueries(memoryStore, naturalQueries, () => undefined);
  lines.push(`| ${MEMORY_ITEMS.toLocaleString('en')} synthetic memories (LoCoMo turns of 2,000 visitors, reflections on book sentences), LoCoMo questions | ${MEMORY_ITEMS} | ${format(memoryBuildMs, 0)} | ${format(median(memoryQueryMs))} | ${format(percentile(memoryQueryMs, 0.99))} | ${format(memoryNatural.buildMs, 0)} | ${format(median(memoryNatural.queryMs), 1)} (${naturalQueries.length} queries) | ${format(median(memoryNatural.queryMs) / median(oursOnSame), 0)} |`);
  lines.push('', `Adding one item to the 200,000-item store afterwards (no rebuild): ${format(incrementalMs, 3)} ms per item (median over a batch of 1,000).`, '');
  lines.push('Our queries run with the visitor filter and recency/importance weighting the chat uses; natural TfIdf scores every document per query (no filter), so the ratio is a floor.', '');

  // Start-up: re-index vs snapshot, books + 10,000 memories.
  const startupItems = [...books, ...memories.slice(0, 10_000)];
  const folder = join(tmpdir(), `reverie-bench-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  const snapshotPath = join(folder, 'snapshot.json');
  const rebuildMs: number[] = [];
  const loadMs: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    rmSync(snapshotPath, { force: true });
    let start = process.hrtime.bigint();
    const rebuilt = await openMemoryStore({ character: CHARACTER, items: startupItems, snapshotPath });
    rebuildMs.push(milliseconds(start));
    start = process.hrtime.bigint();
    const loaded = await openMemoryStore({ character: CHARACTER, items: startupItems, snapshotPath });
    loadMs.push(milliseconds(start));
    if (!rebuilt.rebuilt || loaded.rebuilt) throw new Error('snapshot was not reused as expected');
  }
  const plainBuild = Array.from({ length: 3 }, () => {
    const start = process.hrtime.bigint();
    createMemoryStore({ character: CHARACTER }).add(startupItems);
    return milliseconds(start);
  });
  rmSync(folder, { recursive: true, force: true });
  lines.push('## Start-up: re-index or snapshot', '', `Books + 10,000 memories (${startupItems.length} items), median of 3:`, '');
  lines.push('| path | ms |', '|---|---:|');
  lines.push(`| plain re-index in memory | ${format(median(plainBuild), 0)} |`);
  lines.push(`| openMemoryStore, no snapshot (hash + re-index + write snapshot) | ${format(median(rebuildMs), 0)} |`);
  lines.push(`| openMemoryStore, snapshot matches (hash + read + load index) | ${format(median(loadMs), 0)} |`, '');

  // Quality, with the same store and retrieval code the characters use.
  const fairytaleReport = evaluateFairytaleQa(fairytale);
  lines.push('## Quality', '', `FairytaleQA val (${fairytaleReport.questions} questions, one index per story over its sections):`, '');
  lines.push('| | hit@1 | hit@3 | hit@5 | MRR |', '|---|---:|---:|---:|---:|');
  lines.push('| plain BM25 floor (data README) | 0.630 | 0.816 | | 0.740 |');
  lines.push(`| Reverie keyword retrieval | ${format(fairytaleReport['hit@1'])} | ${format(fairytaleReport['hit@3'])} | ${format(fairytaleReport['hit@5'])} | ${format(fairytaleReport.mrr)} |`, '');
  const locomoReport = evaluateLocomoTurns(locomo);
  lines.push(`LoCoMo dev5 (conv-26, -30, -41, -42, -43; ${locomoReport.questions} questions with evidence), turn recall:`, '');
  lines.push('| | R@5 | R@10 | R@25 | R@50 |', '|---|---:|---:|---:|---:|');
  lines.push('| DRAGON dense retriever (paper, all 10 conversations) | 0.567 | 0.662 | 0.767 | 0.827 |');
  lines.push('| plain BM25 (all 10 conversations) | 0.551 | | | |');
  lines.push(`| Reverie keyword retrieval, all categories | ${format(locomoReport['R@5'])} | ${format(locomoReport['R@10'])} | ${format(locomoReport['R@25'])} | ${format(locomoReport['R@50'])} |`);
  const categoryNames: Record<string, string> = { '1': 'multi-hop', '2': 'temporal', '3': 'open-domain', '4': 'single-hop', '5': 'adversarial' };
  for (const [category, metrics] of Object.entries(locomoReport.byCategory)) {
    lines.push(`| category ${category} (${categoryNames[category] ?? '?'}, ${metrics.questions} q) | ${format(metrics['R@5'])} | ${format(metrics['R@10'])} | ${format(metrics['R@25'])} | ${format(metrics['R@50'])} |`);
  }
  const markdown = `${lines.join('\n')}\n`;
  mkdirSync(new URL('bench/results/', ROOT), { recursive: true });
  writeFileSync(new URL('bench/results/retrieval.md', ROOT), markdown);
  return markdown;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  process.stdout.write(await runRetrievalBench());
}
