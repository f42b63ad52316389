import { describe, expect, it } from 'vitest';
import { createKeywordIndex, loadKeywordIndex } from '../../src/memory/keyword-index.ts';
import { stem } from '../../src/memory/tokenize.ts';

describe('keyword index document frequency', () => {
  // It reads minisearch's postings directly; this breaks loudly if a minisearch upgrade moves them.
  it('counts the documents a term or a term pair occurs in, and survives a save and load', () => {
    const index = createKeywordIndex();
    index.add([
      { id: 'a', text: 'My sister writes letters.' },
      { id: 'b', text: 'Her sister writes poems, and her sister sings.' },
      { id: 'c', text: 'The ship sails north.' },
    ]);
    expect(index.documentFrequency(stem('sister'))).toBe(2);
    expect(index.documentFrequency(`${stem('sister')}_${stem('writes')}`)).toBe(2);
    expect(index.documentFrequency(stem('ship'))).toBe(1);
    expect(index.documentFrequency('absent')).toBe(0);
    index.remove({ id: 'c', text: 'The ship sails north.' });
    index.add([{ id: 'a', text: 'The ship came home.' }]);
    expect(index.search('ship').map((match) => match.id)).toEqual(['a']);
    expect(loadKeywordIndex(JSON.parse(JSON.stringify(index))).documentFrequency(stem('sister'))).toBeGreaterThanOrEqual(1);
  });
});
