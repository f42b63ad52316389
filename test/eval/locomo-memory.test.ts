import { describe, expect, it } from 'vitest';
import { countTokens, recallWithinBudget } from '../../src/eval/locomo-memory.ts';

describe('recall at an equal budget of context tokens', () => {
  it('estimates tokens as words times 1.3', () => {
    expect(countTokens('one two three four five six seven eight nine ten')).toBe(13);
    expect(countTokens('')).toBe(0);
  });

  it('does not let a long summary citing every turn win by size', () => {
    const gold = new Set(['D1:1', 'D1:2', 'D1:3']);
    const summary = { tokens: 400, covers: ['D1:1', 'D1:2', 'D1:3', 'D1:4'] };
    const turn = (id: string) => ({ tokens: 20, covers: [id] });
    // The budget of two raw turns: the summary ranks first but does not fit, so two short items are taken.
    expect(recallWithinBudget([summary, turn('D1:1'), turn('D1:9'), turn('D1:2')], gold, 40)).toBeCloseTo(1 / 3);
    expect(recallWithinBudget([summary], gold, 40)).toBe(0);
    expect(recallWithinBudget([summary], gold, 400)).toBe(1);
  });

  it('credits a short item for every gold turn it covers', () => {
    const gold = new Set(['D2:1', 'D2:5']);
    expect(recallWithinBudget([{ tokens: 30, covers: ['D2:1', 'D2:5'] }], gold, 40)).toBe(1);
    expect(recallWithinBudget([{ tokens: 30, covers: ['D2:1'] }], new Set<string>(), 40)).toBe(0);
  });
});
