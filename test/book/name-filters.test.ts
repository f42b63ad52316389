import { describe, expect, it } from 'vitest';
import type { NameCount } from '../../src/book/find-names.ts';
import { isAcceptedName, isPlaceName, isSpokenOfAsPerson } from '../../src/book/name-filters.ts';

function name(form: string, fields: Partial<NameCount> = {}): NameCount {
  const title = /^St\./.test(form) ? 'st' : null;
  const words = (title ? form.slice(4) : form).split(' ');
  return { form, title, words, total: 10, midSentence: 10, afterThe: 0, afterPlacePreposition: 0, nearNumber: 0, chapters: new Set([1]), byChapter: new Map([[1, 10]]), ...fields };
}

describe('which capitalised forms can name a person', () => {
  it('leaves out places by their shape, months in dates, groups and compound nouns', () => {
    for (const place of ['Cardiff Hill', 'Jackson’s Island', 'Mont Blanc', 'St. Petersburg', 'Ashcombe Hall']) expect(isPlaceName(name(place)), place).toBe(true);
    expect(isAcceptedName(name('June', { nearNumber: 6 }), 0, new Map())).toBe(false);
    expect(isAcceptedName(name('June', { nearNumber: 0 }), 0, new Map())).toBe(true);
    expect(isAcceptedName(name('Indians', { afterThe: 8 }), 0, new Map())).toBe(false);
    expect(isAcceptedName(name('Sunday-school'), 0, new Map())).toBe(false);
    expect(isAcceptedName(name('Jean-Paul'), 0, new Map())).toBe(true);
  });

  it('keeps a word that opens every quotation when it is used to address someone', () => {
    expect(isAcceptedName(name('Nelly', { midSentence: 1 }), 0, new Map())).toBe(false);
    expect(isAcceptedName(name('Nelly', { midSentence: 1 }), 0, new Map(), 3)).toBe(true);
    expect(isAcceptedName(name('Say', { midSentence: 0 }), 0, new Map([['say', 300]]), 3)).toBe(false);
  });

  it('tells a person from a ship by what the text says they do', () => {
    expect(isSpokenOfAsPerson(['and the Turk said that he would go'], ['Turk'])).toBe(true);
    expect(isSpokenOfAsPerson(['the Turk’s daughter wept'], ['Turk'])).toBe(true);
    expect(isSpokenOfAsPerson(['the Dolphin lay at anchor', 'the Dolphin’s deck was wet'], ['Dolphin'])).toBe(false);
  });
});
