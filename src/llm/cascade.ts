import {
  breakerPhase,
  canAttempt,
  DEFAULT_BREAKER_OPTIONS,
  initialBreakerState,
  recordFailure,
  recordSuccess,
  releaseAttempt,
  startAttempt,
  type BreakerOptions,
  type BreakerPhase,
  type BreakerState,
} from './breaker.ts';
import { emptyUsage, ProviderError, type ChatChunk, type ChatRequest, type Provider, type Purpose } from './provider.ts';
import { createUsageLedger, type UsageLedger } from './usage-ledger.ts';

/** Purposes that spend the background budget on paid providers. */
export const BACKGROUND_PURPOSES: Purpose[] = ['reflection', 'dream'];

/** One provider's health, for the studio and logs. */
export interface ProviderStatus {
  name: string;
  model: string;
  state: BreakerPhase;
  lastError: string | null;
  consecutiveFailures: number;
}

/** Providers tried in order; the first that speaks wins. */
export interface Cascade {
  /**
   * Streams a reply. Falls through to the next provider only before the first text-delta; a
   * failure after that ends with a finish chunk marked `isPartial`. Throws {@link CascadeError}
   * when no provider could answer, and a ProviderError of kind `aborted` when `request.signal` aborts.
   */
  stream(request: ChatRequest): AsyncIterable<ChatChunk>;
  status(): ProviderStatus[];
}

/** Options for {@link createCascade}. */
export interface CascadeOptions {
  providers: Provider[];
  breaker?: Partial<BreakerOptions>;
  /** Where usage goes; an in-memory ledger when absent. */
  ledger?: UsageLedger;
  /** Tokens a day that reflection and dreaming may spend on paid providers; unlimited when absent. */
  backgroundTokenBudgetPerDay?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

/** Why one provider was passed over, for {@link CascadeError}. */
export interface CascadeAttempt {
  provider: string;
  outcome: 'failed' | 'breaker-open' | 'over-budget';
  error?: ProviderError;
}

/** No provider could answer. */
export class CascadeError extends Error {
  readonly attempts: CascadeAttempt[];

  constructor(attempts: CascadeAttempt[]) {
    const summary = attempts.map((attempt) => `${attempt.provider}: ${attempt.error?.message ?? attempt.outcome}`).join('; ');
    super(`no provider could answer (${summary || 'no providers configured'})`, { cause: attempts.at(-1)?.error });
    this.name = 'CascadeError';
    this.attempts = attempts;
  }
}

/** Creates the cascade over `providers`, in the order given. */
export function createCascade(options: CascadeOptions): Cascade {
  const breakerOptions: BreakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options.breaker };
  const ledger = options.ledger ?? createUsageLedger(options.now ? { now: options.now } : {});
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const breakers = new Map<string, BreakerState>(options.providers.map((provider) => [provider.name, initialBreakerState()]));
  const names = new Set<string>();
  for (const provider of options.providers) {
    if (names.has(provider.name)) throw new Error(`cascade: provider name "${provider.name}" appears twice`);
    names.add(provider.name);
  }

  const breakerOf = (provider: Provider): BreakerState => breakers.get(provider.name) ?? initialBreakerState();

  function isOverBudget(request: ChatRequest, provider: Provider): boolean {
    if (!provider.isPaid || !BACKGROUND_PURPOSES.includes(request.purpose)) return false;
    if (options.backgroundTokenBudgetPerDay === undefined) return false;
    const spent = ledger.tokensSpent({ day: ledger.today(), purposes: BACKGROUND_PURPOSES, isPaid: true });
    return spent >= options.backgroundTokenBudgetPerDay;
  }

  async function* stream(request: ChatRequest): AsyncIterable<ChatChunk> {
    const attempts: CascadeAttempt[] = [];
    for (const provider of options.providers) {
      throwIfAborted(request.signal);
      const nowMs = now().getTime();
      if (!canAttempt(breakerOf(provider), nowMs)) {
        attempts.push({ provider: provider.name, outcome: 'breaker-open' });
        continue;
      }
      if (isOverBudget(request, provider)) {
        attempts.push({ provider: provider.name, outcome: 'over-budget' });
        continue;
      }
      breakers.set(provider.name, startAttempt(breakerOf(provider), nowMs));
      let hasStreamed = false;
      let isSettled = false;
      try {
        for await (const chunk of provider.stream(request)) {
          if (chunk.type === 'text-delta') {
            hasStreamed = true;
            yield chunk;
            continue;
          }
          isSettled = true;
          breakers.set(provider.name, recordSuccess(breakerOf(provider)));
          ledger.record({ provider: provider.name, model: chunk.model, purpose: request.purpose, isPaid: provider.isPaid, usage: chunk.usage });
          yield chunk;
          return;
        }
        throw new ProviderError(`${provider.name}: stream ended without a finish`, { kind: 'server', provider: provider.name });
      } catch (caught) {
        const error =
          caught instanceof ProviderError
            ? caught
            : new ProviderError(`${provider.name}: ${caught instanceof Error ? caught.message : String(caught)}`, {
                kind: 'unknown',
                provider: provider.name,
                cause: caught,
              });
        isSettled = true;
        if (request.signal?.aborted) {
          breakers.set(provider.name, releaseAttempt(breakerOf(provider)));
          throw error.kind === 'aborted'
            ? error
            : new ProviderError(`${provider.name}: request aborted by the caller`, { kind: 'aborted', provider: provider.name, cause: error });
        }
        // 'aborted' without the caller aborting is the provider's own doing: retry elsewhere.
        const isRetryable = error.isRetryable || error.kind === 'aborted';
        breakers.set(provider.name, recordFailure(breakerOf(provider), { nowMs: now().getTime(), isRetryable, message: error.message }, breakerOptions));
        const phase = breakerPhase(breakerOf(provider), now().getTime());
        if (hasStreamed) {
          log(`llm: ${provider.name} failed mid-reply (${error.kind}): ${error.message}; reply ended as partial`);
          ledger.record({ provider: provider.name, model: provider.model, purpose: request.purpose, isPaid: provider.isPaid, usage: emptyUsage(), isPartial: true });
          yield { type: 'finish', provider: provider.name, model: provider.model, usage: emptyUsage(), isPartial: true, error: error.message };
          return;
        }
        log(`llm: ${provider.name} failed (${error.kind}): ${error.message}; breaker ${phase}; trying the next provider`);
        attempts.push({ provider: provider.name, outcome: 'failed', error });
      } finally {
        // The consumer stopped reading (returned early): no verdict, free a half-open trial.
        if (!isSettled) breakers.set(provider.name, releaseAttempt(breakerOf(provider)));
      }
    }
    throw new CascadeError(attempts);
  }

  return {
    stream,
    status() {
      const nowMs = now().getTime();
      return options.providers.map((provider) => {
        const state = breakerOf(provider);
        return {
          name: provider.name,
          model: provider.model,
          state: breakerPhase(state, nowMs),
          lastError: state.lastError,
          consecutiveFailures: state.consecutiveFailures,
        };
      });
    },
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProviderError('cascade: request aborted by the caller', { kind: 'aborted', provider: 'cascade' });
}
