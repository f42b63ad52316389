import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Card, Character } from '../characters/card.ts';
import { loadCharacter } from '../characters/load-characters.ts';
import type { Conversation } from '../chat/conversations.ts';
import { createDreamService } from '../dreaming/dream-service.ts';
import { createMemoryVersions } from '../dreaming/memory-versions.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import { tokenize } from '../memory/tokenize.ts';
import type { MemoryItem, TurnRecord } from '../memory/types.ts';
import { createQuarantineLog } from '../reflection/quarantine.ts';
import { reflectOnce } from '../reflection/reflect-once.ts';
import type { EvaluationOptions } from './fairytaleqa.ts';
import { parseLocomoDate, rankLocomoTurns, replayLocomoConversation, type LocomoConversation } from './locomo.ts';

const CHARACTER = 'locomo';
const MEMORY_SEARCH_KINDS: MemoryItem['kind'][] = ['turn', 'reflection', 'visitor_fact', 'insight'];
const CANDIDATES = 50;

/** Context tokens of a text, estimated as words × 1.3 (rounded up): the unit of the equal budget. */
export function countTokens(text: string): number {
  const words = text.split(/\s+/).filter((word) => word.length > 0).length;
  return Math.ceil(words * 1.3);
}

/** One retrieved item as the budget sees it: its cost in tokens and the evidence turns it covers. */
export interface BudgetedItem {
  tokens: number;
  covers: string[];
}

/**
 * Recall of a ranking at a budget of context tokens: items are taken in rank order while they
 * fit, an item that would overflow is skipped (a shorter one further down may still fit), and
 * recall is the share of gold turns covered by the items taken. A long item cannot win by size.
 */
export function recallWithinBudget(ranking: BudgetedItem[], gold: ReadonlySet<string>, budgetTokens: number): number {
  if (gold.size === 0) return 0;
  let spent = 0;
  const covered = new Set<string>();
  for (const item of ranking) {
    if (spent + item.tokens > budgetTokens) continue;
    spent += item.tokens;
    for (const id of item.covers) if (gold.has(id)) covered.add(id);
  }
  return covered.size / gold.size;
}

/** Memory recall figures of one group of questions. */
export interface MemoryRecallMetrics {
  questions: number;
  /** Recall at the token budget of the top 5 (10) raw turns; items cover the turns they cite. */
  'R@5': number;
  'R@10': number;
  /** The same, but an item covers a cited turn only when it shares at least half the turn's terms. */
  'strict R@5': number;
  'strict R@10': number;
}

/** LoCoMo recall after chat reflection (and a dream), at an equal budget of context tokens. */
export interface LocomoMemoryReport extends MemoryRecallMetrics {
  byCategory: Record<string, MemoryRecallMetrics>;
  /** What memory held when questions were asked (not superseded). */
  items: { turns: number; reflections: number; visitorFacts: number; insights: number };
  reflections: { reflected: number; quarantined: number; skipped: number };
  dreams: { applied: number; other: number };
  tokens: number;
}

/** Options of `evaluateLocomoMemory`. */
export interface LocomoMemoryOptions extends EvaluationOptions {
  ids?: string[];
  /** Dream once (offline) after the reflections; default true. */
  dream?: boolean;
  /** The card the replayed character wears (the offline writer needs a voice); default alice's. */
  card?: Card;
  charactersDir?: string;
}

const goldOf = (evidence: string[]): Set<string> =>
  new Set(evidence.flatMap((entry) => entry.split(/[;,\s]+/)).filter((id) => /^D\d+:\d+$/.test(id)));

/** The sessions of a LoCoMo conversation as one visitor's conversations with one character. */
export function locomoConversations(conversation: LocomoConversation, visitor: string): Conversation[] {
  return conversation.sessions.map((session) => {
    const start = Date.parse(parseLocomoDate(session.dateTime));
    const conversationId = `${conversation.id}:session_${session.number}`;
    const turns: TurnRecord[] = session.turns.map((turn, index) => ({
      id: `${conversation.id}:${turn.dia_id}`,
      character: CHARACTER,
      visitor,
      conversationId,
      role: turn.speaker === conversation.speakerA ? 'visitor' : 'character',
      text: turn.blip_caption ? `${turn.text} [shared ${turn.blip_caption}]` : turn.text,
      createdAt: new Date(start + index * 1000).toISOString(),
    }));
    return { conversationId, character: CHARACTER, visitor, turns, lastAt: turns.at(-1)?.createdAt ?? new Date(start).toISOString() };
  });
}

/** The dia_ids an item covers: its own turn, the turns it cites, and (for dream items) what the items it rests on cover. */
function coverageOf(store: MemoryStore, conversation: LocomoConversation): (item: MemoryItem) => string[] {
  const prefix = `${conversation.id}:`;
  const cache = new Map<string, string[]>();
  const resolve = (item: MemoryItem, depth: number): string[] => {
    const known = cache.get(item.id);
    if (known) return known;
    const covered = new Set<string>();
    for (const entry of item.source) {
      const id = entry.startsWith(prefix) ? entry.slice(prefix.length) : entry;
      if (/^D\d+:\d+$/.test(id)) covered.add(id);
      else if (depth < 3 && entry !== item.id) {
        const cited = store.get(entry);
        if (cited) for (const turn of resolve(cited, depth + 1)) covered.add(turn);
      }
    }
    const result = [...covered];
    cache.set(item.id, result);
    return result;
  };
  return (item) => resolve(item, 0);
}

/** Whether an item's text carries at least half of a turn's terms (the strict coverage rule). */
function quotes(itemTerms: ReadonlySet<string>, turnTerms: string[]): boolean {
  const distinct = [...new Set(turnTerms)];
  if (distinct.length === 0) return false;
  return distinct.filter((term) => itemTerms.has(term)).length * 2 >= distinct.length;
}

interface Grown {
  store: MemoryStore;
  reflections: LocomoMemoryReport['reflections'];
  dreams: LocomoMemoryReport['dreams'];
  tokens: number;
}

async function growMemory(conversation: LocomoConversation, character: Character, options: LocomoMemoryOptions, directory: string): Promise<Grown> {
  const visitor = conversation.id;
  const store = replayLocomoConversation(conversation, visitor, options);
  const conversations = locomoConversations(conversation, visitor);
  let clock = new Date(0);
  let sequence = 0;
  const deps = {
    characters: [character],
    getBook: () => undefined,
    memoryFor: () => store,
    listConversations: () => conversations,
    provider: null,
    sink: { append: async () => {} },
    quarantine: createQuarantineLog({ path: path.join(directory, 'quarantine.jsonl') }),
    statePath: path.join(directory, 'reflection-state.json'),
    now: () => clock,
    createId: () => `${conversation.id}:reflection:${(sequence += 1)}`,
  };
  const reflections = { reflected: 0, quarantined: 0, skipped: 0 };
  let tokens = 0;
  for (const session of conversations) {
    // Each session is reflected on a minute after it ended, as the idle loop would.
    clock = new Date(Date.parse(session.lastAt) + 60_000);
    const result = await reflectOnce(deps, { character: CHARACTER, kind: 'chat' });
    reflections[result.status] += 1;
    tokens += (result.record?.inputTokens ?? 0) + (result.record?.outputTokens ?? 0);
  }
  const dreams = { applied: 0, other: 0 };
  if (options.dream ?? true) {
    const service = createDreamService({
      versions: createMemoryVersions({ directory: path.join(directory, 'versions') }),
      memory: () => store,
      card: () => character.card,
      conversations: () => conversations,
      review: 'auto',
      now: () => clock,
      logger: { error: () => {} },
    });
    const record = await service.dream(CHARACTER, { mode: 'apply', force: true });
    if (record.status === 'applied') dreams.applied += 1;
    else dreams.other += 1;
    tokens += record.inputTokens + record.outputTokens;
  }
  return { store, reflections, dreams, tokens };
}

type Recall = [number, number, number, number];

function summarise(recalls: Recall[]): MemoryRecallMetrics {
  const questions = recalls.length;
  const mean = (position: 0 | 1 | 2 | 3) => (questions === 0 ? 0 : recalls.reduce((sum, recall) => sum + recall[position], 0) / questions);
  return { questions, 'R@5': mean(0), 'R@10': mean(1), 'strict R@5': mean(2), 'strict R@10': mean(3) };
}

/**
 * LoCoMo questions asked of a grown memory: each conversation replayed as one visitor's sessions
 * with one character, every session reflected on (the real reflectOnce, offline writer, real
 * guard), then one offline dream; turns, reflections, visitor facts and insights are retrieved
 * together and scored at the context budget the top 5 / top 10 raw turns would have used.
 */
export async function evaluateLocomoMemory(conversations: LocomoConversation[], options: LocomoMemoryOptions = {}): Promise<LocomoMemoryReport> {
  const baseCard = options.card ?? (await loadCharacter(options.charactersDir ?? path.resolve(import.meta.dirname, '../../characters'), 'alice')).card;
  const card: Card = { ...baseCard, data: { ...baseCard.data, name: 'Locomo', extensions: { ...baseCard.data.extensions, reverie: { ...baseCard.data.extensions.reverie, aliases: ['Locomo'] } } } };
  const character: Character = { id: CHARACTER, card };
  const all: Recall[] = [];
  const byCategory = new Map<string, Recall[]>();
  const items = { turns: 0, reflections: 0, visitorFacts: 0, insights: 0 };
  const reflections = { reflected: 0, quarantined: 0, skipped: 0 };
  const dreams = { applied: 0, other: 0 };
  let tokens = 0;
  for (const conversation of conversations) {
    if (options.ids && !options.ids.includes(conversation.id)) continue;
    const directory = await mkdtemp(path.join(tmpdir(), 'reverie-eval-locomo-'));
    try {
      const grown = await growMemory(conversation, character, options, directory);
      const { store } = grown;
      const visitor = conversation.id;
      for (const key of ['reflected', 'quarantined', 'skipped'] as const) reflections[key] += grown.reflections[key];
      dreams.applied += grown.dreams.applied;
      dreams.other += grown.dreams.other;
      tokens += grown.tokens;
      for (const item of store.items({ visitor })) {
        if (item.kind === 'turn') items.turns += 1;
        else if (item.kind === 'reflection') items.reflections += 1;
        else if (item.kind === 'visitor_fact') items.visitorFacts += 1;
        else if (item.kind === 'insight') items.insights += 1;
      }
      const covers = coverageOf(store, conversation);
      const turnText = (diaId: string) => store.get(`${conversation.id}:${diaId}`)?.text ?? '';
      const turnTerms = new Map<string, string[]>();
      const termsOfTurn = (diaId: string) => {
        let terms = turnTerms.get(diaId);
        if (!terms) turnTerms.set(diaId, (terms = tokenize(turnText(diaId))));
        return terms;
      };
      for (const qa of conversation.questions) {
        const gold = goldOf(qa.evidence);
        if (gold.size === 0) continue;
        const turnRanking = rankLocomoTurns(store, qa.question, visitor, 10);
        const budget = (k: number) => turnRanking.slice(0, k).reduce((sum, diaId) => sum + countTokens(turnText(diaId)), 0);
        const hits = store.search(qa.question, { kinds: MEMORY_SEARCH_KINDS, visitor }, CANDIDATES);
        const ranking: BudgetedItem[] = hits.map((hit) => ({ tokens: countTokens(hit.item.text), covers: covers(hit.item) }));
        const strictRanking: BudgetedItem[] = hits.map((hit) => {
          if (hit.item.kind === 'turn') return { tokens: countTokens(hit.item.text), covers: covers(hit.item) };
          const itemTerms = new Set(tokenize(hit.item.text));
          return { tokens: countTokens(hit.item.text), covers: covers(hit.item).filter((diaId) => quotes(itemTerms, termsOfTurn(diaId))) };
        });
        const recall: Recall = [
          recallWithinBudget(ranking, gold, budget(5)), recallWithinBudget(ranking, gold, budget(10)),
          recallWithinBudget(strictRanking, gold, budget(5)), recallWithinBudget(strictRanking, gold, budget(10)),
        ];
        all.push(recall);
        const key = String(qa.category);
        byCategory.set(key, [...(byCategory.get(key) ?? []), recall]);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }
  const categories: Record<string, MemoryRecallMetrics> = {};
  for (const [category, recalls] of [...byCategory].sort()) categories[category] = summarise(recalls);
  return { ...summarise(all), byCategory: categories, items, reflections, dreams, tokens };
}
