import { describe, expect, it } from 'vitest';
import { toFirstPerson, type SelfReference } from '../../src/voice/first-person.ts';

const alice: SelfReference = { forms: ['Alice', 'Mary Ann'], gender: 'female' };
const hatter: SelfReference = { forms: ['Mad Hatter', 'Hatter'], gender: 'male' };
const cat: SelfReference = { forms: ['Cheshire Cat', 'Cat'], gender: 'neuter' };

describe('toFirstPerson', () => {
  it('turns the character’s name and the pronouns after it into the first person, tense kept', () => {
    const result = toFirstPerson('Luckily for Alice, the little magic bottle had now had its full effect, and she grew no larger.', alice, { pronouns: 'after-name' });
    expect(result).toEqual({ text: 'Luckily for me, the little magic bottle had now had its full effect, and I grew no larger.', isComplete: true, isAmbiguous: false });
  });

  it('turns inverted speech tags round and leaves the quotation as it was', () => {
    expect(toFirstPerson('“What a curious feeling!” said Alice; “I must be shutting up like a telescope.”', alice, { pronouns: 'after-name' }).text)
      .toBe('“What a curious feeling!” I said; “I must be shutting up like a telescope.”');
    expect(toFirstPerson('“How dreadfully savage!” exclaimed Alice.', alice, { pronouns: 'after-name' }).text).toBe('“How dreadfully savage!” I exclaimed.');
  });

  it('takes "the" with the name and gives possessives as my', () => {
    expect(toFirstPerson('The Hatter opened his eyes very wide on hearing this; but all he said was, “Why is a raven like a writing-desk?”', hatter, { pronouns: 'after-name' }).text)
      .toBe('I opened my eyes very wide on hearing this; but all I said was, “Why is a raven like a writing-desk?”');
    expect(toFirstPerson('Alice’s first thought was that it might belong to one of the doors.', alice, { pronouns: 'after-name' }).text).toBe('My first thought was that it might belong to one of the doors.');
  });

  it('makes the verb agree with I in present-tense card text', () => {
    expect(toFirstPerson('The Hatter keeps an endless tea-party, and he carries a watch that tells the day of the month.', hatter, { pronouns: 'always' }).text)
      .toBe('I keep an endless tea-party, and I carry a watch that tells the day of the month.');
    expect(toFirstPerson('It has very long claws, so it ought to be treated with respect, and it can vanish at will.', cat, { pronouns: 'always' }).text)
      .toBe('I have very long claws, so I ought to be treated with respect, and I can vanish at will.');
  });

  it('leaves a pronoun alone once another of the same person is named, but keeps an object pronoun the character’s', () => {
    const result = toFirstPerson('“Here! you may nurse it a bit!” the Duchess said to Alice, flinging the baby at her as she spoke.', alice, { pronouns: 'after-name', rivals: ['Duchess'] });
    expect(result.text).toBe('“Here! you may nurse it a bit!” the Duchess said to me, flinging the baby at me as she spoke.');
  });

  it('says whether a name of the character is left outside quotations', () => {
    expect(toFirstPerson('“Alice!” cried the Queen.', alice, { pronouns: 'after-name' }).isComplete).toBe(true);
    expect(toFirstPerson('I am Alice, and nothing else.', alice, { pronouns: 'after-name' }).isComplete).toBe(true);
  });
});
