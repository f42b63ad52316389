import { describe, expect, it } from 'vitest';
import { parseBook } from '../../src/book/parse-book.ts';
import { readBookSentences } from '../../src/voice/book-sentences.ts';

const text = [
  'CHAPTER I. The Garden',
  '',
  'Mira walked into the garden. “Who planted these roses?” said Mira. The gardener did not answer; he only smiled.',
  '',
  'CHAPTER II. The Letter',
  '',
  'I opened the letter at once. It was short.',
  '',
  '“My dear friend,',
  '',
  '“I write in haste, for the roads are closing and I cannot stay.',
  '',
  '“Yours ever, Tom.”',
  '',
  'I read it twice and put it away.',
  '',
].join('\n');

describe('readBookSentences', () => {
  const book = parseBook(text, { id: 'tiny', speakers: [{ name: 'Mira', aliases: [] }], narrators: [{ fromChapter: 2, toChapter: 2, speaker: 'Ned' }] });
  const sentences = readBookSentences(book, [{ fromChapter: 2, toChapter: 2, speaker: 'Ned' }]);

  it('keeps a quotation whole inside its sentence and knows its speaker and tag', () => {
    const line = sentences.find((sentence) => sentence.text.includes('Who planted'));
    expect(line?.text).toBe('“Who planted these roses?” said Mira.');
    expect(line?.quotes).toMatchObject([{ text: 'Who planted these roses?', speaker: 'Mira', isTagged: true }]);
  });

  it('gives each sentence its chapter’s narrator', () => {
    expect(sentences.find((sentence) => sentence.text.startsWith('Mira walked'))?.narrator).toBeNull();
    expect(sentences.find((sentence) => sentence.text.startsWith('I opened'))?.narrator).toBe('Ned');
  });

  it('reads a letter quoted in someone else’s chapter as no one’s words, not the narrator’s', () => {
    const letter = sentences.find((sentence) => sentence.text.includes('I write in haste'));
    expect(letter?.pieceOf).toEqual({ speaker: null });
  });
});

describe('readBookSentences, a long speech broken by its tag', () => {
  const speech = [
    'CHAPTER I. Home',
    '',
    'I came home and sat by the fire. “Do you think, Ned,” said he, “that I do not grieve also? No one could love a child more than I loved your brother”—tears came into his eyes as he spoke—“but is it not a duty to the living that we should not add to their sorrow by a show of endless grief? It is a duty owed to yourself as well, for sorrow without end prevents all improvement and every enjoyment, and even the daily work without which no one is fit to live among others.”',
    '',
  ].join('\n');
  const book = parseBook(speech, { id: 'home', narrators: [{ fromChapter: 1, toChapter: 1, speaker: 'Ned' }] });
  const sentences = readBookSentences(book, [{ fromChapter: 1, toChapter: 1, speaker: 'Ned' }]);

  it('gives a sentence that opens inside the speech and leaves it to no one, never as narration', () => {
    const straddling = sentences.find((sentence) => sentence.text.includes('No one could love'));
    expect(straddling?.pieceOf).toEqual({ speaker: null });
  });

  it('keeps a sentence wholly inside the speech a piece of it', () => {
    const inside = sentences.find((sentence) => sentence.text.includes('It is a duty owed'));
    expect(inside?.pieceOf).toBeDefined();
    expect(inside?.text.startsWith('“')).toBe(false);
  });
});
