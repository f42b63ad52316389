import { describe, expect, it } from 'vitest';
import { byTimeThenId, localeOrder } from '../../src/dreaming/item-order.ts';
import type { MemoryItem } from '../../src/memory/types.ts';

// A small deterministic generator, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ALPHABET = '0123456789abcdefxyzABCXYZ-_:.+ TZé\u0000~';

describe('localeOrder', () => {
  it('orders strings as localeCompare does, whatever they hold', () => {
    const next = random(15);
    const pick = (length: number) => Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
    for (let round = 0; round < 20_000; round += 1) {
      const prefix = pick(Math.floor(next() * 4));
      const left = prefix + pick(Math.floor(next() * 5));
      const right = prefix + pick(Math.floor(next() * 5));
      expect(Math.sign(localeOrder(left, right)), `${JSON.stringify(left)} vs ${JSON.stringify(right)}`).toBe(Math.sign(left.localeCompare(right)));
    }
  });

  it('sorts items exactly as createdAt then id localeCompare does', () => {
    const next = random(7);
    const items = Array.from({ length: 3_000 }, (_, index) => ({
      id: [`fact:${Math.floor(next() * 1e6).toString(16)}:0`, `r-${index}`, `Dream:${index}`, `dream:${index % 40}`][index % 4]!,
      createdAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 50) * 60_000).toISOString().replace(index % 5 === 0 ? '.000Z' : '@', index % 10 === 0 ? 'Z' : '+00:00'),
    })) as MemoryItem[];
    const expected = [...items].sort((left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id));
    expect([...items].sort(byTimeThenId)).toEqual(expected);
  });
});
