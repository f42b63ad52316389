import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseBook } from '../src/book/parse-book.ts';
import { cardSchema, type Character } from '../src/characters/card.ts';
import type { ChatChunk, ChatRequest, Provider } from '../src/llm/provider.ts';
import { createActivityTracker } from '../src/reflection/activity-tracker.ts';
import { checkDraft, scanVisitorText } from '../src/reflection/guard.ts';
import { reflectOnce } from '../src/reflection/reflect-once.ts';
import { createTestDeps } from '../test/reflection/helpers.ts';
import { loadBenignChats, loadBipiaAttacks, loadDirectAttacks } from '../test/reflection/injection-corpus.ts';
import { replayAttack, replayBenign } from '../test/reflection/guard-replay.ts';

const root = join(import.meta.dirname, '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A model that streams one word every `delayMs`, honouring the abort signal, like a slow remote model. */
function slowProvider(delayMs: number): Provider {
  return {
    name: 'slow-bench', model: 'slow-bench', isPaid: false,
    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      for (let index = 0; index < 200; index += 1) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, delayMs);
          request.signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new DOMException('aborted', 'AbortError')); }, { once: true });
        });
        yield { type: 'text-delta', text: 'word ' };
      }
      yield { type: 'finish', provider: 'slow-bench', model: 'slow-bench', usage: { inputTokens: 0, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    },
  };
}

/** A visitor reply's first byte: the chat path yields to the event loop, then writes. */
async function firstByteAfter(start: number): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  return performance.now() - start;
}

/** Runs the reflection benchmark and writes bench/results/reflection.md; returns the report. */
export async function runReflectionBench(): Promise<string> {
  const book = parseBook(readFileSync(join(root, 'corpus/alice/text.txt'), 'utf8'), { id: 'alice', title: "Alice's Adventures in Wonderland", author: 'Lewis Carroll' });
  const card = cardSchema.parse(JSON.parse(readFileSync(join(root, 'characters/alice/card.json'), 'utf8')));
  const alice: Character = { id: 'alice', card };

  // 1. Offline throughput: 36 chapter reflections (three passes over 12 chapters), as the scheduler would run them.
  const { deps } = createTestDeps({ characters: [alice], book, directory: mkdtempSync(join(tmpdir(), 'reverie-bench-')) });
  const durations: number[] = [];
  const started = performance.now();
  for (let index = 0; index < 36; index += 1) {
    const tickStart = performance.now();
    const result = await reflectOnce(deps, { kind: 'chapter' });
    if (result.status !== 'reflected') throw new Error(`bench reflection ${index} ${result.status}: ${result.reason}`);
    durations.push(performance.now() - tickStart);
  }
  const totalMs = performance.now() - started;
  const perMinute = (36 / totalMs) * 60_000;

  // 2. Preemption: a visitor arrives mid-reflection (slow model streaming); time until the job lets go and until a first reply byte.
  const releaseMs: number[] = [];
  const busyFirstByteMs: number[] = [];
  const idleFirstByteMs: number[] = [];
  for (let round = 0; round < 15; round += 1) {
    const tracker = createActivityTracker();
    const run = createTestDeps({ characters: [alice], book, provider: slowProvider(5) });
    const job = tracker.runBackground((signal) => reflectOnce(run.deps, { signal }));
    await sleep(30 + round);
    const arrival = performance.now();
    const end = tracker.beginStream();
    busyFirstByteMs.push(await firstByteAfter(arrival));
    const result = await job;
    releaseMs.push(performance.now() - arrival);
    if (result.reason !== 'preempted') throw new Error(`expected preemption, got ${result.reason}`);
    end();
    const idleArrival = performance.now();
    const idleEnd = tracker.beginStream();
    idleFirstByteMs.push(await firstByteAfter(idleArrival));
    idleEnd();
  }

  // 3. Guard: attacks replayed as visitor chats, benign chats, and attack strings as drafts.
  const direct = loadDirectAttacks('Alice');
  const bipia = loadBipiaAttacks();
  const tally = async (attacks: { text: string }[]) => {
    const counts = { quarantined: 0, neutralised: 0, leaked: 0, accepted: 0 };
    for (const attack of attacks) counts[await replayAttack(alice, book, attack.text)] += 1;
    return counts;
  };
  const directCounts = await tally(direct);
  const bipiaCounts = await tally(bipia);
  const benign = loadBenignChats();
  let benignQuarantined = 0;
  let benignLeaks = 0;
  for (const chat of benign) {
    const result = await replayBenign(alice, book, chat.messages, chat.private);
    if (result.outcome === 'quarantined') benignQuarantined += 1;
    if (result.hasLeakedPrivate) benignLeaks += 1;
  }
  const benignMessages = benign.flatMap((chat) => chat.messages);
  const benignFlagged = benignMessages.filter((message) => scanVisitorText(message).isSuspicious).length;
  const directAsDraft = direct.filter((attack) => checkDraft(attack.text, { card }).verdict === 'quarantined').length;
  const directScanned = direct.filter((attack) => scanVisitorText(attack.text).isSuspicious).length;
  const bipiaScanned = bipia.filter((attack) => scanVisitorText(attack.text).isSuspicious).length;
  const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

  const report = [
    '# Reflection benchmark',
    '',
    `Run with \`npx tsx bench/reflection.ts\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}. Book: Alice (corpus/alice/text.txt, parseBook, ${book.chapters.length} chapters). Offline writer (no model).`,
    '',
    '## Offline throughput',
    '',
    `- ${durations.length} chapter reflections (three passes over 12 chapters), state file written after each`,
    `- median ${median(durations).toFixed(1)} ms per reflection, slowest ${Math.max(...durations).toFixed(1)} ms`,
    `- **${perMinute.toFixed(0)} reflections per minute**`,
    '',
    '## Preemption (activity-tracker level; the server was not wired to the tracker when this ran)',
    '',
    'A reflection streams from a slow model (one word every 5 ms); a visitor stream begins mid-draft.',
    '',
    `- time from the visitor's arrival to the reflection letting go (aborted, nothing stored): median ${median(releaseMs).toFixed(2)} ms over ${releaseMs.length} runs`,
    `- time to a first reply byte (next event-loop turn) with a reflection in flight: median ${median(busyFirstByteMs).toFixed(3)} ms; when idle: median ${median(idleFirstByteMs).toFixed(3)} ms; ratio ${(median(busyFirstByteMs) / Math.max(median(idleFirstByteMs), 1e-6)).toFixed(2)}`,
    `- an offline reflection is synchronous CPU work between awaits: a visitor can wait at most one such slice, median ${median(durations).toFixed(1)} ms`,
    '',
    '## Guard',
    '',
    '| set | n | quarantined | neutralised (accepted, nothing injected reached memory) | leaked |',
    '|---|---|---|---|---|',
    `| direct attacks (PromptInject, system-prompt extraction, DAN family) | ${direct.length} | ${directCounts.quarantined} | ${directCounts.neutralised} | ${directCounts.leaked} |`,
    `| BIPIA indirect-injection tasks (many read as ordinary requests) | ${bipia.length} | ${bipiaCounts.quarantined} | ${bipiaCounts.neutralised} | ${bipiaCounts.leaked} |`,
    '',
    `- direct attacks kept out of memory: ${percent(direct.length - directCounts.leaked, direct.length)}; flagged by scanVisitorText: ${percent(directScanned, direct.length)}; quarantined by checkDraft if copied verbatim into a draft: ${percent(directAsDraft, direct.length)}`,
    `- BIPIA tasks flagged by scanVisitorText: ${percent(bipiaScanned, bipia.length)} ("leaked" for BIPIA means six words of the request were quoted in the diary, e.g. a visitor asking for a poem; no instruction was obeyed)`,
    `- benign conversations wrongly quarantined: ${benignQuarantined} of ${benign.length} (${percent(benignQuarantined, benign.length)}); benign messages flagged as suspicious: ${benignFlagged} of ${benignMessages.length}; private details leaked into shareable text: ${benignLeaks}`,
    '',
  ].join('\n');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/reflection.md'), report);
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runReflectionBench().then((report) => console.log(report), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
