import { describe, expect, it } from 'vitest';
import { readRemarkOnCharacter, readVisitorFeeling } from '../../src/voice/visitor-feeling.ts';
import { talkTo } from './voice-kit.ts';

describe('readVisitorFeeling', () => {
  it('reads how the visitor says they feel, and a loss they tell of', () => {
    expect(readVisitorFeeling('I’m feeling really sad today.')).toEqual({ kind: 'low', topic: 'sad' });
    expect(readVisitorFeeling("I've been so lonely since I moved.")).toEqual({ kind: 'low', topic: 'lonely' });
    expect(readVisitorFeeling('I am so excited!')).toEqual({ kind: 'high', topic: 'excited' });
    expect(readVisitorFeeling('My father died last year.')).toEqual({ kind: 'loss', topic: 'your father' });
    expect(readVisitorFeeling('I lost my dog in March.')).toEqual({ kind: 'loss', topic: 'your dog' });
    expect(readVisitorFeeling('My mother is very ill.')).toEqual({ kind: 'illness', topic: 'your mother' });
    expect(readVisitorFeeling("My dad is in hospital and I'm worried.")).toEqual({ kind: 'illness', topic: 'your dad' });
    expect(readVisitorFeeling('My sister has cancer.')).toEqual({ kind: 'illness', topic: 'your sister' });
  });

  it('leaves out questions, denials and other people’s feelings', () => {
    for (const message of ['Are you sad?', 'Was I sad when we met?', "I'm not sad at all.", 'Alice was sad.', 'My sister is happy in Paris.', 'Why did your mother die?', 'My mother is not ill anymore.', 'Is my father ill?', 'I was down by the river yesterday.']) {
      expect(readVisitorFeeling(message), message).toBeNull();
    }
  });
});

describe('a visitor who tells how they feel', () => {
  it('is answered as a person, in the character’s tone, not with a page of the book', async () => {
    for (const id of ['alice', 'victor-frankenstein', 'the-creature']) {
      const talk = await talkTo(id);
      const sad = talk.say('I’m feeling really sad today.');
      expect(sad, id).toMatch(/\bsad\b/);
      expect(sad, id).not.toMatch(/“/);
      expect(talk.say('My father died last year.'), id).toMatch(/\bsorry\b[^.]*\byour father\b/);
      expect(talk.say('My mother is very ill.'), id).toMatch(/\bsorry\b[^.]*\byour mother is ill\b/);
    }
  });
});

describe('readRemarkOnCharacter', () => {
  it('reads praise and rebukes of the character, not questions, denials or remarks on others', () => {
    expect(readRemarkOnCharacter('I think you’re wonderful.')).toBe('praise');
    expect(readRemarkOnCharacter('I love talking with you. What was your childhood like?')).toBe('praise');
    expect(readRemarkOnCharacter('You’re lying.')).toBe('rebuke');
    expect(readRemarkOnCharacter('That’s not true!')).toBe('rebuke');
    expect(readRemarkOnCharacter("I don't believe you.")).toBe('rebuke');
    for (const message of ['Are you lying?', "You're not boring at all.", "I don't think you're wonderful.", 'Alice was rude.', 'Is it true you were a poet?']) {
      expect(readRemarkOnCharacter(message), message).toBeNull();
    }
  });

  it('is answered as said to a person, in the character’s tone, not with a page of the book', async () => {
    for (const id of ['alice', 'victor-frankenstein', 'robert-walton']) {
      const talk = await talkTo(id);
      const praised = talk.say('I think you’re wonderful.');
      const rebuked = talk.say('You’re lying.');
      expect(praised, id).not.toMatch(/“|wonder(?!ful)/);
      expect(rebuked, id).not.toMatch(/“|How well you put it/);
      expect(praised, id).not.toBe(rebuked);
    }
  });
});
