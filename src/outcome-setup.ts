import path from 'node:path';
import type { CharacterRuntime } from './character-runtime.ts';
import type { Conversation } from './chat/conversations.ts';
import { createFeedbackStore, type FeedbackStore, type ReplySignal } from './chat/feedback.ts';
import { replyLeftAfter } from './chat/implicit-signals.ts';
import { collectOutcomes, outcomeScore, type ReplyOutcome } from './dreaming/outcomes.ts';
import type { GroundingStrategy } from './llm/provider.ts';
import type { MemoryItem } from './memory/types.ts';
import { readActs } from './voice/dialogue-act.ts';

/** A current strategy as the studio lists it: its text, the turns it rests on, and how replies went since. */
export interface StrategyView {
  id: string;
  text: string;
  evidence: string[];
  rule?: string;
  value?: string;
  version?: number;
  createdAt: string;
  /** Like-rate of rated replies before the strategy and after it (null when none was rated). */
  effect: { before: { rated: number; likeRate: number | null }; after: { rated: number; likeRate: number | null } };
}

/** Signals about replies, the outcomes dreams read, and the strategies chats read. */
export interface OutcomeSetup {
  feedback: FeedbackStore;
  /** Loads the stored signals; call once at start. */
  load(): Promise<void>;
  /** The outcomes of a character's replies in these conversations (a reply visitors left after is noted first). */
  outcomes(characterId: string, conversations: Conversation[]): Promise<ReplyOutcome[]>;
  /** The character's current strategies, for a conversation's snapshot. */
  strategies(characterId: string): GroundingStrategy[];
  /** The current strategies with their evidence and effect, for the studio. */
  describe(characterId: string): StrategyView[];
}

/** The act a reply answered, in the voice's own reading of the visitor's message. */
function actOf(message: string): string {
  const acts = readActs(message).acts;
  return acts.find((act) => act === 'question' || act === 'opinion' || act === 'self' || act === 'recall') ?? acts[0] ?? 'statement';
}

function rateOf(signals: ReplySignal[]): { rated: number; likeRate: number | null } {
  const byTurn = new Map<string, ReplySignal[]>();
  for (const signal of signals) byTurn.set(signal.turnId, [...(byTurn.get(signal.turnId) ?? []), signal]);
  const scores = [...byTurn.values()].map((list) => outcomeScore({ signals: list })).filter((score) => score !== 0);
  return { rated: scores.length, likeRate: scores.length === 0 ? null : Math.round((1000 * scores.filter((score) => score > 0).length) / scores.length) / 1000 };
}

/** Wires the feedback store under DATA_DIR and reads strategies from each character's memory. */
export function createOutcomeSetup(options: { dataDir: string; runtimes: ReadonlyMap<string, CharacterRuntime>; now?: () => Date; log: (line: string) => void }): OutcomeSetup {
  const now = options.now ?? (() => new Date());
  const feedback = createFeedbackStore({ path: path.join(options.dataDir, 'feedback.jsonl'), now });
  const current = (characterId: string): MemoryItem[] => options.runtimes.get(characterId)?.memory.items({ kinds: ['strategy'] }).filter((item) => item.kind === 'strategy' && item.supersededBy === undefined && item.visitor === undefined) ?? [];
  return {
    feedback,
    async load() {
      const { skipped } = await feedback.load();
      if (skipped > 0) options.log(`feedback: skipped ${skipped} damaged line(s)`);
    },
    async outcomes(characterId, conversations) {
      for (const conversation of conversations) {
        const reply = replyLeftAfter(conversation.turns, now().getTime());
        if (reply && !feedback.has(reply.id, 'left')) await feedback.record({ character: characterId, visitor: reply.visitor, conversationId: reply.conversationId, turnId: reply.id, kind: 'left', rating: -1 });
      }
      return collectOutcomes({ conversations, signals: feedback.signals(characterId), actOf });
    },
    strategies: (characterId) => current(characterId).map((item) => ({ text: item.text, ...(item.attribute !== undefined && item.value !== undefined ? { rule: item.attribute, value: item.value } : {}) })),
    describe(characterId) {
      const signals = feedback.signals(characterId);
      const turnTimes = new Map<string, string>();
      for (const signal of signals) turnTimes.set(signal.turnId, signal.createdAt);
      return current(characterId).map((item) => ({
        id: item.id,
        text: item.text,
        evidence: item.source,
        ...(item.attribute !== undefined ? { rule: item.attribute } : {}),
        ...(item.value !== undefined ? { value: item.value } : {}),
        ...(item.version !== undefined ? { version: item.version } : {}),
        createdAt: item.createdAt,
        effect: { before: rateOf(signals.filter((signal) => signal.createdAt < item.createdAt)), after: rateOf(signals.filter((signal) => signal.createdAt >= item.createdAt)) },
      }));
    },
  };
}
