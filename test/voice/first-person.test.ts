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

  it('never turns a quotation round as if it were a speech tag', () => {
    expect(toFirstPerson('“I thought it would,” said the Cat, and vanished again.', cat, { pronouns: 'after-name' }).text).toBe('“I thought it would,” I said, and vanished again.');
    expect(toFirstPerson('Alice thought she might as well wait, as she had nothing else to do.', alice, { pronouns: 'after-name' }).text).toBe('I thought I might as well wait, as I had nothing else to do.');
  });

  it('takes an epithet with the name, and "Poor Alice!" is "Poor me!"', () => {
    expect(toFirstPerson('The miserable Hatter dropped his teacup and bread-and-butter.', hatter, { pronouns: 'after-name' }).text).toBe('I dropped my teacup and bread-and-butter.');
    expect(toFirstPerson('Poor Alice!', alice, { pronouns: 'after-name' }).text).toBe('Poor me!');
    // Not epithets: "the chief difficulty Alice found", "the moment Alice appeared".
    expect(toFirstPerson('The chief difficulty Alice found at first was in managing her flamingo.', alice, { pronouns: 'after-name' }).text).toBe('The chief difficulty I found at first was in managing my flamingo.');
    expect(toFirstPerson('The moment Alice appeared, she was appealed to by all three.', alice, { pronouns: 'after-name' }).text).toBe('The moment I appeared, I was appealed to by all three.');
  });

  it('keeps the character the one a pronoun stands for once it is named as the subject, even after another', () => {
    const text = 'Just as the Dormouse crossed the court, she said to one of the officers, “Bring me the list!” on which the wretched Hatter trembled so, that he shook both his shoes off.';
    expect(toFirstPerson(text, hatter, { pronouns: 'after-name', rivals: ['Dormouse'] }).text).toBe('Just as the Dormouse crossed the court, she said to one of the officers, “Bring me the list!” on which I trembled so, that I shook both my shoes off.');
  });

  it('leaves the object of the character’s own clause to someone else (it would say herself)', () => {
    const result = toFirstPerson('Alice was very glad to find her in such a pleasant temper, and thought to herself that perhaps it was only the pepper that had made her so savage.', alice, { pronouns: 'after-name' });
    expect(result.text).toBe('I was very glad to find her in such a pleasant temper, and thought to myself that perhaps it was only the pepper that had made her so savage.');
    expect(result.isAmbiguous).toBe(true);
    // Another in between is who acts: the "her" is the character's again.
    expect(toFirstPerson('Alice begged them to let her go.', alice, { pronouns: 'after-name' }).text).toBe('I begged them to let me go.');
    expect(toFirstPerson('Alice put her hand in her pocket.', alice, { pronouns: 'after-name' }).text).toBe('I put my hand in my pocket.');
  });

  it('puts the other first when the character and another act together', () => {
    expect(toFirstPerson('The Hatter and the March Hare went “Sh! sh!”', hatter, { pronouns: 'after-name', rivals: ['March Hare'] }).text).toBe('The March Hare and I went “Sh! sh!”');
    expect(toFirstPerson('Alice was angry, but the Hatter and the March Hare went on.', hatter, { pronouns: 'after-name', rivals: ['March Hare'] }).text).toBe('Alice was angry, but the March Hare and I went on.');
  });

  it('says whether a name of the character is left outside quotations', () => {
    expect(toFirstPerson('“Alice!” cried the Queen.', alice, { pronouns: 'after-name' }).isComplete).toBe(true);
    expect(toFirstPerson('I am Alice, and nothing else.', alice, { pronouns: 'after-name' }).isComplete).toBe(true);
  });
});

describe('toFirstPerson with another of two words', () => {
  it('hands the pronouns to "the March Hare" once it is named, and keeps the object of its relative clause the character’s', () => {
    const hatter: SelfReference = { forms: ['Mad Hatter', 'Hatter'], gender: 'male' };
    expect(toFirstPerson('The March Hare took the watch and looked at it gloomily: then he dipped it into his cup of tea.', hatter, { pronouns: 'from-start', rivals: ['March Hare'] }).text)
      .toBe('The March Hare took the watch and looked at it gloomily: then he dipped it into his cup of tea.');
    expect(toFirstPerson('The Hatter looked at the March Hare, who had followed him into the court.', hatter, { pronouns: 'after-name', rivals: ['March Hare'] }).text)
      .toBe('I looked at the March Hare, who had followed me into the court.');
  });
});
