import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBook } from '../../src/book/load-corpus.ts';
import type { Book } from '../../src/book/types.ts';

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');
const ALICE_SPEAKERS = [
  { name: 'Mad Hatter', aliases: ['the Hatter', 'Hatter'] },
  { name: 'White Rabbit', aliases: ['the White Rabbit', 'the Rabbit'] },
];

let alice: Book;
let frankenstein: Book;
beforeAll(async () => {
  alice = await loadBook(path.join(CORPUS, 'alice'), { speakers: ALICE_SPEAKERS });
  frankenstein = await loadBook(path.join(CORPUS, 'frankenstein'));
});

function passageSizesWithinBounds(book: Book): void {
  for (const chapter of book.chapters) {
    const passages = book.passages.filter((passage) => passage.chapter === chapter.number);
    expect(passages.length).toBeGreaterThan(0);
    passages.forEach((passage, index) => {
      expect(passage.id).toBe(`${book.id}:${chapter.number}:${index}`);
      // A single paragraph of up to 300 words stays whole; a short passage may stretch to 350.
      expect(passage.words).toBeLessThanOrEqual(350);
      if (index < passages.length - 1) expect(passage.words).toBeGreaterThanOrEqual(60);
    });
  }
  const words = book.passages.map((passage) => passage.words).sort((a, b) => a - b);
  const nearTarget = words.filter((count) => count >= 100 && count <= 300).length;
  expect(nearTarget / words.length).toBeGreaterThanOrEqual(0.9);
  const median = words[Math.floor(words.length / 2)]!;
  expect(median).toBeGreaterThanOrEqual(120);
  expect(median).toBeLessThanOrEqual(250);
}

describe('Alice in the corpus', () => {
  it('has the twelve chapters with their printed titles, contents list skipped', () => {
    expect(alice.title).toBe("Alice's Adventures in Wonderland");
    expect(alice.chapters).toHaveLength(12);
    expect(alice.chapters[0]).toMatchObject({ number: 1, label: 'CHAPTER I.', title: 'Down the Rabbit-Hole', kind: 'chapter' });
    expect(alice.chapters[11]).toMatchObject({ number: 12, label: 'CHAPTER XII.', title: 'Alice’s Evidence' });
    expect(alice.chapters[0]!.paragraphs[0]).toMatch(/^Alice was beginning to get very tired/);
    expect(alice.warnings).toEqual([]);
  });

  it('packs paragraphs into passages of about 120 to 250 words with stable ids', () => {
    passageSizesWithinBounds(alice);
  });

  it('attributes known lines to their speakers through aliases', () => {
    const find = (fragment: string) => alice.speeches.find((speech) => speech.text.includes(fragment));
    expect(find('Oh dear! Oh dear! I shall be late!')?.speaker).toBe('White Rabbit');
    // "said the Hatter" resolves through the alias to the canonical name.
    expect(find('Your hair wants cutting')?.speaker).toBe('Mad Hatter');
    // "all he said was, ‘Why is a raven like a writing-desk?’": the speaker is named before the quote.
    expect(find('Why is a raven like a writing-desk?')?.speaker).toBe('Mad Hatter');
    // Unknown speakers keep the name as written, without "the", capitalised.
    expect(find('Off with her head!')?.speaker).toBe('Queen');
    expect(find('Curiouser and curiouser!')?.speaker).toBe('Alice');
  });

  it('gives a quote split by a speech tag the same speaker on both sides', () => {
    const index = alice.speeches.findIndex((speech) => speech.text.startsWith('and what is the use of a book'));
    expect(alice.speeches[index]!.speaker).toBe('Alice');
    expect(alice.speeches[index + 1]).toMatchObject({ text: 'without pictures or conversations?', speaker: 'Alice' });
  });

  it('does not take apostrophes inside words for quote marks', () => {
    expect(alice.speeches.every((speech) => !/^(s|t|ll|re|ve|d) /.test(speech.text))).toBe(true);
    expect(alice.speeches.find((speech) => speech.text.includes('I’ve had such a curious dream'))).toBeDefined();
  });

  it('links every speech to the passage that holds it', () => {
    const passages = new Map(alice.passages.map((passage) => [passage.id, passage]));
    for (const speech of alice.speeches) {
      const passage = passages.get(speech.passageId);
      expect(passage?.text.includes(speech.text.slice(0, 30))).toBe(true);
    }
  });
});

describe('Frankenstein in the corpus', () => {
  it('has four letters then twenty-four chapters numbered in reading order', () => {
    expect(frankenstein.chapters).toHaveLength(28);
    expect(frankenstein.chapters.slice(0, 4).map((chapter) => [chapter.number, chapter.kind, chapter.label])).toEqual([
      [1, 'letter', 'Letter 1'],
      [2, 'letter', 'Letter 2'],
      [3, 'letter', 'Letter 3'],
      [4, 'letter', 'Letter 4'],
    ]);
    expect(frankenstein.chapters[4]).toMatchObject({ number: 5, label: 'Chapter 1', kind: 'chapter' });
    expect(frankenstein.chapters[27]).toMatchObject({ number: 28, label: 'Chapter 24', title: 'Chapter 24' });
    expect(frankenstein.chapters[0]!.paragraphs[0]).toBe('_To Mrs. Saville, England._');
  });

  it('packs paragraphs into passages within bounds', () => {
    passageSizesWithinBounds(frankenstein);
  });

  it('maps first-person speech to the narrator of each stretch of the book', () => {
    const speakersOf = (chapter: number) =>
      new Set(frankenstein.speeches.filter((speech) => speech.chapter === chapter).map((speech) => speech.speaker));
    expect(speakersOf(19)).toContain('The Creature');
    expect(speakersOf(9)).toContain('Victor Frankenstein');
    expect(speakersOf(2)).not.toContain('Victor Frankenstein');
    expect(speakersOf(19)).not.toContain('Victor Frankenstein');
    // The Creature's story (positions 15-20) is quoted narration: its inner quotes are the cottagers'.
    const creatureQuote = frankenstein.speeches.find((speech) => speech.text.startsWith('Pardon this intrusion'));
    expect(creatureQuote).toMatchObject({ chapter: 19, speaker: 'The Creature' });
    const deLacey = frankenstein.speeches.find((speech) => speech.text.startsWith('Enter'));
    expect(deLacey?.speaker).toBe('De Lacey');
    // After "Walton, in continuation." inside Chapter 24, first person is Walton again.
    const late = frankenstein.speeches.filter((speech) => speech.chapter === 28 && speech.speaker === 'Robert Walton');
    expect(late.length).toBeGreaterThan(0);
  });
});
