import { z } from 'zod';
import { createMemoryStore, type MemoryStoreOptions, type MemoryStore } from '../memory/memory-store.ts';
import type { MemoryItem } from '../memory/types.ts';
import type { EvaluationOptions } from './fairytaleqa.ts';
import { recallAt } from './ranking.ts';

const turnSchema = z.object({
  speaker: z.string(),
  dia_id: z.string(),
  text: z.string(),
  blip_caption: z.string().optional(),
}).loose();

const qaSchema = z.object({
  question: z.string().min(1),
  evidence: z.array(z.string()),
  category: z.number().int().min(1).max(5),
  answer: z.unknown().optional(),
  adversarial_answer: z.unknown().optional(),
});

const conversationSchema = z.object({
  sample_id: z.string(),
  qa: z.array(qaSchema),
  conversation: z.record(z.string(), z.unknown()),
});

/** One LoCoMo turn. */
export type LocomoTurn = z.infer<typeof turnSchema>;

/** One LoCoMo session: its number, when it happened, its turns. */
export interface LocomoSession {
  number: number;
  dateTime: string;
  turns: LocomoTurn[];
}

/** One LoCoMo conversation between two speakers, with its questions. */
export interface LocomoConversation {
  id: string;
  speakerA: string;
  speakerB: string;
  sessions: LocomoSession[];
  questions: Array<z.infer<typeof qaSchema>>;
}

/** The recall figures of one group of questions. */
export interface RecallMetrics {
  questions: number;
  'R@5': number;
  'R@10': number;
  'R@25': number;
  'R@50': number;
}

/** LoCoMo turn retrieval, overall and per category ("1" multi-hop ... "5" adversarial). */
export interface LocomoReport extends RecallMetrics {
  byCategory: Record<string, RecallMetrics>;
}

/** A LoCoMo file that does not have the expected shape. */
export class LocomoFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocomoFormatError';
  }
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Parses a LoCoMo session date such as "1:56 pm on 8 May, 2023" into an ISO time (UTC). */
export function parseLocomoDate(dateTime: string): string {
  const match = /(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([a-z]+),?\s+(\d{4})/i.exec(dateTime);
  const month = match ? MONTHS.indexOf(match[5]!.toLowerCase()) : -1;
  if (!match || month === -1) throw new LocomoFormatError(`unrecognised LoCoMo date "${dateTime}"`);
  const hour = (Number(match[1]) % 12) + (match[3]!.toLowerCase() === 'pm' ? 12 : 0);
  return new Date(Date.UTC(Number(match[6]), month, Number(match[4]), hour, Number(match[2]))).toISOString();
}

/** Parses the LoCoMo JSON (an array of conversations), validating it. */
export function parseLocomo(json: string): LocomoConversation[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new LocomoFormatError('LoCoMo file is not JSON', { cause: error });
  }
  const parsed = z.array(conversationSchema).safeParse(value);
  if (!parsed.success) throw new LocomoFormatError(`LoCoMo file: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  return parsed.data.map((conversation) => {
    const fields = conversation.conversation;
    const sessions: LocomoSession[] = [];
    for (const key of Object.keys(fields)) {
      const match = /^session_(\d+)$/.exec(key);
      if (!match) continue;
      const turns = z.array(turnSchema).safeParse(fields[key]);
      const dateTime = fields[`${key}_date_time`];
      if (!turns.success || typeof dateTime !== 'string') {
        throw new LocomoFormatError(`LoCoMo ${conversation.sample_id} ${key}: bad turns or missing ${key}_date_time`);
      }
      sessions.push({ number: Number(match[1]), dateTime, turns: turns.data });
    }
    sessions.sort((left, right) => left.number - right.number);
    return {
      id: conversation.sample_id,
      speakerA: String(fields.speaker_a ?? ''),
      speakerB: String(fields.speaker_b ?? ''),
      sessions,
      questions: conversation.qa,
    };
  });
}

/** The text a LoCoMo turn is indexed under, as in the paper: `(<date>) <speaker> said, "<text>"`. */
export function locomoTurnText(session: LocomoSession, turn: LocomoTurn): string {
  const shared = turn.blip_caption ? ` and shared ${turn.blip_caption}.` : '';
  return `(${session.dateTime}) ${turn.speaker} said, "${turn.text}"${shared}`;
}

/**
 * Replays a conversation into a fresh store as one visitor's past turns with one character
 * (speaker A the visitor, speaker B the character), each turn dated by its session.
 */
export function replayLocomoConversation(conversation: LocomoConversation, visitor = 'visitor', options: EvaluationOptions = {}): MemoryStore {
  const lastSession = conversation.sessions.at(-1);
  const end = lastSession ? Date.parse(parseLocomoDate(lastSession.dateTime)) : 0;
  const store = createMemoryStore({ ...options.retrieval, character: 'locomo', now: () => new Date(end) });
  for (const session of conversation.sessions) {
    const start = Date.parse(parseLocomoDate(session.dateTime));
    const items: MemoryItem[] = session.turns.map((turn, index) => ({
      id: `${conversation.id}:${turn.dia_id}`,
      character: 'locomo',
      kind: 'turn',
      text: locomoTurnText(session, turn),
      createdAt: new Date(start + index * 1000).toISOString(),
      source: [turn.dia_id],
      visitor,
      importance: 5,
      role: turn.speaker === conversation.speakerA ? 'visitor' : 'character',
      conversationId: `${conversation.id}:session_${session.number}`,
    }));
    store.add(items);
  }
  return store;
}

/** The dia_ids of the turns a question's retrieval returns from a visitor's memory, best first. */
export function rankLocomoTurns(store: MemoryStore, question: string, visitor: string, limit: number): string[] {
  return store.search(question, { kinds: ['turn'], visitor }, limit).map((hit) => hit.item.source[0] ?? hit.item.id);
}

function summarise(recalls: Array<[number, number, number, number]>): RecallMetrics {
  const questions = recalls.length;
  const mean = (position: 0 | 1 | 2 | 3): number =>
    questions === 0 ? 0 : recalls.reduce((sum, recall) => sum + recall[position], 0) / questions;
  return { questions, 'R@5': mean(0), 'R@10': mean(1), 'R@25': mean(2), 'R@50': mean(3) };
}

/** Turn retrieval recall R@5/10/25/50 on LoCoMo, overall and by category; `ids` picks conversations. */
export function evaluateLocomoTurns(conversations: LocomoConversation[], options: EvaluationOptions & { ids?: string[] } = {}): LocomoReport {
  const all: Array<[number, number, number, number]> = [];
  const byCategory = new Map<string, Array<[number, number, number, number]>>();
  for (const conversation of conversations) {
    if (options.ids && !options.ids.includes(conversation.id)) continue;
    const store = replayLocomoConversation(conversation, 'visitor', options);
    for (const qa of conversation.questions) {
      // A few evidence entries hold several ids in one string ("D8:6; D9:17").
      const gold = new Set(qa.evidence.flatMap((entry) => entry.split(/[;,\s]+/)).filter((id) => /^D\d+:\d+$/.test(id)));
      if (gold.size === 0) continue;
      const ranking = rankLocomoTurns(store, qa.question, 'visitor', 50);
      const recall: [number, number, number, number] = [
        recallAt(ranking, gold, 5), recallAt(ranking, gold, 10), recallAt(ranking, gold, 25), recallAt(ranking, gold, 50),
      ];
      all.push(recall);
      const key = String(qa.category);
      const list = byCategory.get(key) ?? [];
      list.push(recall);
      byCategory.set(key, list);
    }
  }
  const categories: Record<string, RecallMetrics> = {};
  for (const [category, recalls] of [...byCategory].sort()) categories[category] = summarise(recalls);
  return { ...summarise(all), byCategory: categories };
}
