import type { Provider } from './provider.ts';

/** A provider that could not be built, and why (no key configured, module missing, no model file). */
export interface UnavailableProvider {
  unavailable: string;
}

/** Thrown when the cascade order names a provider nobody knows: a typo in LLM_CASCADE. */
export class UnknownProviderError extends Error {
  constructor(name: string, known: string[], options?: { cause?: unknown }) {
    super(`unknown provider "${name}" in the cascade order; known: ${known.join(', ')}`, options);
    this.name = 'UnknownProviderError';
  }
}

/**
 * Picks the providers named in `order` (LLM_CASCADE), in that order, leaving out those that are
 * unavailable with one log line each. A name `X` also brings `X-fallback` right after it when
 * that is available and not named itself (so `anthropic` means the primary and fallback models).
 */
export function selectProviders(
  order: string[],
  available: Record<string, Provider | UnavailableProvider>,
  log: (line: string) => void,
): Provider[] {
  const selected: Provider[] = [];
  const names = order.map((name) => name.trim()).filter((name) => name !== '');
  const expanded: string[] = [];
  for (const name of names) {
    if (!(name in available)) throw new UnknownProviderError(name, Object.keys(available));
    expanded.push(name);
    const fallback = `${name}-fallback`;
    if (fallback in available && !names.includes(fallback)) expanded.push(fallback);
  }
  for (const name of new Set(expanded)) {
    const candidate = available[name];
    if (candidate === undefined) continue;
    if ('unavailable' in candidate) log(`llm: ${name} left out of the cascade: ${candidate.unavailable}`);
    else selected.push(candidate);
  }
  return selected;
}
