import { describe, expect, it } from 'vitest';
import { DEFAULT_QUESTION_WEIGHTS, planQuestion, type CharacterFrame } from '../../src/memory/character-query.ts';

const victor: CharacterFrame = { name: 'Victor Frankenstein', aliases: ['Victor', 'Frankenstein'], names: ['Elizabeth', 'Geneva', 'Clerval', 'Victor Frankenstein'], narrates: true };
const cat: CharacterFrame = { name: 'Cheshire Cat', aliases: ['the Cat', 'Cheshire Puss'], names: ['Alice', 'Duchess', 'Cheshire Cat'], narrates: false };

describe('planQuestion', () => {
  it('keeps a narrator\'s "you" and "your" as its own first person, in place, so "your mother" meets "my mother"', () => {
    const plan = planQuestion('How did your mother die?', victor);
    expect(plan.terms.slice(0, 3)).toEqual(['my', 'mother', 'die']);
    expect(plan.isFollowUp).toBe(false);
  });

  it('gives a character told of in the third person its own names as a light hint instead', () => {
    const plan = planQuestion('Why do you grin so?', cat);
    expect(plan.terms).toEqual(expect.arrayContaining(['grin', 'cheshir', 'cat', 'puss']));
    expect(plan.weights.get('cat')).toBe(DEFAULT_QUESTION_WEIGHTS.self);
    expect(plan.terms).not.toContain('i');
  });

  it('weighs the book\'s names above common words', () => {
    const plan = planQuestion('What did Elizabeth say in Geneva?', victor);
    expect(plan.weights.get('elizabeth')).toBe(DEFAULT_QUESTION_WEIGHTS.name);
    expect(plan.weights.get('geneva')).toBe(DEFAULT_QUESTION_WEIGHTS.name);
    expect(plan.weights.get('sai') ?? 1).toBe(1);
  });

  it('reads a short question that points back as a follow-up and borrows the last question\'s topic at less weight', () => {
    const plan = planQuestion('Do you regret it?', victor, ['Why did you flee from the creature you made?']);
    expect(plan.isFollowUp).toBe(true);
    expect(plan.topic).toEqual(expect.arrayContaining(['flee', 'creatur', 'made']));
    expect(plan.weights.get('creatur')).toBe(DEFAULT_QUESTION_WEIGHTS.previous);
    expect(plan.terms.slice(0, 2)).toEqual(['i', 'regret']);
    // The one before counts less again.
    const older = planQuestion('And then?', victor, ['Tell me about Clerval.', 'What did you do in Ingolstadt?']);
    expect(older.weights.get('ingolstadt')).toBe(DEFAULT_QUESTION_WEIGHTS.previous);
    expect(older.weights.get('clerval')).toBe(DEFAULT_QUESTION_WEIGHTS.beforePrevious * DEFAULT_QUESTION_WEIGHTS.name);
  });

  it('leaves a question with its own topic alone, and never maps the visitor\'s "I" onto the character', () => {
    const plan = planQuestion('What did you feel when Elizabeth died on the wedding night?', victor, ['Tell me about Clerval.']);
    expect(plan.isFollowUp).toBe(false);
    expect(plan.topic).toEqual([]);
    const mine = planQuestion('Do I remember my sister?', victor);
    expect(mine.terms).toEqual(['rememb', 'sister']);
    expect(mine.speaksOfAsker).toBe(true);
  });

  it('reads a question about what another told the character as the teller\'s account: "you" is the listener there', () => {
    const walton: CharacterFrame = { name: 'Robert Walton', aliases: ['Walton'], names: ['Justine', 'Victor Frankenstein'], narrates: true, tellers: [{ name: 'Victor Frankenstein', aliases: ['Victor', 'Frankenstein'] }] };
    const told = planQuestion('What did Frankenstein tell you about the servant Justine?', walton);
    expect(told).toMatchObject({ isReported: true, teller: 'Victor Frankenstein' });
    expect(told.terms).not.toContain('i');
    // A pronoun for a teller keeps the listener's reading but names no narrator.
    expect(planQuestion('What did he tell you about Justine?', walton)).toMatchObject({ isReported: true });
    expect(planQuestion('What did he tell you about Justine?', walton).teller).toBeUndefined();
    // Telling someone something oneself, or a longer clause before "tell", is not a report.
    expect(planQuestion('Why did you tell Victor to go home?', walton).isReported).toBe(false);
    expect(planQuestion('Why did Frankenstein decide to tell you his story?', walton).isReported).toBe(false);
    expect(planQuestion('How did the creature learn to speak, by its own account?', { ...walton, tellers: [{ name: 'The Creature', aliases: ['Creature'] }] }).teller).toBe('The Creature');
  });

  it('adds the question\'s kin words at a fraction of its weight: a page says "murdered" where the visitor says "kill"', () => {
    const plan = planQuestion('Why did you kill William?', victor);
    expect(plan.terms.slice(0, 3)).toEqual(['i', 'kill', 'william']);
    expect(plan.weights.get('murder')).toBe(DEFAULT_QUESTION_WEIGHTS.related);
    expect(plan.weights.get('kill')).toBeUndefined();
    expect(planQuestion('Why did you kill William?', victor, [], { ...DEFAULT_QUESTION_WEIGHTS, related: 0 }).terms).not.toContain('murder');
  });

  it('does not read a word of two senses as its feeling: crossing the ice is not being cross, though being cross is being angry', () => {
    expect(planQuestion('What did you see crossing the ice?', victor).terms).not.toContain('anger');
    expect(planQuestion('Why were you so angry?', victor).terms).toContain('cross');
    expect(planQuestion('Why was she so cross?', victor).terms).toContain('anger');
  });
});
