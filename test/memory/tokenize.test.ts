import { describe, expect, it } from 'vitest';
import { tokenize, tokenizeQuery, tokenizeQueryToNarrator } from '../../src/memory/tokenize.ts';

describe('tokenize', () => {
  it('lowercases, drops stopwords and possessives, and stems', () => {
    expect(tokenize("The Queen's gardeners were PAINTING roses")).toEqual(['queen', 'garden', 'paint', 'rose']);
  });

  it('keeps words about time order that a generic list would drop', () => {
    expect(tokenize('before the trial, after the party')).toEqual(['befor', 'trial', 'after', 'parti']);
  });

  it('drops question words from queries but not from texts', () => {
    expect(tokenizeQuery('How did Alice feel when she grew?')).toEqual(['alic', 'grow']);
    expect(tokenize('how she grew')).toEqual(['grow']);
  });

  it('brings irregular past tenses and plurals to the base form a question uses', () => {
    expect(tokenize('The sparrow led him and gave the children a box')).toEqual(tokenize('the sparrow leads him and gives the child a box'));
    expect(tokenizeQuery('Where did the sparrow lead the man?')).toEqual(tokenize('the sparrow led the men'));
    // One family for waking: "When did you wake?" meets "I awoke" and "I lay awake".
    expect(tokenize('I awoke; I lay awake; it awakened me')).toEqual(tokenize('I woke; I lay wake; it wakes me'));
  });

  it('keeps the content verbs and particles of phrasal verbs that a generic list drops', () => {
    expect(tokenizeQuery('What did the King take out?')).toEqual(['king', 'take', 'out']);
    expect(tokenize('the King took out a sword')).toEqual(['king', 'take', 'out', 'sword']);
  });

  it('reads a question\'s contractions as their verb: "won\'t" is not "won"', () => {
    expect(tokenizeQuery("Why won't you tell anyone?")).toEqual(['tell']);
    expect(tokenizeQuery('Why couldn’t Henry come?')).toEqual(['henri', 'come']);
    expect(tokenizeQueryToNarrator("Why can't you sleep?")).toEqual(['i', 'sleep']);
    expect(tokenizeQuery('Who won the race?')).toEqual(['win', 'race']);
  });

  it('spells out ligatures, so "daemon" finds the "dæmon"', () => {
    expect(tokenize('the filthy dæmon')).toEqual(tokenize('the filthy daemon'));
    expect(tokenize('Œdipus')).toEqual(tokenize('Oedipus'));
  });
});
