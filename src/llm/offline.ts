import { ProviderError, emptyUsage, type ChatChunk, type ChatRequest, type Provider } from './provider.ts';

/**
 * The thinking of the offline voice: understanding the visitor and composing the reply. It lives
 * in src/voice/ and main.ts hands it in, so llm/ imports nothing of ours.
 */
export interface OfflineVoice {
  /** The whole reply to the request's last visitor message. */
  reply(request: ChatRequest): string;
}

/** Options for the offline provider. */
export interface OfflineProviderOptions {
  voice: OfflineVoice;
  /** Pause between streamed words, so the reply reads as it is "spoken"; 0 in tests. */
  wordDelayMs?: number;
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
 * The last provider of the cascade: no network, no model. The voice composes the reply; this
 * streams it word by word.
 */
export function createOfflineProvider(options: OfflineProviderOptions): Provider {
  const wordDelayMs = options.wordDelayMs ?? 0;
  return {
    name: 'offline',
    model: 'offline-voice',
    isPaid: false,
    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      const reply = options.voice.reply(request);
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
