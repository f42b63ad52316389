/** What the idle gate looks at: open chat streams and when the last visitor message arrived. */
export interface ActivityState {
  openStreams: number;
  /** Epoch milliseconds of the last visitor message, or null when none arrived yet. */
  lastMessageAt: number | null;
}

/** How long the house must be quiet before a background job may run. */
export interface IdleGateOptions {
  idleAfterMs: number;
}

/** The gate's answer, with a reason fit for logs and the status endpoint. */
export interface IdleDecision {
  isIdle: boolean;
  reason: string;
}

/** Default quiet time before reflecting: two minutes. */
export const DEFAULT_IDLE_AFTER_MS = 120_000;

/**
 * Decides whether a background tick may work: only when no chat stream is open and no message
 * arrived for `idleAfterMs`. Pure: the caller passes the clock.
 */
export function shouldReflect(state: ActivityState, now: number, options: IdleGateOptions): IdleDecision {
  if (state.openStreams > 0) {
    const plural = state.openStreams === 1 ? 'stream is' : 'streams are';
    return { isIdle: false, reason: `${state.openStreams} chat ${plural} open` };
  }
  if (state.lastMessageAt === null) {
    return { isIdle: true, reason: 'no message has arrived yet' };
  }
  const quietMs = now - state.lastMessageAt;
  if (quietMs < options.idleAfterMs) {
    const waitMs = options.idleAfterMs - quietMs;
    return { isIdle: false, reason: `last message ${quietMs} ms ago; idle in ${waitMs} ms` };
  }
  return { isIdle: true, reason: `quiet for ${quietMs} ms` };
}
