import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBook } from '../../src/book/parse-book.ts';
import { IngestError } from '../../src/ingest/ingest-error.ts';
import { ingestBook } from '../../src/ingest/ingest-book.ts';
import { editionOf } from '../../src/ingest/write-corpus-book.ts';
import { createTempDir, FIXTURES, listTree } from './temp-corpus.ts';

let corpus: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  corpus = await createTempDir();
  await writeFile(path.join(corpus.dir, 'README.txt'), 'an existing corpus file\n');
});
afterEach(async () => {
  await corpus.remove();
});

const fixture = path.join(FIXTURES, 'chapter-title-next-line.txt');

describe('atomic ingestion', () => {
  it('leaves the corpus unchanged when progress reporting fails at the speech stage', async () => {
    const before = await listTree(corpus.dir);
    const failing = ingestBook({
      file: fixture,
      id: 'lane',
      corpusDir: corpus.dir,
      onProgress: (event) => {
        if (event.stage === 'speech') throw new Error('stop here');
      },
    });
    await expect(failing).rejects.toThrow('stop here');
    expect(await listTree(corpus.dir)).toEqual(before);
  });

  it('removes its staging folder when a failure comes after the text was written', async () => {
    const before = await listTree(corpus.dir);
    const failing = ingestBook({
      file: fixture,
      id: 'lane',
      corpusDir: corpus.dir,
      onProgress: (event) => {
        if (event.stage === 'indexing') throw new Error('disk full, say');
      },
    });
    await expect(failing).rejects.toThrow('disk full, say');
    expect(await listTree(corpus.dir)).toEqual(before);
  });

  it('refuses an invalid or path-like id before touching the corpus', async () => {
    const before = await listTree(corpus.dir);
    for (const id of ['../escape', '/etc', 'Upper', 'a\u0000b', '', '-lead', 'x'.repeat(65)]) {
      const error = await ingestBook({ file: fixture, id, corpusDir: corpus.dir }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).reason).toBe('bad-id');
    }
    expect(await listTree(corpus.dir)).toEqual(before);
  });

  it('keeps the previous edition on re-ingestion so old passage ids still resolve', async () => {
    const first = await ingestBook({ file: fixture, id: 'lane', corpusDir: corpus.dir });
    const firstText = await readFile(path.join(corpus.dir, 'lane', 'text.txt'), 'utf8');
    const oldPassage = parseBook(firstText, { id: 'lane' }).passages[0]!;

    const revised = firstText.replace('Down the Lane', 'Down the Long Lane');
    const second = await ingestBook({ file: new TextEncoder().encode(revised), id: 'lane', corpusDir: corpus.dir });
    expect(second.edition).not.toBe(first.edition);
    expect(second.previousEditions).toEqual([first.edition]);
    expect(second.chapters[0]!.title).toBe('Down the Long Lane');

    const kept = await readFile(path.join(corpus.dir, 'lane', 'editions', `${first.edition}.txt`), 'utf8');
    expect(editionOf(kept)).toBe(first.edition);
    const resolved = parseBook(kept, { id: 'lane' }).passages.find((passage) => passage.id === oldPassage.id);
    expect(resolved?.text).toBe(oldPassage.text);

    const third = await ingestBook({ file: new TextEncoder().encode(`${revised}\nThe end.\n`), id: 'lane', corpusDir: corpus.dir });
    expect(third.previousEditions).toEqual([first.edition, second.edition]);
    const tree = await listTree(corpus.dir);
    expect(tree.filter((entry) => entry.startsWith('.'))).toEqual([]);
    expect(tree).toContain(path.join('lane', 'editions', `${second.edition}.txt`));
    const stored = JSON.parse(await readFile(path.join(corpus.dir, 'lane', 'book.json'), 'utf8')) as { edition: string; editions: string[] };
    expect(stored).toMatchObject({ edition: third.edition, editions: [first.edition, second.edition] });
  });

  it('keeps the old book in place when a re-ingestion fails', async () => {
    await ingestBook({ file: fixture, id: 'lane', corpusDir: corpus.dir });
    const before = await listTree(corpus.dir);
    const beforeText = await readFile(path.join(corpus.dir, 'lane', 'text.txt'), 'utf8');
    const failing = ingestBook({
      file: new TextEncoder().encode(`${beforeText}\nMore.\n`),
      id: 'lane',
      corpusDir: corpus.dir,
      onProgress: (event) => {
        if (event.stage === 'indexing') throw new Error('interrupted');
      },
    });
    await expect(failing).rejects.toThrow('interrupted');
    expect(await listTree(corpus.dir)).toEqual(before);
    expect(await readFile(path.join(corpus.dir, 'lane', 'text.txt'), 'utf8')).toBe(beforeText);
  });
});
