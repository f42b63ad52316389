import { describe, expect, it } from 'vitest';
import { createSourceMarks, type CheckpointSources } from '../../src/memory/source-marks.ts';

describe('source marks', () => {
  it('gives where the sources stand while no write is under way, and the mark from before a write while one is', () => {
    let now: CheckpointSources = { journal: { bytes: 10, crc32: 1 } };
    const marks = createSourceMarks(() => now);
    expect(marks.of('alice')).toEqual({ journal: { bytes: 10, crc32: 1 } });
    marks.begin('alice');
    now = { journal: { bytes: 20, crc32: 2 } };
    // Alice's turn is journaled but not yet in her store: her mark stays; the Cat's moves on.
    expect(marks.of('alice')).toEqual({ journal: { bytes: 10, crc32: 1 } });
    expect(marks.of('cheshire-cat')).toEqual({ journal: { bytes: 20, crc32: 2 } });
    marks.begin('alice');
    now = { journal: { bytes: 30, crc32: 3 } };
    marks.end('alice');
    expect(marks.of('alice')).toEqual({ journal: { bytes: 10, crc32: 1 } });
    marks.end('alice');
    expect(marks.of('alice')).toEqual({ journal: { bytes: 30, crc32: 3 } });
  });

  it('trusts no mark from before a write of every character (an erasure) until it ends', () => {
    let now: CheckpointSources = { journal: { bytes: 10, crc32: 1 } };
    const marks = createSourceMarks(() => now);
    marks.begin('alice');
    marks.begin();
    now = { journal: { bytes: 5, crc32: 9 } };
    expect(marks.of('cheshire-cat')).toEqual({});
    marks.end();
    // Alice's own write is still under way, and her mark was from before the rewrite: none.
    expect(marks.of('alice')).toEqual({});
    marks.end('alice');
    expect(marks.of('alice')).toEqual({ journal: { bytes: 5, crc32: 9 } });
    // Ends without begins are no writes.
    marks.end('alice');
    marks.end();
    expect(marks.of('alice')).toEqual({ journal: { bytes: 5, crc32: 9 } });
  });
});
