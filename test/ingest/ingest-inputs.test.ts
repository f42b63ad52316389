import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/ingest-error.ts';
import { ingestBook } from '../../src/ingest/ingest-book.ts';
import { buildEpub, understateSize } from './epub-kit.ts';
import { createTempDir, FIXTURES, listTree } from './temp-corpus.ts';

let corpus: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  corpus = await createTempDir();
});
afterEach(async () => {
  await corpus.remove();
});

const sample = async () => readFile(path.join(FIXTURES, 'chapter-title-next-line.txt'), 'utf8');

function toWindows1252(text: string): Uint8Array {
  const table: Record<string, number> = { '“': 0x93, '”': 0x94, '‘': 0x91, '’': 0x92, '—': 0x97, 'é': 0xe9 };
  return Uint8Array.from([...text].map((character) => table[character] ?? character.charCodeAt(0)));
}

async function refusal(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe('encodings and line endings', () => {
  it('reads UTF-8, UTF-8 with a BOM, Windows-1252 and CRLF to the same chapters and speech', async () => {
    const text = `${await sample()}\n\nAnna smiled at the café door.\n`;
    const variants: Array<[string, Uint8Array]> = [
      ['utf8', new TextEncoder().encode(text)],
      ['bom', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
      ['cp1252', toWindows1252(text)],
      ['crlf', new TextEncoder().encode(text.replace(/\n/g, '\r\n'))],
    ];
    const results = [];
    for (const [id, bytes] of variants) results.push(await ingestBook({ file: bytes, id, corpusDir: corpus.dir }));
    for (const result of results) {
      expect(result.chapters).toEqual(results[0]!.chapters);
      expect(result.characters.find((character) => character.name === 'Anna')?.lines).toBeGreaterThan(0);
    }
    expect(results.map((result) => result.encoding)).toEqual(['utf-8', 'utf-8', 'windows-1252', 'utf-8']);
    const stored = await readFile(path.join(corpus.dir, 'cp1252', 'text.txt'), 'utf8');
    expect(stored).toContain('café');
    expect(stored).toContain('“I shall go down to the river,”');
  });

  it('reads Markdown headings and emphasis', async () => {
    const paragraph = 'The wind moved through the tall grass near the water while Mara walked slowly home. '.repeat(6);
    const markdown = ['# Chapter 1', '', paragraph, '', '**Bold** and *quiet* words.', '', '# Chapter 2', '', paragraph, ''].join('\n');
    const result = await ingestBook({ file: new TextEncoder().encode(markdown), fileName: 'mara.md', corpusDir: corpus.dir });
    expect(result).toMatchObject({ id: 'mara', format: 'markdown' });
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['Chapter 1', 'Chapter 2']);
  });

  it('refuses empty, binary and oversized files with clear errors and writes nothing', async () => {
    expect((await refusal(ingestBook({ file: new Uint8Array(), corpusDir: corpus.dir }))).reason).toBe('empty');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await refusal(ingestBook({ file: png, corpusDir: corpus.dir }))).message).toMatch(/PNG image, not text/);
    const noise = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256);
    expect((await refusal(ingestBook({ file: noise, corpusDir: corpus.dir }))).reason).toBe('binary');
    const big = new Uint8Array(2048).fill(0x61);
    const tooLarge = await refusal(ingestBook({ file: big, corpusDir: corpus.dir, limits: { maxInputBytes: 1024 } }));
    expect(tooLarge.reason).toBe('too-large');
    expect(tooLarge.message).toMatch(/over the 1024-byte limit/);
    expect(await listTree(corpus.dir)).toEqual([]);
  });
});

describe('EPUB', () => {
  const chapters = [
    { heading: 'Chapter I<br/>The Shore', paragraphs: ['“Look at the sea,” said Nora. “It is &amp; always was grey.”', 'The water came in slowly over the grey stones near the old harbour wall. '.repeat(6)] },
    { heading: 'Chapter II<br/>The Boat', paragraphs: ['Nora pushed the boat out into the water and rowed towards the light. '.repeat(6)] },
  ];

  it('reads the spine in order, strips tags to paragraphs and takes title and author from the package', async () => {
    const bytes = await buildEpub('The Grey Sea', 'A. Sailor', chapters);
    const result = await ingestBook({ file: bytes, fileName: 'sea.epub', corpusDir: corpus.dir });
    expect(result).toMatchObject({ id: 'the-grey-sea', title: 'The Grey Sea', author: 'A. Sailor', format: 'epub' });
    expect(result.chapters.map((chapter) => chapter.title)).toEqual(['The Shore', 'The Boat']);
    const text = await readFile(path.join(corpus.dir, 'the-grey-sea', 'text.txt'), 'utf8');
    expect(text).toContain('It is & always was grey.');
    expect(text).not.toMatch(/<p>|margin/);
    expect(result.characters.find((character) => character.name === 'Nora')?.lines).toBeGreaterThan(0);
  });

  it('refuses a zip bomb from its declared sizes before inflating it', async () => {
    const bytes = await buildEpub('Bomb', 'Nobody', chapters, { 'OEBPS/zeros.bin': '0'.repeat(4 * 1024 * 1024) });
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const error = await refusal(ingestBook({ file: bytes, corpusDir: corpus.dir }));
    expect(error.reason).toBe('zip-bomb');
    expect(error.message).toMatch(/zip bomb|over the limit/);
    expect(await listTree(corpus.dir)).toEqual([]);
  });

  it('stops inflating an entry that lies about its size once the cap is reached', async () => {
    const honest = await buildEpub('Liar', 'Nobody', [
      { heading: 'Chapter I', paragraphs: ['word '.repeat(400_000)] },
    ]);
    const lying = understateSize(honest, 'OEBPS/text/ch0.xhtml', 1000);
    const error = await refusal(ingestBook({ file: lying, corpusDir: corpus.dir, limits: { maxInflatedBytes: 512 * 1024 } }));
    expect(error.reason).toBe('zip-bomb');
  });

  it('refuses a zip that is not an EPUB', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('hello.txt', 'hello');
    const error = await refusal(ingestBook({ file: await zip.generateAsync({ type: 'uint8array' }), corpusDir: corpus.dir }));
    expect(error.message).toMatch(/not an EPUB/);
  });
});
