/** Counts open reply streams per visitor; see the `streams` option of createCharacterRoutes. */
export interface StreamLimiter {
  /** Opens a stream for `visitor`, or returns undefined when they already have the maximum open. The result releases it (idempotent). */
  tryOpen(visitor: string): (() => void) | undefined;
  /** Streams open now, in all. */
  openCount(): number;
}

/** Options of `createStreamLimiter`. */
export interface StreamLimiterOptions {
  /** MAX_STREAMS_PER_VISITOR. */
  maxPerVisitor: number;
}

/** Creates a per-visitor limit on concurrently open reply streams. */
export function createStreamLimiter(options: StreamLimiterOptions): StreamLimiter {
  const open = new Map<string, number>();
  let total = 0;
  return {
    tryOpen(visitor) {
      const count = open.get(visitor) ?? 0;
      if (count >= options.maxPerVisitor) return undefined;
      open.set(visitor, count + 1);
      total += 1;
      let isReleased = false;
      return () => {
        if (isReleased) return;
        isReleased = true;
        total -= 1;
        const remaining = (open.get(visitor) ?? 1) - 1;
        // Forget visitors with nothing open, so the map does not grow with every visitor ever seen.
        if (remaining <= 0) open.delete(visitor);
        else open.set(visitor, remaining);
      };
    },
    openCount: () => total,
  };
}
