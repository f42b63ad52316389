import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateLocomoTurns, LocomoFormatError, parseLocomo, parseLocomoDate, rankLocomoTurns, replayLocomoConversation } from '../../src/eval/locomo.ts';

const tiny = [
  {
    sample_id: 'conv-x',
    conversation: {
      speaker_a: 'Ann',
      speaker_b: 'Bob',
      session_1_date_time: '1:56 pm on 8 May, 2023',
      session_1: [
        { speaker: 'Ann', dia_id: 'D1:1', text: 'I adopted a grey kitten named Pepper.' },
        { speaker: 'Bob', dia_id: 'D1:2', text: 'Lovely! I started learning the violin.' },
      ],
      session_2_date_time: '10:00 am on 2 June, 2023',
      session_2: [
        { speaker: 'Ann', dia_id: 'D2:1', text: 'Pepper knocked over my coffee this morning.' },
        { speaker: 'Bob', dia_id: 'D2:2', text: 'My violin teacher moved to Lisbon.', blip_caption: 'a photo of a tram' },
      ],
      session_3_date_time: '9:00 pm on 3 June, 2023',
    },
    qa: [
      { question: 'What is the name of Ann\'s kitten?', answer: 'Pepper', evidence: ['D1:1'], category: 4 },
      { question: 'Where did Bob\'s violin teacher move?', answer: 'Lisbon', evidence: ['D2:2'], category: 4 },
      { question: 'What did Pepper do?', answer: 'knocked over coffee', evidence: ['D1:1; D2:1'], category: 1 },
      { question: 'What is unknown?', evidence: [], category: 5 },
    ],
  },
];

describe('LoCoMo turn evaluation', () => {
  it('parses session dates as UTC instants', () => {
    expect(parseLocomoDate('1:56 pm on 8 May, 2023')).toBe('2023-05-08T13:56:00.000Z');
    expect(parseLocomoDate('12:09 am on 13 September, 2023')).toBe('2023-09-13T00:09:00.000Z');
    expect(() => parseLocomoDate('yesterday')).toThrow(LocomoFormatError);
  });

  it('replays turns as the visitor\'s private memories in the paper\'s text format', () => {
    const [conversation] = parseLocomo(JSON.stringify(tiny));
    const store = replayLocomoConversation(conversation!, 'v1');
    const item = store.get('conv-x:D2:2');
    expect(item?.text).toBe('(10:00 am on 2 June, 2023) Bob said, "My violin teacher moved to Lisbon." and shared a photo of a tram.');
    expect(item).toMatchObject({ visitor: 'v1', kind: 'turn', source: ['D2:2'], role: 'character', createdAt: '2023-06-02T10:00:01.000Z' });
    expect(rankLocomoTurns(store, 'violin teacher Lisbon', 'someone-else', 5)).toEqual([]);
    expect(rankLocomoTurns(store, 'violin teacher Lisbon', 'v1', 1)).toEqual(['D2:2']);
  });

  it('averages the share of evidence turns in the top k, by category, skipping questions without evidence', () => {
    const report = evaluateLocomoTurns(parseLocomo(JSON.stringify(tiny)));
    expect(report.questions).toBe(3);
    expect(report.byCategory['4']).toMatchObject({ questions: 2, 'R@5': 1 });
    expect(report.byCategory['1']!['R@50']).toBe(1);
    expect(report.byCategory['5']).toBeUndefined();
    expect(evaluateLocomoTurns(parseLocomo(JSON.stringify(tiny)), { ids: ['other'] }).questions).toBe(0);
  });

  it('recalls most evidence turns of a real conversation slice', () => {
    const conversations = parseLocomo(readFileSync(new URL('../fixtures/eval/locomo/conv-26-slice.json', import.meta.url), 'utf8'));
    const report = evaluateLocomoTurns(conversations);
    expect(report.questions).toBe(25);
    expect(report['R@10']).toBeGreaterThan(0.6);
    expect(report['R@5']).toBeLessThanOrEqual(report['R@10']);
  });

  it('rejects a file that is not a list of conversations', () => {
    expect(() => parseLocomo('{"qa": []}')).toThrow(LocomoFormatError);
    expect(() => parseLocomo('[{')).toThrow(/not JSON/);
  });
});
