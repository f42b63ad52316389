import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverCharacters, type DiscoveredCharacter } from '../../src/book/discover-characters.ts';
import { parseBook } from '../../src/book/parse-book.ts';
import { assignLines } from '../../src/book/character-lines.ts';
import type { Book } from '../../src/book/types.ts';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const find = (characters: DiscoveredCharacter[], name: string): DiscoveredCharacter | undefined => characters.find((character) => character.name === name);

describe('one entry per person in a family novel', () => {
  const book = parseBook(read('test/fixtures/books/family.txt'), { id: 'family' });
  const characters = discoverCharacters(book);
  const names = characters.map((character) => character.name);

  it('keeps a husband, his wife and their daughter apart although they share a surname', () => {
    expect(names).toEqual(expect.arrayContaining(['Mr. Harwood', 'Mrs. Harwood', 'Miss Harwood']));
  });

  it('joins a pet name to the person who answers to it, and a title alone to the one person who bears it', () => {
    expect(find(characters, 'Eleanor')?.aliases).toContain('Nelly');
    expect(names).not.toContain('Nelly');
    expect(find(characters, 'Dr. Fenwick')?.aliases).toEqual(expect.arrayContaining(['Doctor', 'the Doctor']));
  });

  it('lists no month, place, house or family as a character', () => {
    for (const wrong of ['June', 'Ashcombe Hall', 'Dunmore', 'Kelby', 'Harwoods', 'The Harwoods']) expect(names).not.toContain(wrong);
  });

  it('attributes a line tagged with a title and a name ("said Miss Harwood")', () => {
    expect(find(characters, 'Miss Harwood')?.lines).toBeGreaterThanOrEqual(1);
  });
});

describe('The Adventures of Tom Sawyer', () => {
  let book: Book;
  let characters: DiscoveredCharacter[];
  beforeAll(() => {
    book = parseBook(read('bench/fixtures/novels/pg74.txt'), { id: 'tom-sawyer' });
    characters = discoverCharacters(book);
  });

  it('finds 35 chapters between the preface and the conclusion, and no narrator', () => {
    expect(book.chapters.filter((chapter) => chapter.kind === 'chapter')).toHaveLength(35);
    expect(book.chapters[0]?.kind).toBe('preface');
    expect(book.chapters.at(-1)?.label).toBe('CONCLUSION');
    expect(book.narrators).toEqual([]);
  });

  it('makes Huck one entry with his full and short names', () => {
    const huck = characters.filter((character) => /Huck/.test(character.name));
    expect(huck).toHaveLength(1);
    expect([huck[0]!.name, ...huck[0]!.aliases]).toEqual(expect.arrayContaining(['Huck', 'Huckleberry', 'Huckleberry Finn', 'Huck Finn']));
  });

  it('shares bare "Joe" between Injun Joe and Joe Harper, and gives each their own lines', () => {
    const injun = find(characters, 'Injun Joe')!;
    const harper = find(characters, 'Joe Harper')!;
    expect(injun.aliases).not.toContain('Joe');
    expect(harper.aliases).not.toContain('Joe');
    expect(injun.sharedAliases).toContain('Joe');
    expect(harper.sharedAliases).toContain('Joe');
    expect(harper.lines).toBeGreaterThan(5);
    expect(find(characters, 'Muff Potter')!.lines).toBeGreaterThan(3);
    const lines = assignLines(book, characters);
    const harperChapters = new Set(lines.get('Joe Harper')!.map((speech) => speech.chapter));
    // The graveyard chapter (IX, the 10th chapter after the preface) is Injun Joe's, not Joe Harper's.
    expect(harperChapters.has(10)).toBe(false);
  });

  it('joins "the Judge" to Judge Thatcher and keeps weekdays, places, headings and sentence openers out of the top 12', () => {
    expect(find(characters, 'Judge Thatcher')?.aliases).toContain('the Judge');
    const top = characters.slice(0, 12).map((character) => character.name);
    for (const wrong of ['Sunday', 'Saturday', 'St. Petersburg', 'Cardiff Hill', 'Sunday-school', 'Presently', 'Shucks', 'Robin Hood', 'Say', 'Look']) {
      expect(top).not.toContain(wrong);
    }
  });
});

describe('Frankenstein uploaded fresh, without hand-written narrators', () => {
  let characters: DiscoveredCharacter[];
  beforeAll(() => {
    characters = discoverCharacters(parseBook(read('bench/fixtures/novels/pg84.txt'), { id: 'frankenstein' }));
  });

  it('makes Victor one narrating entry with his lines, his narration and both his names', () => {
    const victor = find(characters, 'Victor Frankenstein')!;
    expect(victor.aliases).toEqual(expect.arrayContaining(['Victor', 'Frankenstein']));
    expect(victor.isNarrator).toBe(true);
    expect(victor.lines).toBeGreaterThan(40);
    expect(victor.narration).toBeGreaterThan(300);
    expect(characters.filter((character) => /Victor|Frankenstein/.test(character.name) && character.name !== 'Victor Frankenstein' && character.name !== 'Alphonse Frankenstein')).toEqual([]);
  });

  it('makes Henry Clerval one entry and puts Walton, who frames the book, in the top five', () => {
    const clerval = characters.filter((character) => /Clerval|^Henry$/.test(character.name));
    expect(clerval.map((character) => character.name)).toEqual(['Henry Clerval']);
    const top = characters.slice(0, 5).map((character) => character.name);
    expect(top).toContain('Robert Walton');
    expect(find(characters, 'Robert Walton')?.isNarrator).toBe(true);
  });
});

describe('a narrator whose surname changes when she marries', () => {
  const book = parseBook(read('test/fixtures/books/married.txt'), { id: 'married' });
  const characters = discoverCharacters(book);

  it('is one narrator under both names, with her lines in both journals', () => {
    expect(book.narratorNames).toContainEqual({ name: 'Anna Gray', aliases: ['Anna Wells'] });
    const anna = characters.filter((character) => /Anna/.test(character.name));
    expect(anna).toHaveLength(1);
    expect(anna[0]!.aliases).toEqual(expect.arrayContaining(['Anna', 'Anna Wells', 'Mrs. Wells']));
    expect(anna[0]!.lines).toBe(3);
  });

  it('keeps her husband apart, narrating his own journal and signing his letter', () => {
    const tom = find(characters, 'Tom Wells')!;
    expect(tom.isNarrator).toBe(true);
    expect(tom.aliases).not.toContain('Mrs. Wells');
    expect(characters.map((character) => character.name)).not.toEqual(expect.arrayContaining(['May', 'June', 'September', 'Sunday']));
  });
});
