import type { ActivityState } from './idle-gate.ts';

/** Raised inside a background job when a visitor preempted it. */
export class PreemptedError extends Error {
  constructor(message = 'background job preempted by a visitor', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreemptedError';
  }
}

/** Raised by runBackground when another background job holds the slot. */
export class BackgroundBusyError extends Error {
  constructor(message = 'a background job is already running') {
    super(message);
    this.name = 'BackgroundBusyError';
  }
}

/** What the tracker reports for the idle gate and the status endpoint. */
export interface ActivitySnapshot extends ActivityState {
  isBackgroundRunning: boolean;
  /** How many background jobs were aborted because a visitor arrived. */
  preemptions: number;
}

/** Tracks visitor activity and the one background job in flight, which a visitor preempts. */
export interface ActivityTracker {
  /** Marks a chat stream as open and aborts any background job at once; call the result when it closes (quiet time restarts then). */
  beginStream(): () => void;
  /** Records that a visitor message arrived now. */
  noteMessage(): void;
  /**
   * Runs a background job with an AbortSignal that fires when a chat stream begins.
   * Only one runs at a time: a second call while one is in flight rejects.
   */
  runBackground<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T>;
  snapshot(): ActivitySnapshot;
}

/** Options for the tracker; `now` is injectable for tests. */
export interface ActivityTrackerOptions {
  now?: () => number;
}

/** Creates an activity tracker. */
export function createActivityTracker(options: ActivityTrackerOptions = {}): ActivityTracker {
  const now = options.now ?? Date.now;
  let openStreams = 0;
  let lastMessageAt: number | null = null;
  let preemptions = 0;
  let background: AbortController | null = null;

  function preempt(): void {
    if (background && !background.signal.aborted) {
      preemptions += 1;
      background.abort(new PreemptedError());
    }
  }

  return {
    beginStream() {
      openStreams += 1;
      lastMessageAt = now();
      preempt();
      let hasEnded = false;
      return () => {
        // end() may be called from both 'close' and 'finish' handlers: count it once.
        if (hasEnded) return;
        hasEnded = true;
        openStreams -= 1;
        // A reply just finished: the visitor is likely reading and typing, so the quiet time starts now.
        lastMessageAt = now();
      };
    },
    noteMessage() {
      lastMessageAt = now();
    },
    async runBackground<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
      if (background) throw new BackgroundBusyError();
      const controller = new AbortController();
      background = controller;
      // A stream that opened just before the job started still wins.
      if (openStreams > 0) preempt();
      try {
        return await job(controller.signal);
      } finally {
        background = null;
      }
    },
    snapshot() {
      return { openStreams, lastMessageAt, isBackgroundRunning: background !== null, preemptions };
    },
  };
}
