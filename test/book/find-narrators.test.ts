import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBook } from '../../src/book/parse-book.ts';
import { paragraphNarrators } from '../../src/book/narrator-ranges.ts';
import type { Book } from '../../src/book/types.ts';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string): string => readFileSync(path.join(ROOT, 'test/fixtures/books', name), 'utf8');

describe('finding first-person narrators from the text alone', () => {
  it('reads journal, diary and letter headings as their writers, and gives them "I said"', () => {
    const book = parseBook(fixture('journals.txt'), { id: 'journals' });
    expect(book.narratorSource).toBe('discovered');
    expect(book.narrators).toEqual([
      { fromChapter: 1, toChapter: 1, speaker: 'Edmund Carver' },
      { fromChapter: 1, toChapter: 1, speaker: 'Ada Lowell', startsAt: '_Letter, Miss Ada Lowell to Miss Clara' },
      { fromChapter: 2, toChapter: 2, speaker: 'Dr. Pell' },
      { fromChapter: 2, toChapter: 2, speaker: 'Edmund Carver', startsAt: '_Edmund Carver’s Journal._' },
    ]);
    const firstPerson = book.speeches.filter((speech) => /^I (?:mean|will)/.test(speech.text)).map((speech) => speech.speaker);
    expect(firstPerson).toEqual(['Edmund Carver', 'Dr. Pell', 'Edmund Carver']);
    expect(book.narratorNames).toContainEqual({ name: 'Ada Lowell', aliases: ['Miss Ada Lowell'] });
  });

  it('names an "I" the narration never names from how others address them, first name and surname together', () => {
    const book = parseBook(fixture('first-person.txt'), { id: 'ned' });
    expect(book.narrators).toEqual([{ fromChapter: 1, toChapter: 2, speaker: 'Ned Barlow' }]);
    expect(book.narratorNames).toEqual([{ name: 'Ned Barlow', aliases: ['Barlow', 'Ned'] }]);
    expect(book.speeches.find((speech) => speech.text === 'So shall I,')?.speaker).toBe('Ned Barlow');
  });

  it('finds no narrator in a book told in the third person, nor in a preface in the author’s voice', () => {
    for (const text of [fixture('summary-contents.txt'), readFileSync(path.join(ROOT, 'corpus/alice/text.txt'), 'utf8')]) {
      const book = parseBook(text, { id: 'third' });
      expect(book.narrators).toEqual([]);
    }
  });

  it('keeps the narrators it is given and says so', () => {
    const narrators = [{ fromChapter: 1, toChapter: 2, speaker: 'Someone' }];
    const book = parseBook(fixture('first-person.txt'), { id: 'given', narrators });
    expect(book.narrators).toEqual(narrators);
    expect(book.narratorSource).toBe('given');
  });
});

describe('Frankenstein without its hand-written narrators', () => {
  let book: Book;
  beforeAll(() => {
    book = parseBook(readFileSync(path.join(ROOT, 'bench/fixtures/novels/pg84.txt'), 'utf8'), { id: 'frankenstein' });
  });

  const narratorOf = (chapter: number, paragraph: number): string | null =>
    paragraphNarrators(book.narrators ?? [], chapter, book.chapters[chapter - 1]!.paragraphs)[paragraph] ?? null;

  it('finds Walton in the letters and the frame, Victor in his chapters and the Creature in its own', () => {
    for (const chapter of [1, 2, 3, 4]) expect(narratorOf(chapter, 3)).toBe('Robert Walton');
    for (const chapter of [5, 9, 14, 21, 27]) expect(narratorOf(chapter, 2)).toBe('Victor Frankenstein');
    for (const chapter of [15, 16, 17, 18, 19, 20]) expect(narratorOf(chapter, 2)).toMatch(/^(?:The )?(?:Fiend|Monster|Creature|Daemon|Dæmon|Wretch)$/);
    const last = book.chapters[27]!.paragraphs;
    const continuation = last.findIndex((paragraph) => paragraph.startsWith('Walton, _in continuation._'));
    expect(narratorOf(28, continuation - 1)).toBe('Victor Frankenstein');
    expect(narratorOf(28, continuation + 2)).toBe('Robert Walton');
  });

  it('gives the letters quoted in Victor’s story to the writers who sign them', () => {
    const speakers = new Set((book.narrators ?? []).map((range) => range.speaker));
    expect(speakers).toContain('Elizabeth Lavenza');
    expect(speakers).toContain('Alphonse Frankenstein');
  });

  it('records the names each narrator was found by', () => {
    expect(book.narratorNames).toContainEqual({ name: 'Robert Walton', aliases: ['R. Walton', 'R.W.', 'Walton'] });
    expect(book.narratorNames).toContainEqual({ name: 'Victor Frankenstein', aliases: ['Frankenstein', 'Victor'] });
  });

  it('attributes "said I" to the narrator of the stretch it is in', () => {
    const victorLines = book.speeches.filter((speech) => speech.speaker === 'Victor Frankenstein');
    expect(victorLines.length).toBeGreaterThan(40);
    const waltonLines = book.speeches.filter((speech) => speech.speaker === 'Robert Walton');
    expect(waltonLines.every((speech) => speech.chapter <= 4 || speech.chapter === 28)).toBe(true);
  });
});

describe('a frame narrator who hands the tale over', () => {
  const book = parseBook(fixture('frame-tale.txt'), { id: 'moor' });

  it('splits the first-person chapters between the two tellers, each named by how others address them', () => {
    expect(book.narrators).toEqual([
      { fromChapter: 1, toChapter: 2, speaker: 'Mr. Crane' },
      { fromChapter: 3, toChapter: 4, speaker: 'Bess' },
      { fromChapter: 5, toChapter: 5, speaker: 'Mr. Crane' },
    ]);
  });

  it('knows the inner teller by her pet name, her full name and the name she had in the frame', () => {
    expect(book.narratorNames).toContainEqual({ name: 'Bess', aliases: ['Elizabeth', 'Mrs. Dunn'] });
  });
});
