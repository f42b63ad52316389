import { describe, expect, it } from 'vitest';
import type { KnownName } from '../../src/voice/book-names.ts';
import { withoutTimeAnchors } from '../../src/voice/find-answer.ts';

const person = (name: string, ...forms: string[]): KnownName => ({ name, forms: [name, ...forms], gender: 'unknown', isPlace: false });
const frankenstein = person('Victor Frankenstein', 'Frankenstein', 'Victor');
const justine = person('Justine Moritz', 'Justine');

describe('names a question asks about', () => {
  it('leaves out a name that only says when ("before you found Frankenstein")', () => {
    expect(withoutTimeAnchors([frankenstein], 'What did you see crossing the ice before you found Frankenstein?')).toEqual([]);
    expect(withoutTimeAnchors([frankenstein, justine], 'What did Victor do after Justine died?')).toEqual([frankenstein]);
  });

  it('keeps a name the question is about', () => {
    expect(withoutTimeAnchors([frankenstein], 'What did you admire most in Frankenstein?')).toEqual([frankenstein]);
    expect(withoutTimeAnchors([justine], 'Why was Justine accused before the trial?')).toEqual([justine]);
  });
});
