import { describe, expect, it } from 'vitest';
import { tokenize, tokenizeQuery } from '../../src/memory/tokenize.ts';

describe('tokenize', () => {
  it('lowercases, drops stopwords and possessives, and stems', () => {
    expect(tokenize("The Queen's gardeners were PAINTING roses")).toEqual(['queen', 'garden', 'paint', 'rose']);
  });

  it('keeps words about time order that a generic list would drop', () => {
    expect(tokenize('before the trial, after the party')).toEqual(['befor', 'trial', 'after', 'parti']);
  });

  it('drops question words from queries but not from texts', () => {
    expect(tokenizeQuery('How did Alice feel when she grew?')).toEqual(['alic', 'grew']);
    expect(tokenize('how she grew')).toEqual(['grew']);
  });
});
