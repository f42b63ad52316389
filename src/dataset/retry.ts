import { HubApiError } from '@huggingface/hub';

/** Whether an error from the Hub is worth another try: network failures, 408, 409, 429, 5xx. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HubApiError) {
    return error.statusCode === 408 || error.statusCode === 409 || error.statusCode === 429 || error.statusCode >= 500;
  }
  // fetch rejects with a TypeError (cause: socket hang-up, refused, reset) when the network fails.
  if (error instanceof TypeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_)/.test(code);
}

/** Whether the Hub refused a commit because its parent is no longer the head. */
export function isStaleParent(error: unknown): boolean {
  return error instanceof HubApiError && error.statusCode === 412;
}

/** Exponential backoff with full jitter: a random delay in [base*2^attempt/2, base*2^attempt], capped. */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A short description of an error for logs and status. */
export function describeError(error: unknown): string {
  if (error instanceof HubApiError) return `HTTP ${error.statusCode}: ${error.message.split('. URL:')[0]}`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
