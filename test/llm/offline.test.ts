import { describe, expect, it } from 'vitest';
import { createOfflineProvider } from '../../src/llm/offline.ts';
import type { ChatChunk, ChatRequest, Grounding } from '../../src/llm/provider.ts';

const grounding: Grounding = {
  characterName: 'Alice',
  greeting: 'Oh! How do you do? I am Alice.',
  manner: ['curious'],
  turnIndex: 1,
  items: [
    { id: 'alice:8:1', kind: 'passage', chapterTitle: "The Queen's Croquet-Ground", text: 'Alice thought she had never seen such a curious croquet-ground in her life; it was all ridges and furrows; the balls were live hedgehogs, and the mallets live flamingoes. The chief difficulty Alice found at first was in managing her flamingo.' },
    { id: 'alice:7:2', kind: 'passage', chapterTitle: 'A Mad Tea-Party', text: 'The table was a large one, but the three were all crowded together at one corner of it. No room! No room! they cried out when they saw Alice coming.' },
    { id: 'line-1', kind: 'line', text: 'I don’t think they play at all fairly, and they all quarrel so dreadfully one can’t hear oneself speak.' },
    { id: 'line-2', kind: 'line', text: 'Who cares for you? You’re nothing but a pack of cards!' },
  ],
};

function request(message: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { system: [], messages: [{ role: 'user', content: message }], grounding, purpose: 'chat', maxOutputTokens: 200, ...overrides };
}

async function collect(stream: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const text = chunks.flatMap((chunk) => (chunk.type === 'text-delta' ? [chunk.text] : [])).join('');
  return { chunks, text };
}

function seeded(seed: number): () => number {
  let value = seed;
  return () => {
    value = (value * 1103515245 + 12345) % 2 ** 31;
    return value / 2 ** 31;
  };
}

describe('offline voice', () => {
  it('answers from the passage that matches the visitor’s words and quotes the character’s own line', async () => {
    const { text, chunks } = await collect(createOfflineProvider({ random: seeded(1) }).stream(request('How did you play croquet with flamingoes and hedgehogs?')));
    expect(text).toMatch(/flamingo|hedgehog/);
    expect(text).toContain('Croquet-Ground');
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', provider: 'offline', model: 'offline-voice' });
  });

  it('streams word by word', async () => {
    const { chunks } = await collect(createOfflineProvider({ random: seeded(2) }).stream(request('Tell me about the croquet')));
    const deltas = chunks.filter((chunk) => chunk.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(10);
    for (const delta of deltas) expect(delta.type === 'text-delta' && delta.text.trim().split(/\s+/).length).toBe(1);
  });

  it('does not give the same reply to the same question every time', async () => {
    const provider = createOfflineProvider({ random: seeded(3) });
    const replies = new Set<string>();
    for (let attempt = 0; attempt < 6; attempt += 1) replies.add((await collect(provider.stream(request('Tell me about the croquet game')))).text);
    expect(replies.size).toBeGreaterThan(1);
  });

  it('invents nothing: every quoted sentence comes from the grounding', async () => {
    const provider = createOfflineProvider({ random: seeded(4) });
    const sources = grounding.items.map((item) => item.text).join(' ');
    for (const question of ['What about the tea-party?', 'Were the cards rude to you?', 'What is the capital of France?']) {
      const { text } = await collect(provider.stream(request(question)));
      const quoted = text.match(/“([^”]+)”/g) ?? [];
      for (const quote of quoted) {
        const inner = quote.slice(1, -1);
        if (inner.split(' ').length > 3 && !['A Mad Tea-Party', "The Queen's Croquet-Ground"].includes(inner)) expect(sources).toContain(inner.replace(/[.!?]$/, '').slice(0, 40));
      }
    }
  });

  it('greets with the card’s greeting on a first hello', async () => {
    const { text } = await collect(createOfflineProvider().stream(request('Hello!', { grounding: { ...grounding, turnIndex: 0 } })));
    expect(text).toBe(grounding.greeting);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const provider = createOfflineProvider({ wordDelayMs: 5 });
    const received: string[] = [];
    await expect(async () => {
      for await (const chunk of provider.stream(request('Tell me about the croquet', { signal: controller.signal }))) {
        if (chunk.type === 'text-delta') received.push(chunk.text);
        if (received.length === 2) controller.abort();
      }
    }).rejects.toThrow(/interrupted/);
    expect(received.length).toBeLessThan(5);
  });
});
