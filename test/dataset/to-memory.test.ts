import { describe, expect, it } from 'vitest';
import { reflectionsByCharacter, reflectionToMemoryItem } from '../../src/dataset/to-memory.ts';
import { sampleReflection } from './sample-records.ts';

describe('restored reflections as memory items', () => {
  it('turns an accepted reflection into a reflection item resting on its evidence', () => {
    expect(reflectionToMemoryItem(sampleReflection(2))).toEqual({
      id: 'r-000002', character: 'victor', kind: 'reflection', text: sampleReflection(2).text,
      createdAt: sampleReflection(2).createdAt, source: ['p-2', 'p-3'], importance: 3, chapter: 3,
    });
    expect(reflectionToMemoryItem(sampleReflection(1))?.source).toEqual(['c-1']);
  });

  it('leaves quarantined drafts out and groups the rest by character', () => {
    const groups = reflectionsByCharacter(Array.from({ length: 12 }, (_, index) => sampleReflection(index)));
    expect(reflectionToMemoryItem(sampleReflection(11))).toBeUndefined();
    expect([...groups.keys()].sort()).toEqual(['alice', 'victor']);
    expect((groups.get('alice')?.length ?? 0) + (groups.get('victor')?.length ?? 0)).toBe(10);
  });
});
