import { composeOfflineReply } from './offline-compose.ts';
import { ProviderError, emptyUsage, type ChatChunk, type ChatRequest, type Provider } from './provider.ts';

/** Options for the offline voice. */
export interface OfflineProviderOptions {
  /** Pause between streamed words, so the reply reads as it is "spoken"; 0 in tests. */
  wordDelayMs?: number;
  /** Source of variety; Math.random by default, seeded in tests. */
  random?: () => number;
}

function delay(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The last voice of the cascade: no network, no model. It answers from the book and from memory
 * (see composeOfflineReply) and streams the reply word by word.
 */
export function createOfflineProvider(options: OfflineProviderOptions = {}): Provider {
  const wordDelayMs = options.wordDelayMs ?? 0;
  const random = options.random ?? Math.random;
  return {
    name: 'offline',
    model: 'offline-voice',
    isPaid: false,
    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      const message = [...request.messages].reverse().find((entry) => entry.role === 'user')?.content ?? '';
      const reply = composeOfflineReply(request.grounding, message, random);
      const words = reply.match(/\S+\s*/g) ?? [reply];
      try {
        for (const [index, word] of words.entries()) {
          if (request.signal?.aborted) throw request.signal.reason;
          if (index > 0 && wordDelayMs > 0) await delay(wordDelayMs, request.signal);
          yield { type: 'text-delta', text: word };
        }
      } catch (error) {
        throw new ProviderError('The offline voice was interrupted', { kind: 'aborted', provider: 'offline', cause: error });
      }
      yield { type: 'finish', provider: 'offline', model: 'offline-voice', usage: { ...emptyUsage(), outputTokens: words.length } };
    },
  };
}
