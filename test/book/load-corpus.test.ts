import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, listCorpus, loadBook } from '../../src/book/load-corpus.ts';

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'reverie-corpus-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const metadata = {
  id: 'tiny',
  title: 'A Tiny Book',
  author: 'Someone',
  source: 'written for this test',
  licence: 'CC0',
  text: 'text.txt',
};

describe('the corpus', () => {
  it('lists the shipped books by id', async () => {
    expect(await listCorpus(CORPUS)).toEqual(['alice', 'frankenstein']);
  });

  it('loads a book folder with its metadata and Latin-1 text', async () => {
    await mkdir(path.join(dir, 'tiny'));
    await writeFile(path.join(dir, 'tiny/book.json'), JSON.stringify(metadata));
    await writeFile(path.join(dir, 'tiny/text.txt'), Buffer.from('Chapter 1\r\n\r\n\x93Bonjour,\x94 said Ren\xe9.\r\n', 'latin1'));
    const book = await loadBook(path.join(dir, 'tiny'), { speakers: [{ name: 'René Duval', aliases: ['René'] }] });
    expect(book).toMatchObject({ id: 'tiny', title: 'A Tiny Book', author: 'Someone' });
    expect(book.speeches).toMatchObject([{ text: 'Bonjour,', speaker: 'René Duval' }]);
    expect(await listCorpus(dir)).toEqual(['tiny']);
  });

  it('names the file and the field when book.json is invalid', async () => {
    await writeFile(path.join(dir, 'book.json'), JSON.stringify({ ...metadata, title: '', id: 'bad id' }));
    const error = await loadBook(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as Error).message).toContain(path.join(dir, 'book.json'));
    expect((error as Error).message).toMatch(/title:/);
    expect((error as Error).message).toMatch(/id:/);
  });

  it('says which file is missing or not JSON', async () => {
    await expect(loadBook(dir)).rejects.toThrow(/Cannot read .*book\.json/);
    await writeFile(path.join(dir, 'book.json'), '{ not json');
    await expect(loadBook(dir)).rejects.toThrow(/book\.json is not valid JSON/);
    await writeFile(path.join(dir, 'book.json'), JSON.stringify(metadata));
    await expect(loadBook(dir)).rejects.toThrow(/Cannot read the text of book "tiny"/);
  });

  it('refuses a text path that leaves the book folder', async () => {
    await writeFile(path.join(dir, 'book.json'), JSON.stringify({ ...metadata, text: '../secret.txt' }));
    await expect(loadBook(dir)).rejects.toThrow(/text:/);
  });
});
