import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCharacters } from '../../src/characters/load-characters.ts';
import { loadProbes } from '../../src/characters/probes.ts';

const bundledDir = path.resolve(import.meta.dirname, '../../characters');
const CHAPTERS_BY_BOOK: Record<string, number> = { alice: 12, frankenstein: 28 };

function expectedLabel(book: string, chapter: number): string {
  if (book === 'alice') {
    const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
    return `CHAPTER ${roman[chapter - 1]}`;
  }
  return chapter <= 4 ? `Letter ${chapter}` : `Chapter ${chapter - 4}`;
}

describe('bundled probe sets', () => {
  it('parse, hold at least 20 distinct book questions, and point at chapters inside the book', async () => {
    const characters = await loadCharacters(bundledDir);
    expect(characters).toHaveLength(6);
    for (const { id, card } of characters) {
      const book = card.data.extensions.reverie.book;
      const probes = await loadProbes(bundledDir, id);
      expect(probes.book.length, id).toBeGreaterThanOrEqual(20);
      expect(new Set(probes.book.map((probe) => probe.question)).size, id).toBe(probes.book.length);
      for (const probe of probes.book) {
        expect(probe.chapter, `${id}: ${probe.question}`).toBeLessThanOrEqual(CHAPTERS_BY_BOOK[book] ?? 0);
        expect(probe.label, `${id}: ${probe.question}`).toBe(expectedLabel(book, probe.chapter));
      }
      expect(new Set(probes.book.map((probe) => probe.chapter)).size, `${id} spreads over chapters`).toBeGreaterThan(1);
    }
  });

  it('stay within what each character knows', async () => {
    for (const { id, card } of await loadCharacters(bundledDir)) {
      const lastChapter = card.data.extensions.reverie.knowledge.lastChapter ?? Infinity;
      const probes = await loadProbes(bundledDir, id);
      for (const probe of probes.book) expect(probe.chapter, `${id}: ${probe.question}`).toBeLessThanOrEqual(lastChapter);
    }
  });
});

describe('loadProbes', () => {
  it('names the file and field of a bad probe', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'reverie-probes-'));
    try {
      await mkdir(path.join(dir, 'alice'));
      const file = path.join(dir, 'alice', 'probes.json');
      await writeFile(file, JSON.stringify({ book: [{ question: 'Who are you?', chapter: 0, label: 'CHAPTER I' }] }));
      await expect(loadProbes(dir, 'alice')).rejects.toThrow(`${file}: book.0.chapter: `);
      await writeFile(file, 'nope');
      await expect(loadProbes(dir, 'alice')).rejects.toThrow(`${file}: not valid JSON`);
      await expect(loadProbes(dir, 'nobody')).rejects.toThrow(/cannot read the probes file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
