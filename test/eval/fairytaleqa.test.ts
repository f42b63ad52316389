import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateFairytaleQa, FairytaleQaFormatError, parseFairytaleQa } from '../../src/eval/fairytaleqa.ts';

const tiny = [
  {
    story: 'three-houses',
    sections: [
      { id: '1', text: 'The first little pig built a house of straw by the river.' },
      { id: '2', text: 'The wolf huffed and puffed and blew the straw house down.' },
      { id: '3', text: 'The third pig built a house of bricks, and the wolf climbed down the chimney into a pot of boiling water.' },
    ],
    questions: [
      { question_id: 'q1', question: 'What did the first pig build his house from?', cor_section: ['1'], attribute: 'action' },
      { question_id: 'q2', question: 'How did the wolf get into the brick house?', cor_section: ['3'], attribute: 'action' },
      { question_id: 'q3', question: 'Who blew the straw house down?', cor_section: ['2'], attribute: 'character' },
      // No section shares a word with it: a miss at every k.
      { question_id: 'q4', question: 'Why was the mother sad?', cor_section: ['1'], attribute: 'feeling' },
    ],
  },
];

describe('FairytaleQA evaluation', () => {
  it('scores hits at 1, 3 and 5 and MRR with any gold section counting', () => {
    const report = evaluateFairytaleQa(parseFairytaleQa(tiny.map((story) => JSON.stringify(story)).join('\n')));
    expect(report.questions).toBe(4);
    expect(report['hit@1']).toBeCloseTo(3 / 4);
    expect(report['hit@5']).toBeCloseTo(3 / 4);
    expect(report.mrr).toBeCloseTo(3 / 4);
    expect(report.byAttribute.action).toMatchObject({ questions: 2, 'hit@1': 1 });
    expect(report.byAttribute.feeling).toMatchObject({ questions: 1, 'hit@5': 0 });
  });

  it('finds the gold section for most questions of a real story', () => {
    const stories = parseFairytaleQa(readFileSync(new URL('../fixtures/eval/fairytaleqa/val-slice.jsonl', import.meta.url), 'utf8'));
    const report = evaluateFairytaleQa(stories);
    expect(report.questions).toBeGreaterThan(30);
    expect(report['hit@5']).toBeGreaterThan(0.7);
    expect(report['hit@1']).toBeLessThanOrEqual(report['hit@3']);
  });

  it('rejects a line without sections, naming the line', () => {
    expect(() => parseFairytaleQa('{"story":"x","sections":[],"questions":[]}')).toThrow(FairytaleQaFormatError);
    expect(() => parseFairytaleQa('\n{oops')).toThrow(/line 2/);
  });
});
