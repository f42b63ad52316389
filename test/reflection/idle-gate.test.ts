import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActivityTracker } from '../../src/reflection/activity-tracker.ts';
import { DEFAULT_IDLE_AFTER_MS, shouldReflect } from '../../src/reflection/idle-gate.ts';

describe('shouldReflect', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2025-01-01T12:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('is idle before any message arrived', () => {
    expect(shouldReflect({ openStreams: 0, lastMessageAt: null }, Date.now(), { idleAfterMs: DEFAULT_IDLE_AFTER_MS }).isIdle).toBe(true);
  });

  it('waits until IDLE_AFTER_MS has passed since the last message', () => {
    const tracker = createActivityTracker();
    tracker.noteMessage();
    const gate = () => shouldReflect(tracker.snapshot(), Date.now(), { idleAfterMs: 120_000 });
    expect(gate().isIdle).toBe(false);
    vi.advanceTimersByTime(119_999);
    expect(gate()).toEqual({ isIdle: false, reason: 'last message 119999 ms ago; idle in 1 ms' });
    vi.advanceTimersByTime(1);
    expect(gate().isIdle).toBe(true);
  });

  it('never works while a chat stream is open, however long it lasts', () => {
    const tracker = createActivityTracker();
    const end = tracker.beginStream();
    vi.advanceTimersByTime(10 * 60_000);
    expect(shouldReflect(tracker.snapshot(), Date.now(), { idleAfterMs: 120_000 })).toEqual({ isIdle: false, reason: '1 chat stream is open' });
    end();
    end();
    expect(tracker.snapshot().openStreams).toBe(0);
    expect(shouldReflect(tracker.snapshot(), Date.now(), { idleAfterMs: 120_000 }).isIdle).toBe(false);
    vi.advanceTimersByTime(120_000);
    expect(shouldReflect(tracker.snapshot(), Date.now(), { idleAfterMs: 120_000 }).isIdle).toBe(true);
  });
});
