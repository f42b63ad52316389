import { describe, expect, it } from 'vitest';
import { loadCharacter } from '../../src/characters/load-characters.ts';
import { createCharacterRuntime, loadBooks } from '../../src/character-runtime.ts';
import { retrieveForMessage } from '../../src/chat/chat-service.ts';
import { planQuestion } from '../../src/memory/character-query.ts';
import { createMemoryStore, DEFAULT_PRESENCE_WEIGHTS } from '../../src/memory/memory-store.ts';
import { tokenize } from '../../src/memory/tokenize.ts';
import type { MemoryItem } from '../../src/memory/types.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const passage = (id: string, chapter: number, text: string, present?: MemoryItem['present']): MemoryItem => ({
  id, character: 'victor', kind: 'passage', text, createdAt: new Date(0).toISOString(), source: [], importance: 5, bookId: 'book', chapter, ...(present ? { present } : {}),
});
const victor = { name: 'Victor Frankenstein', weights: DEFAULT_PRESENCE_WEIGHTS };

describe('retrieval for the character asked', () => {
  it('ranks a passage the character is in above an equal keyword match elsewhere, as a bounded boost', () => {
    const store = createMemoryStore({ character: 'victor', now: () => NOW, presence: victor });
    store.add([
      passage('elsewhere', 1, 'The storm broke over the lake and the lightning struck the oak.'),
      passage('there', 2, 'The storm broke over the lake and the lightning struck the oak.', [{ name: 'Victor Frankenstein', kinds: ['speaking'] }]),
      passage('better-words', 3, 'Lightning struck the old oak in the storm; the oak was shattered by lightning, a blasted stump of oak.'),
    ]);
    const hits = store.search('lightning oak storm', { kinds: ['passage'] }, 3);
    expect(hits.findIndex((hit) => hit.item.id === 'there')).toBeLessThan(hits.findIndex((hit) => hit.item.id === 'elsewhere'));
    const there = hits.find((hit) => hit.item.id === 'there')!.score;
    const elsewhere = hits.find((hit) => hit.item.id === 'elsewhere')!.score;
    expect(there / elsewhere).toBeCloseTo(1 + DEFAULT_PRESENCE_WEIGHTS.speaking, 6);
  });

  it('keeps a narrator\'s first person, so "your mother" finds the chapter it calls "my mother"', () => {
    const narrated = [{ name: 'Victor Frankenstein', kinds: ['narrating' as const] }];
    const store = createMemoryStore({ character: 'victor', now: () => NOW, presence: victor });
    store.add([
      passage('justine', 11, 'Justine told them how her mother had died alone, and the mother of Justine was mourned.', narrated),
      passage('mine', 7, 'On the third day my mother sickened and she died calmly, and I wept.', narrated),
    ]);
    const frame = { name: 'Victor Frankenstein', aliases: ['Victor'], names: ['Justine'], narrates: true };
    expect(store.search(planQuestion('How did your mother die?', frame), { kinds: ['passage'] }, 1)[0]?.item.id).toBe('mine');
    // The same text in a store of someone else, who does not narrate it, has no first person.
    const other = createMemoryStore({ character: 'victor', now: () => NOW, presence: { name: 'Robert Walton', weights: DEFAULT_PRESENCE_WEIGHTS } });
    other.add([passage('mine', 7, 'On the third day my mother sickened and she died calmly.', narrated)]);
    expect(other.searchTerms(['my'], { kinds: ['passage'] }, 1)).toEqual([]);
  });

  it('keeps the first person of the character\'s own quoted words on a page another narrates, and only those', () => {
    const text = 'I followed him across the ice. “Believe me, my soul glowed with love,” said the daemon.';
    const quote = 'Believe me, my soul glowed with love,';
    const start = text.indexOf(quote);
    const item = { ...passage('glacier', 14, text, [{ name: 'The Creature', kinds: ['speaking' as const] }, { name: 'Victor Frankenstein', kinds: ['narrating' as const] }]), character: 'creature', ownSpeech: [start, start + quote.length] };
    const store = createMemoryStore({ character: 'creature', now: () => NOW, presence: { name: 'The Creature', weights: DEFAULT_PRESENCE_WEIGHTS } });
    store.add([item]);
    expect(store.searchTerms(['my', 'soul'], { kinds: ['passage'] }, 1)[0]?.item.id).toBe('glacier');
    // Its "me" and "my soul" are its own; the narrator's "I followed" is not its first person.
    expect(store.searchTerms(['i'], { kinds: ['passage'] }, 1)).toHaveLength(1);
    const narratorOnly = createMemoryStore({ character: 'creature', now: () => NOW, presence: { name: 'The Creature', weights: DEFAULT_PRESENCE_WEIGHTS } });
    const without = 'Believe me, my soul glowed with love,'.length;
    narratorOnly.add([{ ...item, text: `I followed him. “${'x'.repeat(without)}”`, ownSpeech: [17, 17 + without] }]);
    expect(narratorOnly.searchTerms(['i'], { kinds: ['passage'] }, 1)).toEqual([]);
    const plain = createMemoryStore({ character: 'creature', now: () => NOW, presence: { name: 'The Creature', weights: DEFAULT_PRESENCE_WEIGHTS } });
    plain.add([{ ...item, ownSpeech: undefined }]);
    expect(plain.searchTerms(['my'], { kinds: ['passage'] }, 1)).toEqual([]);
    expect(() => store.add([{ ...item, id: 'bad', ownSpeech: [5] }])).toThrow(/ownSpeech/);
  });

  it('ranks the teller\'s pages first when the question asks what the teller told the character', () => {
    const walton = { name: 'Robert Walton', weights: DEFAULT_PRESENCE_WEIGHTS };
    const store = createMemoryStore({ character: 'victor', now: () => NOW, presence: walton });
    const text = 'The servant was tried for the murder and the court condemned her.';
    store.add([
      passage('walton-writes', 28, text, [{ name: 'Robert Walton', kinds: ['narrating'] }]),
      passage('victor-tells', 12, text, [{ name: 'Victor Frankenstein', kinds: ['narrating'] }]),
    ]);
    const frame = { name: 'Robert Walton', aliases: ['Walton'], names: ['Victor Frankenstein'], narrates: true, tellers: [{ name: 'Victor Frankenstein', aliases: ['Victor', 'Frankenstein'] }] };
    expect(store.search(planQuestion('What did Victor tell you about the servant and the murder trial?', frame), { kinds: ['passage'] }, 2).map((hit) => hit.item.id)).toEqual(['victor-tells', 'walton-writes']);
    expect(store.search(planQuestion('What do you think of the servant and the murder trial?', frame), { kinds: ['passage'] }, 2).map((hit) => hit.item.id)).toEqual(['walton-writes', 'victor-tells']);
  });

  it('never retrieves anything past the card\'s last chapter, in search, retrieve or a listing', () => {
    const store = createMemoryStore({ character: 'victor', now: () => NOW, lastChapter: 5 });
    store.add([
      passage('known', 5, 'The creature spoke to me on the glacier.'),
      passage('unknown', 9, 'The creature spoke to me on the ice at the pole.'),
      { id: 'later-reflection', character: 'victor', kind: 'reflection', text: 'I think of the creature on the ice.', createdAt: NOW.toISOString(), source: [], importance: 5, chapter: 9 },
      { id: 'plain-reflection', character: 'victor', kind: 'reflection', text: 'I think of the creature.', createdAt: NOW.toISOString(), source: [], importance: 5 },
    ]);
    const everything = [
      ...store.search('creature ice', {}, 10),
      ...store.retrieve('creature ice pole', { passages: 10, memories: 10 }).passages,
      ...store.retrieve('creature ice pole', { passages: 10, memories: 10 }).memories,
    ].map((hit) => hit.item.id);
    expect(everything).toContain('known');
    expect(everything).toContain('plain-reflection');
    expect(everything).not.toContain('unknown');
    expect(everything).not.toContain('later-reflection');
    expect(store.items().map((item) => item.id)).not.toContain('unknown');
  });

  it('expands a follow-up with the conversation\'s topic: "Do you regret it?" after a question about the creature', async () => {
    const character = await loadCharacter('characters', 'victor-frankenstein');
    const book = (await loadBooks([character], 'corpus')).get('frankenstein')!;
    const runtime = createCharacterRuntime(character, book);
    const alone = retrieveForMessage(runtime, 'Do you regret it?', { passages: 4, memories: 0 });
    const followUp = retrieveForMessage(runtime, 'Do you regret it?', { earlier: ['Why did you give life to the creature?'], passages: 4, memories: 0 });
    expect(alone.plan.isFollowUp).toBe(false);
    expect(followUp.plan.isFollowUp).toBe(true);
    // The passages now speak of what the conversation was about, not of "regret" anywhere.
    const topical = (hits: typeof alone.passages) => hits.reduce((sum, hit) => sum + followUp.plan.topic.filter((term) => tokenize(hit.item.text).includes(term)).length, 0);
    expect(topical(followUp.passages)).toBeGreaterThan(topical(alone.passages));
    // Victor's book passages carry who is in them, and he narrates most of them.
    expect(book.passages.filter((entry) => entry.present?.some((present) => present.name === 'Victor Frankenstein' && present.kinds.includes('narrating'))).length).toBeGreaterThan(150);
  });
});
