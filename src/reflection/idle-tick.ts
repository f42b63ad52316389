import type { ActivityTracker } from './activity-tracker.ts';
import { shouldReflect } from './idle-gate.ts';
import type { ReflectOnceResult } from './reflect-once.ts';
import type { ReflectionLogger } from './scheduler.ts';

/** Options for one idle tick: the gate, the tracker that preempts, and the work. */
export interface IdleTickOptions {
  tracker: ActivityTracker;
  idleAfterMs: number;
  /** The work, usually `(signal) => reflectOnce(deps, { signal })`. */
  reflect: (signal: AbortSignal) => Promise<ReflectOnceResult>;
  now?: () => number;
  logger?: ReflectionLogger;
}

/**
 * Creates the scheduler's tick: asks the idle gate, then runs the reflection as the tracker's
 * background job so a visitor arriving aborts it. Hand the result to `createReflectionScheduler`.
 */
export function createIdleTick(options: IdleTickOptions): () => Promise<ReflectOnceResult> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? console;
  return async () => {
    const snapshot = options.tracker.snapshot();
    if (snapshot.isBackgroundRunning) return { status: 'skipped', reason: 'a background job is already running' };
    const gate = shouldReflect(snapshot, now(), { idleAfterMs: options.idleAfterMs });
    if (!gate.isIdle) return { status: 'skipped', reason: `not idle: ${gate.reason}` };
    const result = await options.tracker.runBackground(options.reflect);
    logger.info(`reflection ${result.status}: ${result.reason}`);
    return result;
  };
}
