import { describe, expect, it } from 'vitest';
import { findAppositions, findTurnLinks } from '../../src/book/identity-links.ts';
import { discoverCharacters } from '../../src/book/discover-characters.ts';
import { parseBook } from '../../src/book/parse-book.ts';
import type { Chapter, Speech } from '../../src/book/types.ts';

const chapter = (paragraphs: string[]): Chapter => ({ number: 1, label: '1', title: '1', kind: 'chapter', paragraphs, words: 0 });
const speech = (paragraph: number, speaker: string | null): Speech => ({ id: `q${paragraph}`, bookId: 'b', chapter: 1, passageId: 'b:1:0', paragraph, text: 'Words.', speaker });

describe('what the text says about two names being one person', () => {
  it('reads "known as", "alias" and "now Lord" appositions', () => {
    const links = findAppositions([chapter(['Daniel Brown, better known as Red Dan, kept the inn.', 'Arthur Hale, now Lord Dunmore, came in.', 'The boy, Tom Canty, alias Prince, ran off.'])]);
    expect(links.map(({ a, b }) => [a, b])).toEqual([['Daniel Brown', 'Red Dan'], ['Arthur Hale', 'Lord Dunmore'], ['Tom Canty', 'Prince']]);
  });

  it('pairs two names tagging one paragraph, and names speaking in adjacent turns as two people', () => {
    const { same, apart } = findTurnLinks([speech(0, 'Huck'), speech(0, 'Huckleberry'), speech(1, 'Tom'), speech(3, null), speech(4, 'Tom')]);
    expect(same.map(({ a, b }) => [a, b])).toEqual([['Huck', 'Huckleberry']]);
    expect(apart).toEqual([['Huck', 'Tom'], ['Huckleberry', 'Tom']]);
  });

  it('joins a person to the name an apposition gives them', () => {
    const text = [
      'Chapter 1',
      'Daniel Brown, better known as Red Dan, kept the inn at the crossroads. Daniel Brown was a large man, and Daniel Brown had a loud voice.',
      '“Come in,” said Red Dan. “Sit by the fire.”',
      '“Thank you,” said Daniel Brown, and he sat down himself, laughing. Red Dan always laughed at his own jokes.',
    ].join('\n\n');
    const characters = discoverCharacters(parseBook(text, { id: 'inn' }));
    const dan = characters.filter((character) => /Dan/.test(character.name));
    expect(dan).toHaveLength(1);
    expect([dan[0]!.name, ...dan[0]!.aliases]).toEqual(expect.arrayContaining(['Daniel Brown', 'Red Dan']));
  });
});
