import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverCharacters, type DiscoveredCharacter } from '../../src/book/discover-characters.ts';
import { loadBook, readBookMetadata } from '../../src/book/load-corpus.ts';
import type { Book } from '../../src/book/types.ts';
import { draftCard } from '../../src/characters/draft-card.ts';
import { validateCard } from '../../src/characters/validate-card.ts';
import { BUNDLED_CORPUS } from './temp-corpus.ts';

async function discover(id: string): Promise<{ book: Book; characters: DiscoveredCharacter[] }> {
  const folder = path.join(BUNDLED_CORPUS, id);
  const [book, metadata] = await Promise.all([loadBook(folder), readBookMetadata(folder)]);
  return { book, characters: discoverCharacters(book, metadata.narrators ? { narrators: metadata.narrators } : {}) };
}

function byName(characters: DiscoveredCharacter[], pattern: RegExp): DiscoveredCharacter | undefined {
  return characters.find((character) => pattern.test(character.name));
}

describe('discovering the characters of Alice', () => {
  let found: { book: Book; characters: DiscoveredCharacter[] };
  beforeAll(async () => {
    found = await discover('alice');
  });

  it('ranks Alice, the Hatter, the Queen and the Cat among the top speakers', () => {
    const topSpeakers = [...found.characters].sort((a, b) => b.lines - a.lines).slice(0, 12).map((character) => character.name);
    expect(topSpeakers[0]).toBe('Alice');
    for (const name of [/Hatter/, /Queen/, /\bCat\b/]) expect(topSpeakers.some((speaker) => name.test(speaker))).toBe(true);
  });

  it('groups the forms of one name as aliases, with lines, mentions and chapters', () => {
    const rabbit = byName(found.characters, /Rabbit/)!;
    expect(rabbit.aliases).toEqual(expect.arrayContaining(['Rabbit', 'White Rabbit']));
    const cat = byName(found.characters, /\bCat\b/)!;
    expect(cat.aliases).toContain('Cheshire Cat');
    const alice = byName(found.characters, /^Alice$/)!;
    expect(alice.lines).toBeGreaterThan(300);
    expect(alice.mentions).toBeGreaterThan(300);
    expect(alice.chapters).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('does not take sentence openers, contractions or places for characters', () => {
    const names = found.characters.map((character) => character.name);
    for (const wrong of ['I’m', 'I’ll', 'The', 'Oh', 'Chapter', 'Illustration', 'Majesty']) expect(names).not.toContain(wrong);
  });
});

describe('discovering the characters of Frankenstein', () => {
  let found: { book: Book; characters: DiscoveredCharacter[] };
  beforeAll(async () => {
    found = await discover('frankenstein');
  });

  it('finds Victor, named or narrating, and the Creature the text calls by epithets', () => {
    const top = found.characters.slice(0, 6).map((character) => character.name);
    expect(top).toContain('Victor Frankenstein');
    expect(top).toContain('The Creature');
    const creature = byName(found.characters, /Creature/)!;
    expect(creature.aliases).toEqual(expect.arrayContaining(['the monster', 'the dæmon', 'the fiend', 'the wretch']));
    expect(creature.mentions).toBeGreaterThan(50);
    expect(creature.isNarrator).toBe(true);
    const victor = byName(found.characters, /Victor/)!;
    expect(victor.aliases).toEqual(expect.arrayContaining(['Victor']));
    expect(victor.lines).toBeGreaterThan(20);
  });

  it('keeps Elizabeth and Clerval as characters of their own', () => {
    expect(byName(found.characters, /^Elizabeth$/)?.mentions).toBeGreaterThan(50);
    expect(byName(found.characters, /Clerval|Henry/)).toBeDefined();
  });

  it('drafts a valid card for the Creature from his own lines, bounded at his last chapter', () => {
    const creature = byName(found.characters, /Creature/)!;
    const card = draftCard(found.book, creature);
    expect(validateCard(JSON.parse(JSON.stringify(card)), 'draft')).toEqual(card);
    const reverie = card.data.extensions.reverie;
    expect(reverie.book).toBe('frankenstein');
    expect(reverie.knowledge.lastChapter).toBe(creature.chapters.at(-1));
    expect(reverie.constitution.join(' ')).toMatch(/never claim to be an AI/i);
    expect(reverie.constitution.join(' ')).toMatch(/private words/);
    expect(card.data.mes_example).toMatch(/^<START>\n\{\{user\}\}: .+\n\{\{char\}\}: .+/);
    const creatureLines = found.book.speeches.filter((speech) => speech.speaker === 'The Creature').map((speech) => speech.text);
    expect(creatureLines).toContain(card.data.first_mes);
    expect(reverie.manner.length).toBeGreaterThan(0);
  });
});

describe('drafting cards for Alice', () => {
  it('drafts a valid card for every top character, described from the narration', async () => {
    const { book, characters } = await discover('alice');
    for (const character of characters.slice(0, 8)) {
      const card = draftCard(book, character);
      expect(card.data.name).toBe(character.name);
      expect(card.data.description).toContain(character.name);
      expect(card.data.description.length).toBeGreaterThan(100);
      expect(card.data.mes_example.split('<START>').length - 1).toBeGreaterThanOrEqual(1);
    }
  });
});
