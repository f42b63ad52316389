import { describe, expect, it } from 'vitest';
import { createCharacterRuntime } from '../../src/character-runtime.ts';
import { createChatService } from '../../src/chat/chat-service.ts';
import { createConversationLog } from '../../src/chat/conversations.ts';
import type { TurnRecord } from '../../src/memory/types.ts';
import { createRecordingProvider } from '../helpers/recording-provider.ts';
import { smallBook } from '../reflection/small-book.ts';
import { loadCard } from '../reflection/helpers.ts';

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const _event of events) { /* the reply is not what this test reads */ }
}

describe('the grounding chat gives every voice', () => {
  it('names the character and carries the whole conversation so far, whose words each turn was', async () => {
    const runtime = createCharacterRuntime({ id: 'alice', card: loadCard('alice') }, smallBook());
    const provider = createRecordingProvider(() => 'A reply of mine.');
    const journal: TurnRecord[] = [];
    const chat = createChatService({
      characters: new Map([['alice', runtime]]),
      journal: { append: async (turn) => void journal.push(turn) },
      conversations: createConversationLog(),
      provider,
      historyTurns: 2,
    });
    for (const message of ['First message.', 'Second message.', 'Third message.']) {
      await drain((await chat.accept({ characterId: 'alice', visitorId: 'visitor-0000000001', message })).events(new AbortController().signal));
    }
    const last = provider.requests.at(-1)!;
    expect(last.grounding.characterId).toBe('alice');
    // The prompt keeps only the last turns; the grounding keeps the whole conversation.
    expect(last.messages).toHaveLength(3);
    expect(last.grounding.conversation).toEqual([
      { role: 'visitor', text: 'First message.' }, { role: 'character', text: 'A reply of mine.' },
      { role: 'visitor', text: 'Second message.' }, { role: 'character', text: 'A reply of mine.' },
    ]);
    const turns = last.grounding.items.filter((item) => item.kind === 'turn');
    // Only what the visitor said is remembered as turns, each with its role and its own words, no label.
    for (const turn of turns) {
      expect(turn.role).toBe('visitor');
      expect(turn.text).not.toMatch(/^(?:I said|The visitor said):/);
    }
  });
});
