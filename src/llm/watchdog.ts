import { ProviderError } from './provider.ts';
import { timeoutMessage } from './http-error-kind.ts';

/** Which deadline expired: no first word in time, or silence between chunks. */
export type WatchdogExpiry = 'first-token' | 'stall';

/** Guards one upstream request with our own deadlines, because SDK timeouts stop at the headers. */
export interface Watchdog {
  /** Signal to hand to the SDK: aborts on the caller's signal, on expiry and on `dispose()`. */
  readonly signal: AbortSignal;
  /** Which deadline expired, or null. */
  readonly expiry: WatchdogExpiry | null;
  /** Starts (or restarts) a deadline `ms` from now. */
  arm(ms: number, expiry: WatchdogExpiry): void;
  /** Stops the running deadline, e.g. while the consumer holds a chunk. */
  disarm(): void;
  /** Waits for `promise`, rejecting at once when a deadline expires or the caller aborts. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Clears timers and aborts the upstream request if it is still open. */
  dispose(): void;
}

/** Options for {@link createWatchdog}. */
export interface WatchdogOptions {
  provider: string;
  /** The caller's signal (the visitor leaving, a background tick giving way). */
  signal?: AbortSignal;
}

/** Creates a watchdog whose signal is linked to the caller's. */
export function createWatchdog(options: WatchdogOptions): Watchdog {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let expiry: WatchdogExpiry | null = null;
  let rejectInterrupt: (error: Error) => void = () => {};
  const interrupted = new Promise<never>((_resolve, reject) => {
    rejectInterrupt = reject;
  });
  // A race may never be awaited again after an interrupt; keep Node from reporting it as unhandled.
  interrupted.catch(() => {});

  const onCallerAbort = (): void => {
    controller.abort(options.signal?.reason);
    rejectInterrupt(new ProviderError(`${options.provider}: request aborted by the caller`, { kind: 'aborted', provider: options.provider }));
  };
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  return {
    signal: controller.signal,
    get expiry() {
      return expiry;
    },
    arm(ms, nextExpiry) {
      disarm();
      timer = setTimeout(() => {
        expiry = nextExpiry;
        const message =
          nextExpiry === 'first-token'
            ? `${options.provider}: no first token within ${ms} ms`
            : `${options.provider}: stream stalled for ${ms} ms between chunks`;
        controller.abort(new Error(message));
        rejectInterrupt(new ProviderError(message, { kind: 'timeout', provider: options.provider }));
      }, ms);
      timer.unref?.();
    },
    disarm,
    race(promise) {
      // The losing promise may reject later (the SDK noticing the abort); that is expected.
      promise.catch(() => {});
      return Promise.race([promise, interrupted]);
    },
    dispose() {
      disarm();
      options.signal?.removeEventListener('abort', onCallerAbort);
      if (!controller.signal.aborted) controller.abort(new Error('request finished'));
    },
  };
}

/**
 * Reads a provider's event stream under the watchdog: the first-token deadline runs until the
 * first event `isText` accepts, then the stall deadline runs between events. No deadline runs
 * while the consumer holds a text event: its pace is not the model's stall. Closes the upstream
 * iterator however the loop ends.
 */
export async function* watchEvents<T>(events: AsyncIterable<T>, watchdog: Watchdog, options: { stallTimeoutMs: number; isText(event: T): boolean }): AsyncGenerator<T> {
  const iterator = events[Symbol.asyncIterator]();
  let hasText = false;
  try {
    for (;;) {
      const result = await watchdog.race(iterator.next());
      if (result.done) return;
      if (options.isText(result.value)) {
        hasText = true;
        watchdog.disarm();
      }
      yield result.value;
      if (hasText) watchdog.arm(options.stallTimeoutMs, 'stall');
    }
  } finally {
    void iterator.return?.()?.catch(() => {});
  }
}

/** SDKs end their iterators quietly on abort, so a clean end may still be a timeout or the caller leaving. */
export function throwIfInterrupted(watchdog: Watchdog, provider: string, signal: AbortSignal | undefined): void {
  if (watchdog.expiry !== null) throw new ProviderError(timeoutMessage(provider, watchdog.expiry), { kind: 'timeout', provider });
  if (signal?.aborted) throw new ProviderError(`${provider}: request aborted by the caller`, { kind: 'aborted', provider });
}
