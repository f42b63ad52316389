import { describe, expect, it } from 'vitest';
import { readSectionHeading, readSignature } from '../../src/book/section-headings.ts';
import { selfNamesIn, vocativesIn } from '../../src/book/vocatives.ts';

describe('reading who writes a section', () => {
  it('reads journal, diary, letter, narrative and continuation headings, in capitals or not', () => {
    const cases: Array<[string, { kind: string; writer: string | null } | null]> = [
      ['EDMUND CARVER’S JOURNAL', { kind: 'journal', writer: 'Edmund Carver' }],
      ['_Ada Lowell’s Diary._', { kind: 'journal', writer: 'Ada Lowell' }],
      ['DR. PELL’S DIARY—_continued_', { kind: 'journal', writer: 'Dr. Pell' }],
      ['_Letter, Miss Ada Lowell to Miss Clara Vane._', { kind: 'letter', writer: 'Miss Ada Lowell' }],
      ['_Telegram, Ada Lowell to Dr. Pell._', { kind: 'letter', writer: 'Ada Lowell' }],
      ['Narrative Continued by the Doctor: How the Boat Was Lost', { kind: 'narrative', writer: 'the Doctor' }],
      ['Dr. Pell’s Narrative', { kind: 'narrative', writer: 'Dr. Pell' }],
      ['The Journal of Ada Lowell', { kind: 'journal', writer: 'Ada Lowell' }],
      ['_Dr. Pell’s Phonograph Diary, spoken by Edmund Carver._', { kind: 'journal', writer: 'Edmund Carver' }],
      ['Carver, _in continuation._', { kind: 'continuation', writer: 'Carver' }],
      ['Ned’s Feelings Investigated', null],
      ['Letter 4', null],
      ['She said it was a story by Ned.', null],
    ];
    for (const [text, expected] of cases) expect(readSectionHeading(text), text).toEqual(expected);
  });

  it('reads the name signed under a letter, past the date, and only where a letter is expected', () => {
    expect(readSignature(['Some news.', 'Your affectionate brother,', 'R. Carver'], true)).toBe('R. Carver');
    expect(readSignature(['Some news.', 'Your affectionate brother, Robert Carver'], true)).toBe('Robert Carver');
    expect(readSignature(['Some news.', 'R.C.', 'London, May 4th, 1890.'], true)).toBe('R.C.');
    expect(readSignature(['Some news.', '“Your loving', '“ADA.”'], false)).toBe('Ada');
    expect(readSignature(['He ran home.', 'Ned Barlow'], false)).toBeNull();
    expect(readSignature(['He ran home.', 'No answer.'], true)).toBeNull();
  });
});

describe('names of address', () => {
  it('finds the names a quotation addresses, not a list of places or a title alone', () => {
    expect(vocativesIn('My dear Carver, come in')).toEqual(['Carver']);
    expect(vocativesIn('Oh, Carver, be kind')).toEqual(['Carver']);
    expect(vocativesIn('Well, it is good, anyway, Ned.')).toEqual(['Ned']);
    expect(vocativesIn('Yes, Mr. Carver, I will')).toEqual(['Mr. Carver']);
    expect(vocativesIn('Good-bye, Kit.')).toEqual(['Kit']);
    expect(vocativesIn('Mother, I am here')).toEqual([]);
  });

  it('finds the names a speaker gives themselves', () => {
    expect(selfNamesIn('Call me Ned. Some years ago')).toEqual(['Ned']);
    expect(selfNamesIn('I am tired, and my name is Ned Barlow.')).toEqual(['Ned Barlow']);
  });
});
