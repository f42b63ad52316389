import { describe, expect, it } from 'vitest';
import { createOfflineProvider, type OfflineVoice } from '../../src/llm/offline.ts';
import type { ChatChunk, ChatRequest } from '../../src/llm/provider.ts';
import { chatRequest } from './chat-request.ts';

/** A voice that answers with a fixed reply and remembers what it was asked. */
function fixedVoice(reply: string): OfflineVoice & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    requests,
    reply(request) {
      requests.push(request);
      return reply;
    },
  };
}

async function collect(stream: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { chunks, text: chunks.flatMap((chunk) => (chunk.type === 'text-delta' ? [chunk.text] : [])).join('') };
}

describe('offline provider', () => {
  it('streams the voice’s reply word by word and finishes as the offline voice', async () => {
    const voice = fixedVoice('Oh! I was nine feet high, and then I was three inches.');
    const { chunks, text } = await collect(createOfflineProvider({ voice }).stream(chatRequest({ messages: [{ role: 'user', content: 'How tall were you?' }] })));
    expect(text).toBe('Oh! I was nine feet high, and then I was three inches.');
    const deltas = chunks.filter((chunk) => chunk.type === 'text-delta');
    expect(deltas).toHaveLength(12);
    for (const delta of deltas) expect(delta.type === 'text-delta' && delta.text.trim().split(/\s+/).length).toBe(1);
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', provider: 'offline', model: 'offline-voice', usage: { outputTokens: 12 } });
  });

  it('hands the voice the whole request, conversation and grounding included', async () => {
    const voice = fixedVoice('Yes.');
    const request = chatRequest({ messages: [{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hi' }, { role: 'user', content: 'Again?' }] });
    await collect(createOfflineProvider({ voice }).stream(request));
    expect(voice.requests[0]).toBe(request);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const provider = createOfflineProvider({ voice: fixedVoice('one two three four five six seven eight nine ten'), wordDelayMs: 5 });
    const received: string[] = [];
    await expect(async () => {
      for await (const chunk of provider.stream(chatRequest({ signal: controller.signal }))) {
        if (chunk.type === 'text-delta') received.push(chunk.text);
        if (received.length === 2) controller.abort();
      }
    }).rejects.toThrow(/interrupted/);
    expect(received.length).toBeLessThan(5);
  });
});
