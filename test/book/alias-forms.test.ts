import { describe, expect, it } from 'vitest';
import { bookFormSource, isEpithetWord } from '../../src/book/alias-forms.ts';

const matches = (form: string, text: string) => new RegExp(String.raw`(?<![\p{L}])${bookFormSource(form, true)}(?![\p{L}])`, 'u').test(text);

describe('a character’s names in book text', () => {
  it('finds a capitalised name anywhere, a lowercase epithet word only where something points at the character', () => {
    expect(isEpithetWord('creature')).toBe(true);
    expect(isEpithetWord('Hatter')).toBe(false);
    expect(matches('Hatter', 'said the Hatter')).toBe(true);
    expect(matches('creature', 'It was the creature I had made.')).toBe(true);
    expect(matches('creature', 'I saw my creature on the ice.')).toBe(true);
    expect(matches('creature', 'The creature fled.')).toBe(true);
    expect(matches('creature', 'I became the same happy creature who had no sorrow.')).toBe(false);
    expect(matches('being', 'every human being must die')).toBe(false);
    expect(matches('wretch', 'the poor wretch')).toBe(false);
  });
});
