import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';

/** Where background jobs report what went wrong; console satisfies it. */
export interface ReflectionLogger {
  info(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

/** Default schedule: every ten minutes. */
export const DEFAULT_REFLECTION_CRON = '*/10 * * * *';

/** Options for the reflection scheduler. */
export interface ReflectionSchedulerOptions {
  /** A node-cron expression (5 or 6 fields); defaults to every ten minutes. */
  cronExpression?: string;
  /** One tick of work; its errors are caught and logged, never thrown. */
  tick: () => Promise<unknown>;
  logger?: ReflectionLogger;
  timezone?: string;
}

/** Starts and stops the periodic tick; at most one tick runs at a time. */
export interface ReflectionScheduler {
  start(): void;
  stop(): void;
  /** Stops for good and lets node-cron forget the task, which its registry would keep (and all it reaches) until the process ends. */
  close(): void;
  /** When the next scheduled tick fires, or null when stopped. */
  nextRunAt(): Date | null;
  /** Runs one tick now through the same guard (for "reflect now" and tests); false when one is in flight. */
  runNow(): Promise<boolean>;
  isRunning(): boolean;
}

/** Raised for a cron expression node-cron does not accept. */
export class ScheduleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScheduleError';
  }
}

/**
 * Creates a scheduler over node-cron with `noOverlap` plus our own in-flight guard, because
 * node-cron's `execute()` ignores `noOverlap` and a manual run must not overlap a scheduled one.
 */
export function createReflectionScheduler(options: ReflectionSchedulerOptions): ReflectionScheduler {
  const expression = options.cronExpression ?? DEFAULT_REFLECTION_CRON;
  if (!cron.validate(expression)) {
    throw new ScheduleError(`invalid cron expression for reflection: "${expression}"`);
  }
  const logger = options.logger ?? console;
  let isInFlight = false;
  let isStarted = false;

  async function guardedTick(): Promise<boolean> {
    if (isInFlight) return false;
    isInFlight = true;
    try {
      await options.tick();
    } catch (error) {
      logger.error('reflection tick failed', error);
    } finally {
      isInFlight = false;
    }
    return true;
  }

  const task: ScheduledTask = cron.createTask(expression, async () => {
    await guardedTick();
  }, { name: 'reflection', noOverlap: true, ...(options.timezone ? { timezone: options.timezone } : {}) });

  return {
    start() {
      if (isStarted) return;
      isStarted = true;
      void Promise.resolve(task.start()).catch((error: unknown) => logger.error('reflection scheduler failed to start', error));
    },
    stop() {
      if (!isStarted) return;
      isStarted = false;
      void Promise.resolve(task.stop()).catch((error: unknown) => logger.error('reflection scheduler failed to stop', error));
    },
    close() {
      isStarted = false;
      void Promise.resolve(task.destroy()).catch((error: unknown) => logger.error('reflection scheduler failed to close', error));
    },
    nextRunAt() {
      return isStarted ? task.getNextRun() : null;
    },
    runNow: guardedTick,
    isRunning: () => isInFlight,
  };
}
