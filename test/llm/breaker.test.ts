import { describe, expect, it } from 'vitest';
import { breakerPhase, canAttempt, initialBreakerState, recordFailure, recordSuccess, releaseAttempt, startAttempt, type BreakerOptions } from '../../src/llm/breaker.ts';

const options: BreakerOptions = { failureThreshold: 3, cooldownMs: 30_000, nonRetryableCooldownMs: 600_000 };
const retryable = (nowMs: number) => ({ nowMs, isRetryable: true, message: '529 overloaded' });

describe('breaker', () => {
  it('stays closed below the threshold and opens on the third consecutive failure', () => {
    let state = initialBreakerState();
    state = recordFailure(state, retryable(0), options);
    state = recordFailure(state, retryable(1), options);
    expect(breakerPhase(state, 2)).toBe('closed');
    state = recordFailure(state, retryable(2), options);
    expect(breakerPhase(state, 3)).toBe('open');
    expect(canAttempt(state, 3)).toBe(false);
    expect(state.lastError).toBe('529 overloaded');
  });

  it('a success in between resets the count', () => {
    let state = recordFailure(recordFailure(initialBreakerState(), retryable(0), options), retryable(1), options);
    state = recordSuccess(state);
    state = recordFailure(state, retryable(2), options);
    expect(state.consecutiveFailures).toBe(1);
    expect(breakerPhase(state, 3)).toBe('closed');
  });

  it('goes half-open after the cooldown and lets exactly one trial through', () => {
    let state = initialBreakerState();
    for (let index = 0; index < 3; index += 1) state = recordFailure(state, retryable(1_000), options);
    expect(breakerPhase(state, 30_999)).toBe('open');
    expect(breakerPhase(state, 31_000)).toBe('half-open');
    state = startAttempt(state, 31_000);
    expect(canAttempt(state, 31_001)).toBe(false);
    expect(breakerPhase(recordSuccess(state), 31_002)).toBe('closed');
  });

  it('a failed trial reopens for a full cooldown', () => {
    let state = initialBreakerState();
    for (let index = 0; index < 3; index += 1) state = recordFailure(state, retryable(0), options);
    state = recordFailure(startAttempt(state, 30_000), retryable(30_000), options);
    expect(breakerPhase(state, 59_999)).toBe('open');
    expect(breakerPhase(state, 60_000)).toBe('half-open');
  });

  it('a released trial (caller aborted) frees the slot without counting', () => {
    let state = initialBreakerState();
    for (let index = 0; index < 3; index += 1) state = recordFailure(state, retryable(0), options);
    state = releaseAttempt(startAttempt(state, 30_000));
    expect(canAttempt(state, 30_001)).toBe(true);
    expect(state.consecutiveFailures).toBe(3);
  });

  it('a non-retryable failure opens at once for the long cooldown', () => {
    const state = recordFailure(initialBreakerState(), { nowMs: 0, isRetryable: false, message: '401' }, options);
    expect(breakerPhase(state, 599_999)).toBe('open');
    expect(breakerPhase(state, 600_000)).toBe('half-open');
  });
});
