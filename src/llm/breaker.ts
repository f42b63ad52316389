/** What a breaker says about its provider right now. */
export type BreakerPhase = 'closed' | 'open' | 'half-open';

/** Thresholds for one provider's breaker. */
export interface BreakerOptions {
  /** Consecutive retryable failures that open the breaker; default 3. */
  failureThreshold: number;
  /** How long an open breaker skips its provider after retryable failures; default 30 s. */
  cooldownMs: number;
  /** How long it skips after a failure retrying cannot fix (auth, bad request); default 10 min. */
  nonRetryableCooldownMs: number;
}

/** Default breaker thresholds. */
export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  failureThreshold: 3,
  cooldownMs: 30_000,
  nonRetryableCooldownMs: 600_000,
};

/** The remembered state of one breaker; replaced, never mutated, by the functions below. */
export interface BreakerState {
  consecutiveFailures: number;
  /** When the breaker last opened (ms since epoch), or null while closed. */
  openedAtMs: number | null;
  /** How long the current opening lasts. */
  openForMs: number;
  /** Whether the one half-open trial request is under way. */
  isTrialInFlight: boolean;
  lastError: string | null;
}

/** A closed breaker with no history. */
export function initialBreakerState(): BreakerState {
  return { consecutiveFailures: 0, openedAtMs: null, openForMs: 0, isTrialInFlight: false, lastError: null };
}

/** Closed, open (cooling down) or half-open (cooldown over, one trial allowed). */
export function breakerPhase(state: BreakerState, nowMs: number): BreakerPhase {
  if (state.openedAtMs === null) return 'closed';
  return nowMs < state.openedAtMs + state.openForMs ? 'open' : 'half-open';
}

/** Whether a request may go to the provider now: closed, or half-open with no trial running. */
export function canAttempt(state: BreakerState, nowMs: number): boolean {
  const phase = breakerPhase(state, nowMs);
  return phase === 'closed' || (phase === 'half-open' && !state.isTrialInFlight);
}

/** Notes that a request starts; in half-open it becomes the one trial. */
export function startAttempt(state: BreakerState, nowMs: number): BreakerState {
  return breakerPhase(state, nowMs) === 'half-open' ? { ...state, isTrialInFlight: true } : state;
}

/** A reply finished: the breaker closes and forgets its failures. */
export function recordSuccess(state: BreakerState): BreakerState {
  return { ...initialBreakerState(), lastError: state.lastError };
}

/** An attempt ended without a verdict (the caller aborted): frees the trial slot, counts nothing. */
export function releaseAttempt(state: BreakerState): BreakerState {
  return state.isTrialInFlight ? { ...state, isTrialInFlight: false } : state;
}

/** What went wrong, for {@link recordFailure}. */
export interface BreakerFailure {
  nowMs: number;
  isRetryable: boolean;
  message: string;
}

/**
 * A failure: a failed half-open trial or a non-retryable error opens the breaker at once;
 * otherwise it opens on the `failureThreshold`th consecutive failure.
 */
export function recordFailure(state: BreakerState, failure: BreakerFailure, options: BreakerOptions): BreakerState {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const base = { ...state, consecutiveFailures, isTrialInFlight: false, lastError: failure.message };
  if (!failure.isRetryable) return { ...base, openedAtMs: failure.nowMs, openForMs: options.nonRetryableCooldownMs };
  const wasTrial = state.openedAtMs !== null;
  if (wasTrial || consecutiveFailures >= options.failureThreshold) {
    return { ...base, openedAtMs: failure.nowMs, openForMs: options.cooldownMs };
  }
  return base;
}
