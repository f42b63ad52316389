import type { ChatChunk, ChatRequest, Provider } from '../../src/llm/provider.ts';

/** An in-process provider that records every request and answers with a scripted text per purpose. */
export interface RecordingProvider extends Provider {
  requests: ChatRequest[];
  /** The per-reply context block of the last chat request. */
  lastChatContext(): string;
}

/** Creates a recording provider; `answer` decides the reply from the request. */
export function createRecordingProvider(answer: (request: ChatRequest) => string): RecordingProvider {
  const requests: ChatRequest[] = [];
  return {
    name: 'recording',
    model: 'recording-1',
    isPaid: false,
    requests,
    lastChatContext() {
      const chat = requests.filter((request) => request.purpose === 'chat').at(-1);
      return chat?.system.filter((block) => !block.isCacheable).map((block) => block.text).join('\n') ?? '';
    },
    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      requests.push(request);
      for (const word of answer(request).match(/\S+\s*/g) ?? []) yield { type: 'text-delta', text: word };
      yield { type: 'finish', provider: 'recording', model: 'recording-1', usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    },
  };
}
