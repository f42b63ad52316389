import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CardError } from '../../src/characters/card-error.ts';
import { loadCharacter, loadCharacters } from '../../src/characters/load-characters.ts';
import { validateCard } from '../../src/characters/validate-card.ts';

const bundledDir = path.resolve(import.meta.dirname, '../../characters');
const bundledIds = ['alice', 'cheshire-cat', 'mad-hatter', 'robert-walton', 'the-creature', 'victor-frankenstein'];

describe('bundled cards', () => {
  it('all six load and validate, with their books and knowledge boundaries', async () => {
    const characters = await loadCharacters(bundledDir);
    expect(characters.map((character) => character.id)).toEqual(bundledIds);
    for (const { id, card } of characters) {
      const reverie = card.data.extensions.reverie;
      expect(reverie.book, id).toBe(['alice', 'cheshire-cat', 'mad-hatter'].includes(id) ? 'alice' : 'frankenstein');
      expect(reverie.constitution.length, id).toBeGreaterThanOrEqual(4);
      expect(reverie.constitution.length, id).toBeLessThanOrEqual(8);
      expect(reverie.manner.length, id).toBeGreaterThanOrEqual(3);
      expect(reverie.aliases.length, id).toBeGreaterThan(0);
      expect(reverie.knowledge.doesNotKnow.length, id).toBeGreaterThan(0);
      const maximum = reverie.book === 'alice' ? 12 : 28;
      expect(reverie.knowledge.lastChapter, id).toBeLessThanOrEqual(maximum);
      expect(card.data.mes_example, id).toContain('<START>');
      expect(reverie.constitution.join(' '), id).toMatch(/\bAI\b/);
    }
  });

  it('gives the book aliases the brief names', async () => {
    const byId = new Map((await loadCharacters(bundledDir)).map((character) => [character.id, character.card]));
    expect(byId.get('mad-hatter')?.data.extensions.reverie.aliases).toEqual(expect.arrayContaining(['the Hatter', 'Hatter']));
    expect(byId.get('the-creature')?.data.extensions.reverie.aliases).toEqual(
      expect.arrayContaining(['the monster', 'the daemon', 'the fiend', 'the wretch', 'the creature', 'the being']),
    );
  });
});

describe('loadCharacters with bad cards', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'reverie-cards-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeCard(id: string, content: unknown): Promise<string> {
    await mkdir(path.join(dir, id), { recursive: true });
    const file = path.join(dir, id, 'card.json');
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  async function aliceCard(): Promise<Record<string, any>> {
    return JSON.parse(await readFile(path.join(bundledDir, 'alice', 'card.json'), 'utf8'));
  }

  it('names the file and the field path of an empty constitution', async () => {
    const card = await aliceCard();
    card.data.extensions.reverie.constitution = [];
    const file = await writeCard('alice', card);
    const error = await loadCharacters(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CardError);
    expect((error as CardError).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: data\\.extensions\\.reverie\\.constitution: .*>=1`),
    );
  });

  it('collects the problems of every card into one error', async () => {
    const first = await aliceCard();
    delete first.data.name;
    const second = await aliceCard();
    second.data.extensions.reverie.book = '';
    second.data.tags = 'not a list';
    await writeCard('first', first);
    await writeCard('second', second);
    const error = (await loadCharacters(dir).catch((caught: unknown) => caught)) as CardError;
    expect(error).toBeInstanceOf(CardError);
    expect(error.problems.map((problem) => `${path.basename(path.dirname(problem.source))} ${problem.path}`)).toEqual([
      'first data.name',
      'second data.tags',
      'second data.extensions.reverie.book',
    ]);
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.cause).toBeDefined();
  });

  it('refuses a card that is not JSON with a clear message', async () => {
    const file = await writeCard('broken', '{ "spec": "chara_card_v3", ');
    await expect(loadCharacters(dir)).rejects.toThrow(`${file}: not valid JSON`);
  });

  it('refuses a folder name that is not a valid id', async () => {
    await writeCard('Bad_Name', await aliceCard());
    await expect(loadCharacters(dir)).rejects.toThrow(/folder name "Bad_Name" is not a valid character id/);
  });

  it('skips folders without a card and loads one character by id', async () => {
    await mkdir(path.join(dir, 'empty'));
    await writeCard('alice', await aliceCard());
    expect((await loadCharacters(dir)).map((character) => character.id)).toEqual(['alice']);
    expect((await loadCharacter(dir, 'alice')).card.data.name).toBe('Alice');
    await expect(loadCharacter(dir, '../etc')).rejects.toThrow(/not a valid character id/);
  });

  it('reports a missing characters folder', async () => {
    await expect(loadCharacters(path.join(dir, 'nowhere'))).rejects.toThrow(/cannot read the characters folder/);
  });
});

describe('validateCard', () => {
  it('names the source and the wrong spec', () => {
    expect(() => validateCard({ spec: 'chara_card_v2', data: {} }, 'upload.json')).toThrow(/^upload\.json: spec: /);
  });

  it('keeps unknown extensions and fills defaults', async () => {
    const card = validateCard(
      {
        spec: 'chara_card_v3',
        data: {
          name: 'X', description: '', first_mes: 'Hi',
          extensions: { reverie: { book: 'alice', constitution: ['Stay X.'], knowledge: {} }, other: { a: [1] } },
        },
      },
      'inline',
    );
    expect(card.data.extensions.other).toEqual({ a: [1] });
    expect(card.data.extensions.reverie.aliases).toEqual([]);
    expect(card.spec_version).toBe('3.0');
  });
});
