import { describe, expect, it } from 'vitest';
import type { NameCount } from '../../src/book/find-names.ts';
import { displayName, groupNames } from '../../src/book/group-names.ts';
import { isShortFormOf } from '../../src/book/nicknames.ts';
import { countSharedUses, createContextResolver } from '../../src/book/context-resolution.ts';
import type { Chapter } from '../../src/book/types.ts';

function form(text: string, total: number, chapters: number[] = [1], afterThe = 0): NameCount {
  const match = /^(Mr\.|Mrs\.|Miss|Judge|Aunt|M\.|Colonel|Madam)\s+(.+)$/.exec(text);
  const title = match ? match[1]!.replace(/\.$/, '').toLowerCase() : null;
  const words = (match ? match[2]! : text).split(' ');
  const byChapter = new Map(chapters.map((chapter) => [chapter, total / chapters.length]));
  return { form: text, title, words, total, midSentence: total, afterThe, afterPlacePreposition: 0, nearNumber: 0, chapters: new Set(chapters), byChapter };
}

const forms = (groups: { forms: NameCount[] }[]): string[][] => groups.map((group) => group.forms.map((entry) => entry.form).sort());

describe('grouping name forms into people', () => {
  it('joins full names with short first names and the words they hold', () => {
    const { groups } = groupNames([form('Huckleberry Finn', 9), form('Huck Finn', 7), form('Huck', 250), form('Huckleberry', 30), form('Hucky', 8)]);
    expect(forms(groups)).toEqual([['Huck', 'Huck Finn', 'Huckleberry', 'Huckleberry Finn', 'Hucky']]);
    expect(displayName(groups[0]!)).toBe('Huckleberry Finn');
  });

  it('never gives "Mrs." a son’s or a daughter’s name, and keeps Mr., Mrs. and Miss apart', () => {
    const { groups } = groupNames([form('Joe Harper', 18), form('Mrs. Harper', 11), form('Mr. Bennet', 20), form('Mrs. Bennet', 30), form('Miss Bennet', 10)]);
    expect(forms(groups).sort()).toEqual([['Joe Harper'], ['Miss Bennet'], ['Mr. Bennet'], ['Mrs. Bennet'], ['Mrs. Harper']]);
  });

  it('joins a titled surname to the one full name of that surname, unless the sexes disagree', () => {
    const genderOf = (names: readonly string[]) => (names.includes('Joe Harper') ? 'male' : null) as 'male' | null;
    const joined = groupNames([form('Victor Lane', 30), form('M. Lane', 3)], { genderOf });
    expect(forms(joined.groups)).toEqual([['M. Lane', 'Victor Lane']]);
    const apart = groupNames([form('Joe Harper', 18), form('Miss Harper', 4)], { genderOf });
    expect(forms(apart.groups)).toEqual([['Joe Harper'], ['Miss Harper']]);
  });

  it('leaves a word two people’s names hold shared, and a bare first name used elsewhere apart', () => {
    const { groups, shared } = groupNames([form('Injun Joe', 69, [9, 11]), form('Joe Harper', 18, [13, 14]), form('Joe', 80, [9, 13, 14]), form('Jim Hollis', 3, [20]), form('Jim', 19, [1, 2])]);
    expect(shared.map((entry) => [entry.form.form, entry.holders.map((holder) => holder.forms[0]!.form)])).toEqual([['Joe', ['Injun Joe', 'Joe Harper']]]);
    expect(forms(groups)).toContainEqual(['Jim']);
  });

  it('joins a title alone to the person who bears it, and a first name to its surname through a full name printed once', () => {
    const { groups } = groupNames([form('Judge Thatcher', 12), form('Judge', 12, [1], 12), form('Henry', 26), form('Clerval', 59)], { hints: [form('Henry Clerval', 1)] });
    expect(forms(groups)).toEqual([['Judge', 'Judge Thatcher'], ['Clerval', 'Henry', 'Henry Clerval']]);
  });
});

describe('titles with first names and bare surnames', () => {
  it('joins an address to a first name ("Madam Mina") but never a rank ("Colonel Fitzwilliam")', () => {
    const { groups } = groupNames([form('Mina Murray', 5), form('Fitzwilliam Darcy', 3), form('Madam Mina', 40), form('Colonel Fitzwilliam', 30)]);
    expect(forms(groups).sort()).toEqual([['Colonel Fitzwilliam'], ['Fitzwilliam Darcy'], ['Madam Mina', 'Mina Murray']]);
  });

  it('gives a bare surname to the one man of the family, not to its women', () => {
    const genderOf = () => null;
    const { groups, shared } = groupNames([form('Mr. Bingley', 100), form('Miss Bingley', 90), form('Bingley', 200)], { genderOf });
    expect(shared).toEqual([]);
    expect(forms(groups).sort()).toEqual([['Bingley', 'Mr. Bingley'], ['Miss Bingley']]);
  });
});

describe('short forms and shared names', () => {
  it('knows prefixes, pet endings and common pairs, and nothing else', () => {
    expect(isShortFormOf('Huck', 'Huckleberry')).toBe(true);
    expect(isShortFormOf('Siddy', 'Sid')).toBe(true);
    expect(isShortFormOf('Lizzy', 'Elizabeth')).toBe(true);
    expect(isShortFormOf('Becky', 'Rebecca')).toBe(true);
    expect(isShortFormOf('Tom', 'Sid')).toBe(false);
    expect(isShortFormOf('Jo', 'John')).toBe(false);
  });

  it('gives a shared name to the holder named last before it in the chapter', () => {
    const chapter = (number: number, paragraphs: string[]): Chapter => ({ number, label: `${number}`, title: `${number}`, kind: 'chapter', paragraphs, words: 0 });
    const chapters = [
      chapter(1, ['Injun Joe stood by the grave.', 'Joe laughed.', 'Then Joe Harper came by.', 'Joe waved.']),
      chapter(2, ['Joe slept.', 'Nobody came.']),
    ];
    const holders = [{ key: 'Injun Joe', names: ['Injun Joe'] }, { key: 'Joe Harper', names: ['Joe Harper', 'Harper'] }];
    const resolve = createContextResolver(chapters, holders, 'Joe');
    expect([resolve(1, 1), resolve(1, 3), resolve(2, 0)]).toEqual(['Injun Joe', 'Joe Harper', null]);
    expect(countSharedUses(chapters, holders, 'Joe', [1, 2])).toEqual(new Map([['Injun Joe', 1], ['Joe Harper', 1]]));
  });
});
