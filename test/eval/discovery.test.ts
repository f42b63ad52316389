import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredCharacter } from '../../src/book/discover-characters.ts';
import { meetsGoals, normaliseName, scoreDiscovery } from '../../src/eval/discovery.ts';
import { runEvalCommand } from '../../src/eval/eval-command.ts';
import { findGoldNovels, goldCastSchema } from '../../src/eval/gold-cast.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

const cast = goldCastSchema.parse({
  chapters: 3,
  narrators: ['Ned Barlow'],
  characters: [
    { name: 'Ned Barlow', aliases: ['Ned', 'Barlow'], importance: 1 },
    { name: 'Injun Joe', aliases: ['Joe'], importance: 1 },
    { name: 'Joe Harper', aliases: ['Joe', 'Harper'], importance: 2 },
    { name: 'Kit', aliases: [], importance: 3 },
  ],
  not_characters: [{ text: 'Sunday' }, 'Cardiff Hill'],
  minor_characters_not_in_gold: { 'Ben Rogers': 3 },
});

function entry(name: string, aliases: string[] = [], isNarrator = false): DiscoveredCharacter {
  return { name, aliases, sharedAliases: [], lines: 0, mentions: 1, chapters: [1], isNarrator, narration: 0 };
}

describe('scoring discovery against a gold cast', () => {
  it('compares names without case, dots, curly apostrophes or a leading "the"', () => {
    expect(normaliseName('The Widow’s')).toBe('widow');
    expect(normaliseName('Mr.  Jones')).toBe('mr jones');
  });

  it('counts real people (gold or minor) in the top, and neither places nor unknown words', () => {
    const report = scoreDiscovery('book', [entry('Ned Barlow', ['Ned'], true), entry('Ben Rogers'), entry('Sunday'), entry('Presently')], cast, 3);
    expect(report.precision).toBe(0.5);
    expect(report.entries.map((match) => match.verdict)).toEqual(['person', 'person', 'not-a-character', 'unknown']);
    expect(report.narratorRecall).toBe(1);
    expect(report.chaptersFound).toBe(3);
    expect(report.chaptersGold).toBe(3);
  });

  it('reports a second entry for one person as a duplicate and one entry holding two people as a merge', () => {
    const report = scoreDiscovery('book', [entry('Ned'), entry('Barlow'), entry('Injun Joe', ['Joe Harper'])], cast, 3);
    expect(report.duplicates).toBe(1);
    expect(report.duplicated).toEqual(['Ned Barlow: Ned / Barlow']);
    expect(report.merges).toBe(1);
    expect(report.merged).toEqual(['Injun Joe: Injun Joe + Joe Harper']);
    expect(meetsGoals(report)).toBe(false);
  });

  it('does not count a name two gold people share as a merge', () => {
    const report = scoreDiscovery('book', [entry('Injun Joe', ['Joe']), entry('Joe Harper', ['Harper']), entry('Ned Barlow', [], true)], cast, 3);
    expect(report.merges).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.mainRecall).toBe(1);
    expect(meetsGoals(report)).toBe(true);
  });

  it('measures main-people recall and narrator recall', () => {
    const report = scoreDiscovery('book', [entry('Ned Barlow'), entry('Kit')], cast, 3);
    expect(report.mainRecall).toBeCloseTo(1 / 3, 3);
    expect(report.missingMain).toEqual(['Injun Joe', 'Joe Harper']);
    expect(report.narratorRecall).toBe(0);
  });
});

describe('reverie eval discovery', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'reverie-eval-discovery-'));
    await cp(path.join(root, 'test/fixtures/books/first-person.txt'), path.join(folder, 'ned.txt'));
    await writeFile(path.join(folder, 'ned.cast.json'), JSON.stringify({ chapters: 2, narrators: [{ name: 'Ned Barlow', from: 'Chapter 1', to: 'Chapter 2' }], characters: [{ name: 'Ned Barlow', aliases: ['Ned'], importance: 1 }, { name: 'Kit', importance: 2 }, { name: 'Mrs. Barlow', aliases: ['my mother'], importance: 3 }] }));
    await writeFile(path.join(folder, 'lonely.cast.json'), '{"characters":[{"name":"Nobody"}]}');
  });
  afterAll(async () => rm(folder, { recursive: true, force: true }));

  it('finds novels with a gold cast beside their text, and corpus books with a cast.json', async () => {
    expect((await findGoldNovels(folder)).map((novel) => novel.id)).toEqual(['ned']);
    expect((await findGoldNovels(path.join(root, 'corpus'))).map((novel) => novel.id)).toContain('alice');
  });

  it('prints one row per novel and writes JSON and Markdown with --out', async () => {
    let stdout = '';
    const out = path.join(folder, 'out');
    const code = await runEvalCommand(['discovery', '--dir', folder, '--json', '--out', out], { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { novels: Array<{ id: string; narratorRecall: number; mainRecall: number; chaptersFound: number }>; goalsMet: boolean };
    expect(result.novels).toHaveLength(1);
    expect(result.novels[0]).toMatchObject({ id: 'ned', narratorRecall: 1, mainRecall: 1, chaptersFound: 2 });
    const markdown = await readFile(path.join(out, 'discovery.md'), 'utf8');
    expect(markdown).toMatch(/^# Character discovery against gold casts\n\nCommand: `reverie eval discovery --dir /);
    expect(markdown).toMatch(/\n\| novel \| top-12 precision \|/);
    expect(JSON.parse(await readFile(path.join(out, 'discovery.json'), 'utf8'))).toEqual(result);
  });

  it('answers a usage error when no folder holds a gold novel', async () => {
    let stderr = '';
    await mkdir(path.join(folder, 'empty'), { recursive: true });
    const code = await runEvalCommand(['discovery', '--dir', path.join(folder, 'empty')], { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no novel with a gold cast/);
  });
});
