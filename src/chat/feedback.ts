import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../dataset/atomic-file.ts';

/** What a visitor may say was wrong with a reply, besides a free note. */
export const FEEDBACK_REASONS = ['wrong_facts', 'out_of_character', 'too_long', 'ignored_me', 'repeated'] as const;

/** One of FEEDBACK_REASONS. */
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/**
 * How a signal about a reply came: the visitor rated it, or what they did next said it missed
 * (they corrected the character, asked the same again, or left right after it).
 */
export const SIGNAL_KINDS = ['rating', 'correction', 'rephrase', 'left'] as const;

/** One of SIGNAL_KINDS. */
export type SignalKind = (typeof SIGNAL_KINDS)[number];

const signalSchema = z.object({
  id: z.string().min(1),
  character: z.string().min(1),
  visitor: z.string().min(1),
  conversationId: z.string().min(1),
  /** The character's turn the signal is about. */
  turnId: z.string().min(1),
  kind: z.enum(SIGNAL_KINDS),
  /** 1 liked, -1 disliked; implicit signals are -1. */
  rating: z.union([z.literal(1), z.literal(-1)]),
  reason: z.enum(FEEDBACK_REASONS).optional(),
  /** The visitor's own words: private, shown to nobody, never copied into a strategy. */
  note: z.string().max(500).optional(),
  createdAt: z.string(),
});

/** A signal about one reply, private to the visitor who gave it. */
export type ReplySignal = z.infer<typeof signalSchema>;

/** The signals of every visitor, kept in `DATA_DIR/feedback.jsonl`. */
export interface FeedbackStore {
  /** Reads the file (a damaged line is skipped); call once at start. */
  load(): Promise<{ signals: number; skipped: number }>;
  /** Stores a signal; a visitor's new signal of a kind about a turn replaces their earlier one. */
  record(signal: Omit<ReplySignal, 'id' | 'createdAt'> & { createdAt?: string }): Promise<ReplySignal>;
  /** The current signals about a character's replies, oldest first. */
  signals(character: string): ReplySignal[];
  /** Whether a signal of this kind about this turn is held. */
  has(turnId: string, kind: SignalKind): boolean;
  /** Erases a visitor's signals (about every character, or one): the file is rewritten without them. */
  erase(request: { visitor: string; character?: string }): Promise<number>;
}

/** Creates the feedback store over a JSON-lines file. */
export function createFeedbackStore(options: { path: string; now?: () => Date }): FeedbackStore {
  const now = options.now ?? (() => new Date());
  // One signal per turn, kind and visitor: the newest wins.
  const held = new Map<string, ReplySignal>();
  const keyOf = (signal: Pick<ReplySignal, 'turnId' | 'kind' | 'visitor'>) => `${signal.turnId}\u0000${signal.kind}\u0000${signal.visitor}`;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function rewrite(): Promise<void> {
    const text = [...held.values()].map((signal) => `${JSON.stringify(signal)}\n`).join('');
    await writeFileAtomic(options.path, new TextEncoder().encode(text));
  }

  return {
    async load() {
      const text = await readFile(options.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      let skipped = 0;
      held.clear();
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          skipped += 1;
          continue;
        }
        const parsed = signalSchema.safeParse(value);
        if (!parsed.success) {
          skipped += 1;
          continue;
        }
        held.delete(keyOf(parsed.data));
        held.set(keyOf(parsed.data), parsed.data);
      }
      // Ratings changed again and again leave old lines behind: past twice what is held, the file is rewritten.
      const lines = text.split('\n').filter((line) => line.trim() !== '').length;
      if (lines > 2 * held.size + 100) await rewrite();
      return { signals: held.size, skipped };
    },
    record(input) {
      return serial(async () => {
        const signal = signalSchema.parse({ ...input, id: randomUUID(), createdAt: input.createdAt ?? now().toISOString() });
        await mkdir(path.dirname(options.path), { recursive: true });
        await appendFile(options.path, `${JSON.stringify(signal)}\n`);
        held.delete(keyOf(signal));
        held.set(keyOf(signal), signal);
        return signal;
      });
    },
    signals: (character) => [...held.values()].filter((signal) => signal.character === character),
    has: (turnId, kind) => [...held.values()].some((signal) => signal.turnId === turnId && signal.kind === kind),
    erase(request) {
      return serial(async () => {
        let erased = 0;
        for (const [key, signal] of held) {
          if (signal.visitor !== request.visitor || (request.character !== undefined && signal.character !== request.character)) continue;
          held.delete(key);
          erased += 1;
        }
        // Rewritten even when nothing is held now: an earlier, replaced line may still name them.
        await rewrite();
        return erased;
      });
    },
  };
}
