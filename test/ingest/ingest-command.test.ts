import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIngestCommand } from '../../src/ingest/ingest-command.ts';
import { createTempDir, FIXTURES, listTree } from './temp-corpus.ts';

let corpus: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  corpus = await createTempDir();
});
afterEach(async () => {
  await corpus.remove();
});

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } }, out, err };
}

describe('reverie ingest', () => {
  it('prints the ingestion result as JSON on stdout and progress on stderr', async () => {
    const { io, out, err } = captureIo();
    const code = await runIngestCommand([path.join(FIXTURES, 'gutenberg.txt'), '--json', '--corpus', corpus.dir], io);
    expect(code).toBe(0);
    const result = JSON.parse(out.join('')) as Record<string, unknown>;
    expect(result).toMatchObject({ id: 'the-river-house', title: 'The River House', author: 'Jane Q. Writer' });
    expect(result.chapters).toEqual([
      { number: 1, title: 'The House', words: expect.any(Number) },
      { number: 2, title: 'The River', words: expect.any(Number) },
    ]);
    expect(result.characters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Martha', aliases: expect.any(Array), lines: expect.any(Number), mentions: expect.any(Number) })]));
    expect(err.join('')).toMatch(/ingest: reading 5%[\s\S]*ingest: done 100%/);
  });

  it('takes id, title and author from the options', async () => {
    const { io, out } = captureIo();
    const code = await runIngestCommand(
      [path.join(FIXTURES, 'letters.txt'), '--id', 'letters', '--title', 'Letters Home', '--author', 'R. W.', '--corpus', corpus.dir],
      io,
    );
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/Ingested "Letters Home" by R\. W\. as letters/);
    expect(await listTree(corpus.dir)).toContain(path.join('letters', 'book.json'));
  });

  it('answers usage errors with exit code 2 and refusals with 1', async () => {
    const usage = captureIo();
    expect(await runIngestCommand([], usage.io)).toBe(2);
    expect(usage.err.join('')).toMatch(/give the file to ingest[\s\S]*Usage: reverie ingest/);
    const badFlag = captureIo();
    expect(await runIngestCommand(['x.txt', '--nope'], badFlag.io)).toBe(2);
    const badId = captureIo();
    expect(await runIngestCommand([path.join(FIXTURES, 'letters.txt'), '--id', '../x', '--corpus', corpus.dir], badId.io)).toBe(2);
    expect(badId.err.join('')).toMatch(/not valid/);
    const missing = captureIo();
    expect(await runIngestCommand([path.join(FIXTURES, 'no-such-file.txt'), '--corpus', corpus.dir], missing.io)).toBe(1);
    expect(missing.err.join('')).toMatch(/Cannot read/);
    expect(await listTree(corpus.dir)).toEqual([]);
  });
});
