import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadBooks, createCharacterRuntime } from '../character-runtime.ts';
import { loadCharacter } from '../characters/load-characters.ts';
import { loadProbes, type BookProbe, type Probes } from '../characters/probes.ts';
import { turnMemoryItems } from '../chat/turn-items.ts';
import { createConversationLog } from '../chat/conversations.ts';
import { createDreamService } from '../dreaming/dream-service.ts';
import { createMemoryVersions } from '../dreaming/memory-versions.ts';
import type { Provider } from '../llm/provider.ts';
import { planQuestion, type CharacterFrame } from '../memory/character-query.ts';
import { MEMORY_KINDS, type MemoryStore } from '../memory/memory-store.ts';
import type { MemoryHit, MemoryItem, TurnRecord } from '../memory/types.ts';
import { DEFAULT_MAX_INPUT_CHARS } from '../reflection/chapter-material.ts';
import { createQuarantineLog } from '../reflection/quarantine.ts';
import { reflectOnce, type ReflectionDeps } from '../reflection/reflect-once.ts';
import { planChapter } from '../reflection/reflection-plan.ts';
import { characterState, loadReflectionState } from '../reflection/reflection-state.ts';
import { summariseRanks } from './ranking.ts';

/** A visitor probe as the evaluation reads it: the conversation to replay and the words expected back. */
export const replayedVisitorProbeSchema = z.object({
  question: z.string().min(5),
  expected: z.string().min(1),
  conversation: z.array(z.object({ role: z.enum(['visitor', 'character']), text: z.string().min(1) })).min(1),
});

/** One replayable visitor probe. */
export type ReplayedVisitorProbe = z.infer<typeof replayedVisitorProbeSchema>;

/** The figures of one cycle (0: before any reflection). */
export interface EvolutionCycle {
  cycle: number;
  /**
   * Book probes, as the chat recalls for a question: a hit at k when the gold chapter is among the
   * top k passages or the top k memories (the two lists a reply's context is built from).
   */
  'hit@1': number;
  'hit@3': number;
  /** The passages list alone (the book has its own index partition: re-reading does not move it). */
  'passage hit@3': number;
  /** The memories list alone: reflections and insights about the gold chapter. */
  'memory hit@3': number;
  /** Passages and book memories in one ranking, competing for the same k places (a stricter view). */
  'mixed hit@3': number;
  /** Visitor probes: a hit at k when an item among the asking visitor's top k contains the expected words. */
  'visitor hit@1': number;
  'visitor hit@3': number;
  /** Items in memory, superseded ones excluded. */
  items: number;
  /** Provider tokens spent in this cycle (0 offline). */
  tokens: number;
  reflections: number;
  quarantined: number;
  dream: string;
}

/** How a character's retrieval evolves with re-reading, chat reflection and dreaming. */
export interface EvolutionReport {
  character: string;
  bookProbes: number;
  visitorProbes: number;
  cycles: EvolutionCycle[];
}

/** Options of `evaluateEvolution`. */
export interface EvolutionOptions {
  character: string;
  cycles: number;
  charactersDir: string;
  corpusDir: string;
  /** The model to reflect and dream with; null (the default) is the offline writer. */
  provider?: Provider | null;
  /** Dream after each cycle; default true. */
  dream?: boolean;
  /** Called after each measurement with the store as it stands (for looking into a result). */
  inspect?: (cycle: number, store: MemoryStore) => void;
}

const BOOK_KINDS: MemoryItem['kind'][] = ['passage', 'reflection', 'insight'];
const MAX_CHAPTER_READINGS = 2_000;

function isFromChapter(item: MemoryItem, chapter: number): boolean {
  return item.chapter === chapter || item.source.includes(`chapter:${chapter}`);
}

/** Where a book probe's gold chapter first appears in each list (1-based; null: not in the top 5). */
interface BookRanks {
  context: number | null;
  passages: number | null;
  memories: number | null;
  mixed: number | null;
}

function goldRank(hits: MemoryHit[], chapter: number): number | null {
  const index = hits.findIndex((hit) => isFromChapter(hit.item, chapter));
  return index === -1 ? null : index + 1;
}

/**
 * Ranks a book probe the way the chat retrieves for a message (`MemoryStore.retrieve`: passages of
 * the book and memories, as a visitor with no memories of their own), and, for comparison, with
 * passages and the book's reflections and insights in one ranking. Chat reflections are about
 * visitors and can never be "from the gold chapter"; visitor probes measure those.
 */
function bookRanks(store: MemoryStore, probe: BookProbe, bookId: string, frame: CharacterFrame): BookRanks {
  // Planned as the chat plans a question (who "you" is, the book's names).
  const retrieved = store.retrieve(planQuestion(probe.question, frame), { bookId, passages: 5, memories: 5 });
  const passages = goldRank(retrieved.passages, probe.chapter);
  const memories = goldRank(retrieved.memories, probe.chapter);
  const ranks = [passages, memories].filter((rank): rank is number => rank !== null);
  return {
    context: ranks.length > 0 ? Math.min(...ranks) : null,
    passages,
    memories,
    mixed: goldRank(store.search(probe.question, { kinds: BOOK_KINDS, bookId }, 5), probe.chapter),
  };
}

function visitorRank(store: MemoryStore, probe: ReplayedVisitorProbe, visitor: string): number | null {
  const expected = probe.expected.toLowerCase();
  const hits = store.search(probe.question, { kinds: MEMORY_KINDS, visitor }, 5);
  const index = hits.findIndex((hit) => hit.item.text.toLowerCase().includes(expected));
  return index === -1 ? null : index + 1;
}

function countItems(store: MemoryStore, visitors: string[]): number {
  const shared = store.items({}).length;
  return shared + visitors.reduce((sum, visitor) => sum + store.items({ visitor }).length - shared, 0);
}

/** The replayable visitor probes of a probe set; entries without a conversation are left out. */
export function replayableVisitorProbes(probes: Probes): ReplayedVisitorProbe[] {
  return probes.visitor.flatMap((probe) => {
    const parsed = replayedVisitorProbeSchema.safeParse(probe);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Measures a character's probes before any reflection (cycle 0) and after each cycle: every
 * chapter within its knowledge re-read once, every unreflected replayed conversation reflected
 * on, then one dream. Runs on a fresh in-memory store and temporary state; nothing is kept.
 */
export async function evaluateEvolution(options: EvolutionOptions): Promise<EvolutionReport> {
  const character = await loadCharacter(options.charactersDir, options.character);
  const probes = await loadProbes(options.charactersDir, options.character);
  const books = await loadBooks([character], options.corpusDir);
  const bookId = character.card.data.extensions.reverie.book;
  const book = books.get(bookId);
  if (!book) throw new Error(`no book "${bookId}" for ${character.id}`);
  const runtime = createCharacterRuntime(character, book);
  const store = runtime.memory;
  const visitorProbes = replayableVisitorProbes(probes);
  const log = createConversationLog();
  const replayStart = Date.parse('2024-01-01T10:00:00.000Z');
  const visitors = visitorProbes.map((_probe, index) => `probe-visitor-${index + 1}`);
  visitorProbes.forEach((probe, index) => {
    const visitor = visitors[index] as string;
    probe.conversation.forEach((turn, turnIndex) => {
      const record: TurnRecord = {
        id: `${visitor}:turn:${turnIndex + 1}`, character: character.id, visitor, conversationId: `${visitor}:conversation`,
        role: turn.role, text: turn.text, createdAt: new Date(replayStart + index * 3_600_000 + turnIndex * 1000).toISOString(),
      };
      log.record(record);
      store.add(turnMemoryItems([record]));
    });
  });

  const directory = await mkdtemp(path.join(tmpdir(), 'reverie-eval-evolution-'));
  try {
    const deps: ReflectionDeps = {
      characters: [character],
      getBook: (id) => books.get(id),
      memoryFor: () => store,
      listConversations: (id) => log.listConversations(id),
      provider: options.provider ?? null,
      sink: { append: async () => {} },
      quarantine: createQuarantineLog({ path: path.join(directory, 'quarantine.jsonl') }),
      statePath: path.join(directory, 'reflection-state.json'),
    };
    const dreams = createDreamService({
      versions: createMemoryVersions({ directory: path.join(directory, 'versions') }),
      memory: () => store,
      card: () => character.card,
      conversations: (id) => log.listConversations(id),
      bookProbes: () => probes.book,
      ...(options.provider ? { provider: options.provider } : {}),
      review: 'auto',
      logger: { error: () => {} },
    });
    const measure = (cycle: number, spent: { tokens: number; reflections: number; quarantined: number; dream: string }): EvolutionCycle => {
      const ranks = probes.book.map((probe) => bookRanks(store, probe, bookId, runtime.frame));
      const book3 = summariseRanks(ranks.map((rank) => rank.context));
      const hit3 = (which: keyof BookRanks) => summariseRanks(ranks.map((rank) => rank[which]))['hit@3'];
      const visitor3 = summariseRanks(visitorProbes.map((probe, index) => visitorRank(store, probe, visitors[index] as string)));
      const figures: EvolutionCycle = {
        cycle, 'hit@1': book3['hit@1'], 'hit@3': book3['hit@3'],
        'passage hit@3': hit3('passages'), 'memory hit@3': hit3('memories'), 'mixed hit@3': hit3('mixed'), 'visitor hit@1': visitor3['hit@1'], 'visitor hit@3': visitor3['hit@3'],
        items: countItems(store, visitors), ...spent,
      };
      options.inspect?.(cycle, store);
      return figures;
    };
    const cycles: EvolutionCycle[] = [measure(0, { tokens: 0, reflections: 0, quarantined: 0, dream: 'none' })];
    for (let cycle = 1; cycle <= options.cycles; cycle += 1) {
      const spent = { tokens: 0, reflections: 0, quarantined: 0, dream: 'none' };
      const tally = (result: Awaited<ReturnType<typeof reflectOnce>>) => {
        if (result.status === 'reflected') spent.reflections += 1;
        if (result.status === 'quarantined') spent.quarantined += 1;
        spent.tokens += (result.record?.inputTokens ?? 0) + (result.record?.outputTokens ?? 0);
      };
      const nextCycle = async (): Promise<number | null> => {
        const state = characterState(await loadReflectionState(deps.statePath), character.id);
        return planChapter(character, state, book, DEFAULT_MAX_INPUT_CHARS)?.cursor.cycle ?? null;
      };
      const readingCycle = await nextCycle();
      for (let reading = 0; reading < MAX_CHAPTER_READINGS && readingCycle !== null && (await nextCycle()) === readingCycle; reading += 1) {
        tally(await reflectOnce(deps, { character: character.id, kind: 'chapter' }));
      }
      for (let chat = 0; chat < visitorProbes.length + 1; chat += 1) {
        const result = await reflectOnce(deps, { character: character.id, kind: 'chat' });
        if (result.status === 'skipped') break;
        tally(result);
      }
      if (options.dream ?? true) {
        const record = await dreams.dream(character.id, { mode: 'apply', force: true });
        spent.dream = record.status;
        spent.tokens += record.inputTokens + record.outputTokens;
      }
      cycles.push(measure(cycle, spent));
    }
    return { character: character.id, bookProbes: probes.book.length, visitorProbes: visitorProbes.length, cycles };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
