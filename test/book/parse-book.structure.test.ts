import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BookParseError, parseBook } from '../../src/book/parse-book.ts';
import { decodeText } from '../../src/book/decode-text.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/books');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('parseBook structure', () => {
  it('keeps only the text between Project Gutenberg markers, even when books are concatenated', () => {
    const book = parseBook(fixture('gutenberg-boilerplate.txt'), { id: 'tales' });
    expect(book.chapters.map((chapter) => chapter.title)).toEqual(['The First Tale', 'The Second Tale', 'The Third Tale']);
    const allText = book.passages.map((passage) => passage.text).join('\n');
    expect(allText).not.toMatch(/Licence|Gutenberg|START OF/);
    expect(book.title).toBe('Two Tales');
    expect(book.author).toBe('Jane Example');
  });

  it('skips a contents list that repeats every heading', () => {
    const book = parseBook(fixture('contents-list.txt'), { id: 'contents' });
    expect(book.chapters.map((chapter) => [chapter.number, chapter.label, chapter.title])).toEqual([
      [1, 'CHAPTER I.', 'The Beginning'],
      [2, 'CHAPTER II.', 'The Middle'],
      [3, 'CHAPTER III.', 'The End'],
    ]);
    expect(book.chapters.every((chapter) => chapter.words > 100)).toBe(true);
  });

  it('skips a contents list of chapter summaries and a list of illustrations, and labels the preface and conclusion', () => {
    const book = parseBook(fixture('summary-contents.txt'), { id: 'summaries' });
    expect(book.chapters.map((chapter) => [chapter.kind, chapter.label])).toEqual([
      ['preface', 'PREFACE'],
      ['chapter', 'CHAPTER I'],
      ['chapter', 'CHAPTER II'],
      ['chapter', 'CHAPTER III'],
      ['section', 'CONCLUSION'],
    ]);
    const allText = book.passages.map((passage) => passage.text).join('\n');
    expect(allText).not.toMatch(/Y-o-u-u|Tail Piece|Beguiled/);
  });

  it('numbers chapters by reading order and sets the volume when numbers restart', () => {
    const book = parseBook(fixture('volumes.txt'), { id: 'volumes' });
    expect(book.chapters.map((chapter) => [chapter.number, chapter.label, chapter.volume])).toEqual([
      [1, 'CHAPTER I.', 1],
      [2, 'CHAPTER II.', 1],
      [3, 'CHAPTER I.', 2],
      [4, 'CHAPTER II.', 2],
    ]);
  });

  it('sets volumes when chapter numbers restart without a volume marker', () => {
    const text = 'Chapter 1\n\nOne two three.\n\nChapter 2\n\nFour five.\n\nChapter 1\n\nSix seven.\n';
    const book = parseBook(text, { id: 'restart' });
    expect(book.chapters.map((chapter) => chapter.volume)).toEqual([1, 1, 2]);
  });

  it('reads bare roman headings with titles in a story collection', () => {
    const book = parseBook(fixture('story-collection.txt'), { id: 'stories' });
    expect(book.chapters.map((chapter) => [chapter.label, chapter.title, chapter.kind])).toEqual([
      ['I.', 'A SCANDAL IN BOHEMIA', 'section'],
      ['II.', 'THE RED-HEADED LEAGUE', 'section'],
      ['III.', 'A CASE OF IDENTITY', 'section'],
    ]);
  });

  it('keeps a preface as its own chapter of kind preface', () => {
    const book = parseBook(fixture('preface.txt'), { id: 'preface' });
    expect(book.chapters.map((chapter) => [chapter.number, chapter.kind, chapter.label])).toEqual([
      [1, 'preface', 'PREFACE'],
      [2, 'chapter', 'Chapter 1'],
      [3, 'chapter', 'Chapter 2'],
    ]);
  });

  it('finds chapter headings printed inside illustration captions and drops the captions', () => {
    const book = parseBook(fixture('illustration-captions.txt'), { id: 'captions' });
    expect(book.chapters.map((chapter) => [chapter.label, chapter.title])).toEqual([
      ['Chapter I.', 'The Garden'],
      ['Chapter II.', 'Chapter II.'],
    ]);
    expect(book.chapters[0]!.paragraphs).toHaveLength(3);
    expect(book.passages.some((passage) => passage.text.includes('[Illustration'))).toBe(false);
  });

  it('cuts a text without headings into parts of similar length and warns', () => {
    const book = parseBook(fixture('no-headings.txt'), { id: 'plain' });
    expect(book.chapters.length).toBe(5);
    expect(book.chapters.every((chapter) => chapter.kind === 'part')).toBe(true);
    const sizes = book.chapters.map((chapter) => chapter.words);
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(1.2);
    expect(book.warnings.join(' ')).toMatch(/No chapter headings/);
  });

  it('numbers letters and chapters together in reading order', () => {
    const book = parseBook(fixture('letters-and-chapters.txt'), { id: 'letters' });
    expect(book.chapters.map((chapter) => [chapter.number, chapter.kind, chapter.label, chapter.title])).toEqual([
      [1, 'letter', 'Letter 1', 'Letter 1'],
      [2, 'letter', 'Letter 2', 'Letter 2'],
      [3, 'chapter', 'Chapter 1', 'Chapter 1'],
    ]);
  });

  it('parses the same book the same way from UTF-8 with BOM, Latin-1 and CRLF bytes', () => {
    const text = 'CHAPTER I.\nThe Café\n\n“Voilà,” said Zoë.\nShe smiled.\n';
    const utf8 = parseBook(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])), { id: 'enc' });
    const latin1Bytes = Uint8Array.from(
      text.replace(/\n/g, '\r\n'),
      (character) => ({ '“': 0x93, '”': 0x94 })[character] ?? character.charCodeAt(0),
    );
    const latin1 = parseBook(decodeText(latin1Bytes), { id: 'enc' });
    expect(latin1).toEqual(utf8);
    expect(utf8.chapters[0]!.title).toBe('The Café');
    expect(utf8.speeches[0]).toMatchObject({ text: 'Voilà,', speaker: 'Zoë' });
    expect(utf8.chapters[0]!.paragraphs).toEqual(['“Voilà,” said Zoë. She smiled.']);
  });

  it('rejects an invalid id and an empty text with a clear error', () => {
    expect(() => parseBook('Some text.', { id: 'bad id!' })).toThrow(BookParseError);
    expect(() => parseBook('\n\n  \n', { id: 'empty' })).toThrow(/no text/);
  });
});
