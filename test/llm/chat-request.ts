import type { ChatRequest } from '../../src/llm/provider.ts';

/** A small chat request for provider tests; `overrides` replace fields. */
export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    system: [
      { text: 'You are Alice, from Alice in Wonderland. Speak as she does.', isCacheable: true },
      { text: 'Book context: the rabbit-hole went straight on like a tunnel for some way.', isCacheable: true },
      { text: 'The visitor has told you their name is Sam.', isCacheable: false },
    ],
    messages: [{ role: 'user', content: 'Who are you?' }],
    grounding: { characterName: 'Alice', greeting: 'Hello!', manner: ['curious'], items: [], turnIndex: 0 },
    purpose: 'chat',
    maxOutputTokens: 64,
    ...overrides,
  };
}

/** Drains a stream into its text and its last (finish) chunk. */
export async function collect(stream: AsyncIterable<import('../../src/llm/provider.ts').ChatChunk>) {
  let text = '';
  let finish: Extract<import('../../src/llm/provider.ts').ChatChunk, { type: 'finish' }> | undefined;
  for await (const chunk of stream) {
    if (chunk.type === 'text-delta') text += chunk.text;
    else finish = chunk;
  }
  return { text, finish };
}
