import { describe, expect, it } from 'vitest';
import { createCharacterRuntime, loadBooks } from '../../src/character-runtime.ts';
import { loadCharacter } from '../../src/characters/load-characters.ts';
import { retrieveForMessage } from '../../src/chat/chat-service.ts';
import { talkTo } from './voice-kit.ts';

/** A reply of the offline voice grounded the way the chat grounds it: the passages retrieval finds. */
async function askWithRetrieval(id: string, question: string): Promise<string> {
  const character = await loadCharacter('characters', id);
  const book = (await loadBooks([character], 'corpus')).get(character.card.data.extensions.reverie.book)!;
  const runtime = createCharacterRuntime(character, book);
  const items = retrieveForMessage(runtime, question, { passages: 4, memories: 0, lines: 0 }).passages.map((hit) => ({ id: hit.item.id, kind: 'passage' as const, text: hit.item.text }));
  return (await talkTo(id, { items })).say(question);
}

describe('what the character did, it tells from its own life', () => {
  it('does not answer "Why did you...?" with another narrator’s first person', async () => {
    // Frankenstein's "the spot where my poor William had been murdered" is his grief, not the creature's deed.
    expect(await askWithRetrieval('the-creature', 'Why did you kill William?')).not.toMatch(/As Frankenstein told it/);
  });

  it('does not take "a human being" or "the same happy creature" in another’s narration for the creature', async () => {
    expect(await askWithRetrieval('the-creature', 'Did you ever love anyone?')).not.toMatch(/As Frankenstein told it/);
  });
});
