import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestBook } from '../../src/ingest/ingest-book.ts';
import { createTempDir, FIXTURES } from './temp-corpus.ts';

let corpus: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  corpus = await createTempDir();
});
afterEach(async () => {
  await corpus.remove();
});

async function ingestFixture(name: string, id = 'fixture') {
  return ingestBook({ file: path.join(FIXTURES, name), id, corpusDir: corpus.dir });
}

describe('chapter structures through ingestion', () => {
  it('reads "CHAPTER I." headings with their title on the next line', async () => {
    const result = await ingestFixture('chapter-title-next-line.txt');
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['Down the Lane', 'The Pool of Rain', 'A Long Tale']);
    expect(result.chapters.every((chapter) => chapter.words > 100)).toBe(true);
  });

  it('reads "Chapter 1" headings', async () => {
    const result = await ingestFixture('chapter-arabic.txt');
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['Chapter 1', 'Chapter 2', 'Chapter 3', 'Chapter 4']);
  });

  it('reads letters followed by chapters', async () => {
    const result = await ingestFixture('letters.txt');
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['Letter 1', 'Letter 2', 'Letter 3', 'Chapter 1', 'Chapter 2']);
  });

  it('keeps every chapter when numbers restart in a second volume', async () => {
    const result = await ingestFixture('volumes.txt');
    expect(result.chapters).toHaveLength(4);
    expect(result.chapters.map((chapter) => chapter.number)).toEqual([1, 2, 3, 4]);
  });

  it('reads a story collection whose parts are "I. A SCANDAL IN BOHEMIA"', async () => {
    const result = await ingestFixture('story-collection.txt');
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['A SCANDAL IN BOHEMIA', 'THE RED-HEADED LEAGUE', 'A CASE OF IDENTITY']);
  });

  it('keeps a preface as its own chapter before the first chapter', async () => {
    const result = await ingestFixture('preface.txt');
    expect(result.chapters).toHaveLength(3);
    expect(result.chapters[0]!.title).toMatch(/preface/i);
  });

  it('finds headings printed inside illustration captions', async () => {
    const result = await ingestFixture('illustration-captions.txt');
    expect(result.chapters).toHaveLength(3);
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['The Garden', 'The Wall', 'The Key']);
  });

  it('skips a contents list that repeats every heading', async () => {
    const result = await ingestFixture('contents-list.txt');
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['The Beginning', 'The Middle', 'The End']);
    expect(result.chapters.every((chapter) => chapter.words > 100)).toBe(true);
  });

  it('cuts a text without headings into parts of similar length and warns the author', async () => {
    const sentence = 'The river ran on past the old house under the tall trees in the quiet morning light. ';
    const text = Array.from({ length: 120 }, () => sentence.repeat(8)).join('\n\n');
    const result = await ingestBook({ file: new TextEncoder().encode(text), id: 'no-headings', corpusDir: corpus.dir });
    expect(result.chapters.length).toBeGreaterThanOrEqual(2);
    const words = result.chapters.map((chapter) => chapter.words);
    expect(Math.max(...words) / Math.min(...words)).toBeLessThan(1.6);
    expect(result.warnings.join(' ')).toMatch(/no chapter headings/i);
  });

  it('guesses title and author from a Gutenberg header, slugs the id and removes the boilerplate', async () => {
    const result = await ingestBook({ file: path.join(FIXTURES, 'gutenberg.txt'), corpusDir: corpus.dir });
    expect(result).toMatchObject({ id: 'the-river-house', title: 'The River House', author: 'Jane Q. Writer' });
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['The House', 'The River']);
    expect(result.characters.map((character) => character.name)).toContain('Martha');
    const stored = JSON.parse(await readFile(path.join(corpus.dir, 'the-river-house', 'book.json'), 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ id: 'the-river-house', title: 'The River House', text: 'text.txt' });
    expect(stored.edition).toMatch(/^[0-9a-f]{16}$/);
  });
});
