import { describe, expect, it } from 'vitest';
import { reflectOnce } from '../../src/reflection/reflect-once.ts';
import { splitSentences } from '../../src/reflection/visitor-facts.ts';
import { createTestDeps, loadAliceBook, loadCard } from './helpers.ts';

describe('offline chapter reflections', () => {
  it('gives each of the twelve Alice chapters its own text, sharing few identical sentences', async () => {
    const { deps } = createTestDeps({ characters: [{ id: 'alice', card: loadCard('alice') }], book: loadAliceBook(), maxInputChars: 100_000 });
    const texts: string[] = [];
    for (let chapter = 1; chapter <= 12; chapter += 1) {
      const result = await reflectOnce(deps, { kind: 'chapter' });
      expect(result.record?.chapter).toBe(chapter);
      texts.push(result.record?.text ?? '');
    }
    expect(new Set(texts).size).toBe(12);
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(200);
      expect(text).toMatch(/\bI\b/);
    }
    const counts = new Map<string, number>();
    for (const text of texts) for (const sentence of new Set(splitSentences(text))) counts.set(sentence, (counts.get(sentence) ?? 0) + 1);
    const repeated = [...counts].filter(([, count]) => count > 1);
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    expect(repeated.length / total).toBeLessThan(0.1);
  });

  it('writes in the character’s voice from the chapter: its title, its own lines and a manner word', async () => {
    const card = loadCard('alice');
    const { deps } = createTestDeps({ characters: [{ id: 'alice', card }], book: loadAliceBook(), maxInputChars: 100_000 });
    for (let chapter = 1; chapter < 7; chapter += 1) await reflectOnce(deps, { kind: 'chapter' });
    const text = (await reflectOnce(deps, { kind: 'chapter' })).record?.text ?? '';
    expect(text).toContain('“A Mad Tea-Party”');
    expect(card.data.extensions.reverie.manner.some((word) => text.includes(word))).toBe(true);
    const book = loadAliceBook();
    const ownLines = book.speeches.filter((speech) => speech.chapter === 7 && speech.speaker === 'Alice').map((speech) => speech.text.trim().slice(0, 20));
    expect(ownLines.some((line) => text.replace(/[‘’]/g, '').includes(line.replace(/[‘’]/g, '')))).toBe(true);
  });

  it('writes differently when it re-reads a chapter in a later cycle', async () => {
    const card = loadCard('alice');
    card.data.extensions.reverie.knowledge.lastChapter = 1;
    const { deps } = createTestDeps({ characters: [{ id: 'alice', card }], book: loadAliceBook(), maxInputChars: 100_000 });
    const first = (await reflectOnce(deps, { kind: 'chapter' })).record?.text;
    const second = (await reflectOnce(deps, { kind: 'chapter' })).record?.text;
    expect(second).not.toBe(first);
  });

  it('tells the book in the character\'s own first person through the voice, and never quotes an earlier entry', async () => {
    const card = loadCard('alice');
    card.data.extensions.reverie.knowledge.lastChapter = 2;
    const book = loadAliceBook();
    const { createVoiceSetup } = await import('../../src/voice-setup.ts');
    const { createCharacterRuntime } = await import('../../src/character-runtime.ts');
    const phrasing = createVoiceSetup(new Map([['alice', createCharacterRuntime({ id: 'alice', card }, book)]])).diaryPhrasing('alice')!;
    const { deps } = createTestDeps({ characters: [{ id: 'alice', card }], book, maxInputChars: 100_000 });
    const withVoice = { ...deps, phrasing: () => phrasing };
    const entries: string[] = [];
    for (let reading = 0; reading < 4; reading += 1) entries.push((await reflectOnce(withVoice, { kind: 'chapter' })).record?.text ?? '');
    for (const entry of entries) {
      // Narration about Alice is hers: "I ventured", never "Alice ventured" or "she ventured".
      expect(entry).not.toMatch(/\bAlice (?:was|ventured|thought|said|began|opened|found)\b/);
      expect(entry).not.toMatch(/It reminded me of something I once thought|Once I wrote|I remember I once put it/);
    }
    // A re-reading (entries 3 and 4 read chapters 1 and 2 again) quotes nothing of the first reading.
    for (const [index, later] of entries.slice(2).entries()) expect(later).not.toContain(`“${entries[index]!.slice(0, 40)}`);
  });
});
