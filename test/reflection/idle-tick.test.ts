import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActivityTracker } from '../../src/reflection/activity-tracker.ts';
import { createIdleTick } from '../../src/reflection/idle-tick.ts';

const quiet = { info: () => {}, error: () => {} };

describe('createIdleTick', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2025-01-01T12:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('reflects only once the house has been quiet for idleAfterMs', async () => {
    const tracker = createActivityTracker();
    let calls = 0;
    const tick = createIdleTick({ tracker, idleAfterMs: 120_000, logger: quiet, reflect: async () => { calls += 1; return { status: 'reflected', reason: 'done' }; } });
    tracker.noteMessage();
    expect((await tick()).reason).toMatch(/^not idle: last message 0 ms ago/);
    vi.advanceTimersByTime(120_000);
    expect(await tick()).toEqual({ status: 'reflected', reason: 'done' });
    expect(calls).toBe(1);
  });

  it('skips while a chat stream is open', async () => {
    const tracker = createActivityTracker();
    const end = tracker.beginStream();
    const tick = createIdleTick({ tracker, idleAfterMs: 0, logger: quiet, reflect: async () => ({ status: 'reflected', reason: 'done' }) });
    expect(await tick()).toEqual({ status: 'skipped', reason: 'not idle: 1 chat stream is open' });
    end();
  });
});
