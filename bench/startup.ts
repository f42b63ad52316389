import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { appendRows } from '../src/dataset/shard-writer.ts';
import { createReverie } from '../src/main.ts';
import { createJournal } from '../src/memory/journal.ts';
import { readTurnFacts } from '../src/memory/visitor-facts/fact-items.ts';
import type { ReflectionRecord, TurnRecord } from '../src/memory/types.ts';

/**
 * Start-up of the real server (createReverie until it is ready) on a DATA_DIR holding 200,000
 * memory items for one character: 100,000 visitor turns of 2,000 visitors in the journal (with
 * the characters' 100,000 replies) and 100,000 reflections in the dataset's shards. The first
 * start indexes everything from those sources; the next starts find the index checkpoints the
 * first one saved. Each start is a fresh process, as a restart is (an earlier start's garbage in
 * the same heap would weigh on the next one's collector). Run: `node --import tsx bench/startup.ts`;
 * STARTUP_DATA_DIR=<dir> keeps the filled folder for the next run (STARTUP_FILL_ONLY=1 only fills it).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VISITOR_TURNS = 100_000;
const REFLECTIONS = 100_000;
const VISITORS = 2_000;
const CHARACTER = 'alice';
const SAYINGS = [
  'I went sailing with my sister Ana last weekend and we saw dolphins near the lighthouse.',
  'My dog is called Rex and he hates the rain, so we stay in and read books.',
  'What did you think when the Queen shouted at everyone during the croquet game?',
  'I work as a nurse in Lyon and the night shifts are long, but I love my patients.',
  'Do you remember the tea party with the Hatter and the March Hare?',
  'My exam is on Friday and I am nervous about the history questions.',
  'Why did the Cheshire Cat keep disappearing and leaving only its grin behind?',
  'I moved to Porto last spring and I am still learning the language.',
];
const REPLY = 'I remember it well: the Queen of Hearts had a way of shouting "Off with her head!" at everyone, and the croquet balls were live hedgehogs and the mallets flamingoes, which made the game very difficult indeed.';
const WORDS = 'rabbit watch garden queen croquet tea hatter cat grin door key bottle cake tears pool mouse caucus lizard duchess pepper'.split(' ');

function reflection(index: number): ReflectionRecord {
  const words = Array.from({ length: 30 }, (_, offset) => WORDS[(index * 7 + offset * 3) % WORDS.length]).join(' ');
  return {
    id: `r-${index}`, character: CHARACTER, kind: index % 2 === 0 ? 'chapter' : 'chat', text: `I keep thinking about the ${words}, on evening ${index}.`,
    createdAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(), ...(index % 2 === 0 ? { chapter: (index % 12) + 1 } : { conversationId: `c-${index % 500}` }),
    evidence: [], mood: 0, importance: (index % 10) + 1, provider: 'offline', model: 'offline-diary', inputTokens: 0, outputTokens: 0, verdict: 'accepted',
  };
}

async function fillDataDir(dataDir: string): Promise<{ journalBytes: number }> {
  const lines: string[] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let index = 0; index < VISITOR_TURNS; index += 1) {
    const visitor = `visitor-${String(index % VISITORS).padStart(5, '0')}-abcdefghij`;
    const conversationId = `conversation-${index % (VISITORS * 3)}`;
    const text = `${SAYINGS[index % SAYINGS.length]!} (${index})`;
    const asked: TurnRecord = { id: randomUUID(), character: CHARACTER, visitor, conversationId, role: 'visitor', text, createdAt: new Date(start + index * 30_000).toISOString(), ...readTurnFacts(text) };
    const replied: TurnRecord = { id: randomUUID(), character: CHARACTER, visitor, conversationId, role: 'character', text: REPLY, createdAt: new Date(start + index * 30_000 + 1_000).toISOString(), provider: 'offline', model: 'offline-voice', usage: { inputTokens: 0, outputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    lines.push(JSON.stringify(asked), JSON.stringify(replied));
  }
  const journalPath = path.join(dataDir, 'journal.jsonl');
  await mkdir(dataDir, { recursive: true });
  await writeFile(journalPath, `${lines.join('\n')}\n`);
  const datasetDir = path.join(dataDir, 'dataset');
  for (let first = 0; first < REFLECTIONS; first += 2_000) {
    await appendRows(datasetDir, 'reflections', Array.from({ length: 2_000 }, (_, offset) => reflection(first + offset)), { key: Buffer.alloc(32, 7) });
  }
  return { journalBytes: (await stat(journalPath)).size };
}

type StartTiming = { readyMs: number; cpuMs: number; items: number; logs: string[] };

/** One start in a process of its own (this file with `--start <dir>`). */
async function timeStart(dataDir: string): Promise<StartTiming> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--start', dataDir], { cwd: ROOT, maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as StartTiming;
}

async function startHere(dataDir: string): Promise<StartTiming> {
  const logs: string[] = [];
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LLM_CASCADE: 'offline', REFLECTION_ENABLED: 'false', CHARACTERS_DIR: path.join(ROOT, 'characters'), CORPUS_DIR: path.join(ROOT, 'corpus') }, {});
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const reverie = await createReverie(config, { log: (line) => logs.push(line) });
  await reverie.ready;
  const readyMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const items = reverie.runtimes.get(CHARACTER)!.memory.size;
  await reverie.close();
  // CPU time (every thread of the process) tells the work done from the wait for shared cores.
  return { readyMs, cpuMs: (cpu.user + cpu.system) / 1000, items, logs };
}

/** Runs the start-up benchmark, writes bench/results/startup.md and returns it. */
export async function runStartupBench(): Promise<string> {
  const dataDir = process.env.STARTUP_DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'reverie-startup-')));
  try {
    if (process.env.STARTUP_FILL_ONLY) {
      await fillDataDir(dataDir);
      return dataDir;
    }
    // A STARTUP_DATA_DIR filled by an earlier run is used as it is (filling takes longer than the
    // starts); its checkpoints are removed so the first start still indexes from the sources.
    const journalPath = path.join(dataDir, 'journal.jsonl');
    const isFilled = process.env.STARTUP_DATA_DIR !== undefined && (await stat(journalPath).then(() => true, () => false));
    const { journalBytes } = isFilled ? { journalBytes: (await stat(journalPath)).size } : await fillDataDir(dataDir);
    await rm(path.join(dataDir, 'index'), { recursive: true, force: true });
    const replayStart = performance.now();
    // Only the count is kept: 200,000 turns held through the starts would weigh on their gc.
    const replayedTurns = (await createJournal({ path: journalPath }).replay()).turns.length;
    const replayMs = performance.now() - replayStart;
    const first = await timeStart(dataDir);
    const again = process.env.ONE_RUN ? [first, first, first] : [await timeStart(dataDir), await timeStart(dataDir), await timeStart(dataDir)];
    const readyAgain = again.map((run) => run.readyMs).sort((left, right) => left - right)[1]!;
    const cpuAgain = again.map((run) => run.cpuMs).sort((left, right) => left - right)[1]!;
    const load = os.loadavg().map((value) => value.toFixed(2)).join(', ');
    const checkpointBytes = (await stat(path.join(dataDir, 'index', `${CHARACTER}.rvix`))).size;
    const lines = [
      '# Start-up with 200,000 memory items stored',
      '',
      `Command: \`node --import tsx bench/startup.ts\`. ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}, load average at the end ${load}.`,
      '',
      `DATA_DIR: a journal of ${(VISITOR_TURNS * 2).toLocaleString('en')} turns (${(journalBytes / 2 ** 20).toFixed(0)} MiB; ${VISITOR_TURNS.toLocaleString('en')} visitor turns of ${VISITORS.toLocaleString('en')} visitors, which are memory items, and the replies, which are not), and ${REFLECTIONS.toLocaleString('en')} reflections in Parquet shards, all for ${CHARACTER}; the other five bundled characters start with their books only. "Ready" is \`createReverie\` until \`ready\` resolves (GET /readyz would answer 200): books parsed, journal replayed, facts and reflections added, dreams' versions applied, indexes settled.`,
      '',
      '| start | ready (ms) | CPU (ms) | items in the store |',
      '|---|---:|---:|---:|',
      `| first start: no index checkpoint, every item indexed from its sources | ${first.readyMs.toFixed(0)} | ${first.cpuMs.toFixed(0)} | ${first.items.toLocaleString('en')} |`,
      `| next start: from the index checkpoints and their records (median of 3) | ${readyAgain.toFixed(0)} | ${cpuAgain.toFixed(0)} | ${again[1]!.items.toLocaleString('en')} |`,
      '',
      `Of which the journal alone (read and validate ${replayedTurns.toLocaleString('en')} lines): ${replayMs.toFixed(0)} ms. The checkpoint of ${CHARACTER} is ${(checkpointBytes / 2 ** 20).toFixed(1)} MiB.`,
      '',
    ];
    const markdown = `${lines.join('\n')}\n`;
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    await writeFile(path.join(ROOT, 'bench/results/startup.md'), markdown);
    return markdown;
  } finally {
    if (!process.env.STARTUP_DATA_DIR) await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  if (process.argv[2] === '--start') process.stdout.write(`${JSON.stringify(await startHere(process.argv[3]!))}\n`);
  else process.stdout.write(await runStartupBench());
}
