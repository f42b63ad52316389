import type { ProviderErrorKind } from './provider.ts';
import type { WatchdogExpiry } from './watchdog.ts';

/** Maps an HTTP status to how the cascade should treat it; shared by the HTTP providers. */
export function kindFromStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 402 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 409) return 'server';
  if (status === 429) return 'rate-limit';
  if (status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad-request';
  return 'unknown';
}

/** The message of a ProviderError raised by our own deadlines. */
export function timeoutMessage(provider: string, expiry: WatchdogExpiry): string {
  return expiry === 'first-token' ? `${provider}: no first token in time` : `${provider}: stream stalled between chunks`;
}
