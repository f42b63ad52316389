import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Card } from '../src/characters/card.ts';
import { loadCharacter } from '../src/characters/load-characters.ts';
import type { Conversation } from '../src/chat/conversations.ts';
import { createDreamService } from '../src/dreaming/dream-service.ts';
import { CONSOLIDATED_KINDS } from '../src/dreaming/dream-types.ts';
import { consolidatedItems, createMemoryVersions } from '../src/dreaming/memory-versions.ts';
import { DUPLICATE_THRESHOLD, similarPairs } from '../src/dreaming/similarity.ts';
import { locomoTurnText, parseLocomo, parseLocomoDate, type LocomoConversation } from '../src/eval/locomo.ts';
import { locomoConversations } from '../src/eval/locomo-memory.ts';
import { recallAt } from '../src/eval/ranking.ts';
import { createMemoryStore, type MemoryStore } from '../src/memory/memory-store.ts';
import type { MemoryItem } from '../src/memory/types.ts';
import { extractVisitorFacts } from '../src/reflection/visitor-facts.ts';

const root = path.resolve(import.meta.dirname, '..');
const CHARACTER = 'locomo';

/** One LoCoMo conversation replayed as visitor chats: the sessions, and the memory they grow. */
function grow(conversation: LocomoConversation): { conversations: Conversation[]; items: MemoryItem[] } {
  const visitor = conversation.id;
  // The sessions as the evaluation replays them (src/eval/locomo-memory.ts), so both measure one memory.
  const conversations = locomoConversations(conversation, visitor);
  const items: MemoryItem[] = [];
  for (const session of conversation.sessions) {
    const start = Date.parse(parseLocomoDate(session.dateTime));
    session.turns.forEach((turn, index) => {
      const createdAt = new Date(start + index * 1000).toISOString();
      // A note of what was said (the chat-reflection stand-in: one private note per turn, citing it).
      items.push({ id: `${conversation.id}:${turn.dia_id}:note`, character: CHARACTER, kind: 'reflection', text: locomoTurnText(session, turn), createdAt, source: [turn.dia_id], visitor, importance: 5 });
      if (turn.speaker !== conversation.speakerA) return;
      extractVisitorFacts(turn.text).forEach((fact, factIndex) => {
        items.push({ id: `${conversation.id}:${turn.dia_id}:fact${factIndex}`, character: CHARACTER, kind: 'visitor_fact', text: fact.text, createdAt, source: [turn.dia_id], visitor, importance: 6 });
      });
    });
  }
  return { conversations, items };
}

/** Share of each question's evidence turns cited by the top-k items retrieved for it, averaged. */
function recall(store: MemoryStore, conversations: LocomoConversation[]): { questions: number; 'R@5': number; 'R@10': number } {
  let questions = 0;
  let at5 = 0;
  let at10 = 0;
  for (const conversation of conversations) {
    for (const qa of conversation.questions) {
      const gold = new Set(qa.evidence.flatMap((entry) => entry.split(/[;,\s]+/)).filter((id) => /^D\d+:\d+$/.test(id)));
      if (gold.size === 0) continue;
      const hits = store.search(qa.question, { kinds: [...CONSOLIDATED_KINDS], visitor: conversation.id }, 10);
      // An item covers every evidence turn it cites; a ranking of items is scored by the turns it covers.
      const coverage = (k: number) => recallAt([...new Set(hits.slice(0, k).flatMap((hit) => hit.item.source))], gold, Number.POSITIVE_INFINITY);
      questions += 1;
      at5 += coverage(5);
      at10 += coverage(10);
    }
  }
  return { questions, 'R@5': questions ? at5 / questions : 0, 'R@10': questions ? at10 / questions : 0 };
}

function duplicatesOf(store: MemoryStore): number {
  return similarPairs(consolidatedItems(store).filter((item) => item.supersededBy === undefined), DUPLICATE_THRESHOLD).length;
}

/** Grows a memory from LoCoMo dev conversations, dreams once offline, and reports the figures. */
export async function runDreamBench(): Promise<string> {
  const conversations = parseLocomo(await readFile(path.join(root, 'bench/fixtures/locomo/locomo-dev5.json'), 'utf8'));
  const grown = conversations.map(grow);
  const sessions = grown.flatMap((entry) => entry.conversations).sort((left, right) => left.lastAt.localeCompare(right.lastAt));
  const items = grown.flatMap((entry) => entry.items);
  const end = new Date(Math.max(...items.map((entry) => Date.parse(entry.createdAt))));
  const store = createMemoryStore({ character: CHARACTER, now: () => end });
  store.add(items);
  const alice = (await loadCharacter(path.join(root, 'characters'), 'alice')).card;
  const card: Card = { ...alice, data: { ...alice.data, name: 'Locomo' } };

  const before = { items: consolidatedItems(store).length, duplicates: duplicatesOf(store), recall: recall(store, conversations) };
  const directory = await mkdtemp(path.join(tmpdir(), 'reverie-dream-bench-'));
  try {
    const service = createDreamService({
      versions: createMemoryVersions({ directory }),
      memory: () => store,
      card: () => card,
      conversations: () => sessions,
      review: 'auto',
      now: () => end,
      logger: { error: (message, details) => console.error(message, details) },
    });
    const started = performance.now();
    const record = await service.dream(CHARACTER, { mode: 'apply', force: true });
    const elapsedMs = performance.now() - started;
    const live = consolidatedItems(store).filter((item) => item.supersededBy === undefined).length;
    const after = { items: live, duplicates: duplicatesOf(store), recall: recall(store, conversations) };
    const counts = new Map<string, number>();
    for (const operation of record.operations) counts.set(operation.type, (counts.get(operation.type) ?? 0) + 1);
    const format = (value: number) => value.toFixed(3);
    const lines = [
      '# Dreaming benchmark',
      '',
      `LoCoMo dev (${conversations.length} conversations, ${sessions.length} sessions, the latest ${record.sessions} read by the dream) replayed as visitor chats with one character.`,
      'Memory grown: one private note per turn citing it (a stand-in for chat reflections: LoCoMo has no book) and the visitor facts',
      '`extractVisitorFacts` finds in speaker A\'s turns. One offline dream (no model), applied through the retrieval gate.',
      'Recall: for each question with evidence, the share of its evidence turns cited (`source`) by the top-k retrieved items.',
      '',
      '| | before | after |',
      '|---|---|---|',
      `| items (current, not superseded) | ${before.items} | ${after.items} |`,
      `| duplicate pairs (Jaccard ≥ ${DUPLICATE_THRESHOLD}) | ${before.duplicates} | ${after.duplicates} |`,
      `| R@5 (${before.recall.questions} questions) | ${format(before.recall['R@5'])} | ${format(after.recall['R@5'])} |`,
      `| R@10 | ${format(before.recall['R@10'])} | ${format(after.recall['R@10'])} |`,
      '',
      `Dream: status **${record.status}** (${record.reason}); operations ${[...counts].map(([type, count]) => `${type} ${count}`).join(', ') || 'none'}; refused ${record.refused.length}.`,
      `Gate: fact probes ${record.gate?.factHitsBefore ?? 0}/${record.gate?.factProbes ?? 0} before, ${record.gate?.factHitsAfter ?? 0}/${record.gate?.factProbes ?? 0} after.`,
      `Time for one dream: ${(elapsedMs / 1000).toFixed(2)} s; tokens: ${record.inputTokens} in, ${record.outputTokens} out (offline proposer).`,
      '',
      'Command: `npx tsx bench/dream.ts`',
    ];
    const report = `${lines.join('\n')}\n`;
    await mkdir(path.join(root, 'bench/results'), { recursive: true });
    await writeFile(path.join(root, 'bench/results/dream.md'), report);
    return report;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  process.stdout.write(await runDreamBench());
}
