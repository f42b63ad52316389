import { describe, expect, it } from 'vitest';
import { readActs } from '../../src/voice/dialogue-act.ts';

describe('readActs', () => {
  it.each([
    ['Hello!', ['greeting'], null],
    ['Good evening. Why did you leave Geneva?', ['greeting', 'question'], 'why'],
    ['Thanks, and farewell.', ['thanks', 'farewell'], null],
    ['How are you feeling today?', ['smalltalk'], null],
    ['Hello! I am Tom, and I have a dog called Rufus.', ['greeting', 'disclosure'], null],
    ['What is my dog called?', ['recall'], null],
    ['Who is my sister?', ['recall'], null],
    ['What should you call me?', ['recall'], null],
    ['How old am I?', ['recall'], 'quantity'],
    ['Who taught me German?', ['recall'], 'who'],
    ['What should I do about it?', ['question'], 'what'],
    ['Tell me about the Queen.', ['question'], 'tell'],
    ['What do you think of my dog?', ['opinion'], 'what'],
    ['What do you think of the Cheshire Cat?', ['opinion'], 'what'],
    ['Do you like cats?', ['opinion'], 'yesno'],
    ['Who are you?', ['self'], 'who'],
    ['What was written on the little bottle?', ['question'], 'what'],
    ['Tell me about the Queen.', ['question'], 'tell'],
    ['How many inches high were you?', ['question'], 'quantity'],
    ['Please don’t hurt me.', ['statement'], null],
  ])('reads %j as %j', (message, acts, questionType) => {
    const reading = readActs(message);
    expect([...reading.acts].sort()).toEqual([...acts].sort());
    expect(reading.questionType).toBe(questionType);
  });

  it('keeps the sentence that asks, for the answer to look for', () => {
    expect(readActs('Good afternoon, Hatter. Why is it always six o’clock here?').questionText).toBe("Why is it always six o'clock here?");
    // Of two questions, the one with more words of its own.
    expect(readActs('Why did you burn the cottage? And were you sorry?').questionText).toBe('Why did you burn the cottage?');
    expect(readActs('Why did you burn the cottage? And were you sorry?').questionType).toBe('why');
  });
});
