import type { Conversation } from '../chat/conversations.ts';
import type { FeedbackReason, ReplySignal, SignalKind } from '../chat/feedback.ts';
import { tokenize } from '../memory/tokenize.ts';

/** A signal as a dream sees it: no note, no visitor words. */
export interface OutcomeSignal {
  kind: SignalKind;
  rating: 1 | -1;
  reason?: FeedbackReason;
}

/** How one reply of the character went: what it answered, what it was like, and how it was taken. */
export interface ReplyOutcome {
  turnId: string;
  conversationId: string;
  visitor: string;
  createdAt: string;
  reply: string;
  /** The visitor message it answered (for the model's prompt and the features; never copied). */
  question: string;
  /** The dialogue act of that message (voice/dialogue-act.ts: "question", "opinion", "disclosure"...). */
  act: string;
  /** Values the visitor had told about themselves by then (their name, a pet's...). */
  visitorFacts: string[];
  signals: OutcomeSignal[];
}

/** A visitor's explicit rating counts fully; what they did next (implicit) counts half. */
export function outcomeScore(outcome: Pick<ReplyOutcome, 'signals'>): number {
  return outcome.signals.reduce((sum, signal) => sum + signal.rating * (signal.kind === 'rating' ? 1 : 0.5), 0);
}

/** What distinguishes one reply from another, measured on its text. */
export interface ReplyFeatures {
  words: number;
  /** Words inside quotation marks: how much of the book it quotes. */
  quoteWords: number;
  /** Whether its first sentence takes up a word of the message it answers. */
  isDirect: boolean;
  /** Whether it names something the visitor told about themselves. */
  mentionsFact: boolean;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** The features of a reply (pure). */
export function replyFeatures(outcome: Pick<ReplyOutcome, 'reply' | 'question' | 'visitorFacts'>): ReplyFeatures {
  const quoted = [...outcome.reply.matchAll(/[“"]([^”"]+)[”"]/g)].map((match) => match[1] ?? '').join(' ');
  const first = /^[^.!?…]*[.!?…]?/.exec(outcome.reply.trim())?.[0] ?? outcome.reply;
  const asked = new Set(tokenize(outcome.question));
  const lower = outcome.reply.toLowerCase();
  return {
    words: words(outcome.reply).length,
    quoteWords: words(quoted).length,
    isDirect: tokenize(first).some((term) => asked.has(term)),
    mentionsFact: outcome.visitorFacts.some((value) => value.length >= 2 && lower.includes(value.toLowerCase())),
  };
}

/**
 * The outcomes of a character's replies (pure): each character turn of the conversations with the
 * signals held about it, the message it answered, and what the visitor had told by then.
 */
export function collectOutcomes(options: {
  conversations: readonly Conversation[];
  signals: readonly ReplySignal[];
  actOf: (message: string) => string;
}): ReplyOutcome[] {
  const byTurn = new Map<string, OutcomeSignal[]>();
  for (const signal of options.signals) {
    const list = byTurn.get(signal.turnId) ?? [];
    list.push({ kind: signal.kind, rating: signal.rating, ...(signal.reason ? { reason: signal.reason } : {}) });
    byTurn.set(signal.turnId, list);
  }
  const outcomes: ReplyOutcome[] = [];
  const factsByVisitor = new Map<string, Set<string>>();
  for (const conversation of options.conversations) {
    const facts = factsByVisitor.get(conversation.visitor) ?? new Set<string>();
    factsByVisitor.set(conversation.visitor, facts);
    let question = '';
    for (const turn of conversation.turns) {
      if (turn.role === 'visitor') {
        question = turn.text;
        for (const fact of turn.facts ?? []) facts.add(fact.value);
        continue;
      }
      outcomes.push({
        turnId: turn.id,
        conversationId: conversation.conversationId,
        visitor: conversation.visitor,
        createdAt: turn.createdAt,
        reply: turn.text,
        question,
        act: options.actOf(question),
        visitorFacts: [...facts],
        signals: byTurn.get(turn.id) ?? [],
      });
    }
  }
  return outcomes;
}
