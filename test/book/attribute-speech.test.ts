import { describe, expect, it } from 'vitest';
import { createSpeakerResolver, mentionAfter } from '../../src/book/attribute-speech.ts';

describe('speech tags', () => {
  it('reads a tag whose speaker is spelt with a ligature, and resolves it to the card that spells it out', () => {
    const mention = mentionAfter(' said the dæmon. ');
    expect(mention).toEqual({ type: 'name', name: 'the dæmon' });
    const resolver = createSpeakerResolver([{ name: 'The Creature', aliases: ['the daemon', 'the fiend'] }]);
    expect(resolver.resolve('the dæmon')).toBe('The Creature');
    expect(resolver.isKnown('dæmon')).toBe(true);
  });

  it('still reads plain tags and leaves unknown speakers named as written', () => {
    expect(mentionAfter(', replied the fiend; “and')).toEqual({ type: 'name', name: 'the fiend' });
    expect(createSpeakerResolver([]).resolve('the œconomist')).toBe('Œconomist');
  });
});
