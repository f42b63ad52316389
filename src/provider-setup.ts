import path from 'node:path';
import type { Config } from './config.ts';
import { createAnthropicProviders } from './llm/anthropic.ts';
import { createCascade, type Cascade, type ProviderStatus } from './llm/cascade.ts';
import { createLlamaCppProvider } from './llm/llamacpp.ts';
import { createOfflineProvider, type OfflineVoice } from './llm/offline.ts';
import { createOpenAICompatibleProvider } from './llm/openai-compatible.ts';
import type { Provider } from './llm/provider.ts';
import type { UnavailableProvider } from './llm/select-providers.ts';
import { selectProviders } from './llm/select-providers.ts';
import { createUsageLedger, type UsageLedger } from './llm/usage-ledger.ts';

/** The cascade, its usage ledger, and what the status page shows of them. */
export interface ProviderSetup {
  cascade: Cascade;
  /**
   * The model providers without the offline voice, for background work: when none answers, the
   * reflection writer uses its own offline diary rather than a chat reply. Null without models.
   */
  background: Provider | null;
  ledger: UsageLedger;
  status(): ProviderStatus[];
  close(): Promise<void>;
}

/** Builds every provider that has its configuration; the rest say why they are left out. */
async function availableProviders(config: Config, voice: OfflineVoice): Promise<Record<string, Provider | UnavailableProvider>> {
  const timeouts = { firstTokenTimeoutMs: config.LLM_FIRST_TOKEN_TIMEOUT_MS, stallTimeoutMs: config.LLM_STALL_TIMEOUT_MS };
  const available: Record<string, Provider | UnavailableProvider> = {
    offline: createOfflineProvider({ voice, wordDelayMs: config.OFFLINE_WORD_DELAY_MS }),
  };
  if (config.ANTHROPIC_API_KEY) {
    const [primary, fallback] = createAnthropicProviders({
      apiKey: config.ANTHROPIC_API_KEY,
      ...(config.ANTHROPIC_BASE_URL ? { baseUrl: config.ANTHROPIC_BASE_URL } : {}),
      ...(config.ANTHROPIC_MODEL ? { model: config.ANTHROPIC_MODEL } : {}),
      ...(config.ANTHROPIC_FALLBACK_MODEL ? { fallbackModel: config.ANTHROPIC_FALLBACK_MODEL } : {}),
      ...timeouts,
    });
    available.anthropic = primary;
    available['anthropic-fallback'] = fallback;
  } else {
    available.anthropic = { unavailable: 'ANTHROPIC_API_KEY is not set' };
  }
  available.openai =
    config.OPENAI_BASE_URL && config.OPENAI_MODEL
      ? createOpenAICompatibleProvider({
          baseUrl: config.OPENAI_BASE_URL,
          model: config.OPENAI_MODEL,
          ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
          ...timeouts,
          firstTokenTimeoutMs: Math.max(config.LLM_FIRST_TOKEN_TIMEOUT_MS, 30_000),
        })
      : { unavailable: 'OPENAI_BASE_URL and OPENAI_MODEL are not set' };
  available.llamacpp = config.LLAMA_MODEL_PATH
    ? await createLlamaCppProvider({ modelPath: config.LLAMA_MODEL_PATH })
    : { unavailable: 'LLAMA_MODEL_PATH is not set' };
  return available;
}

/** Builds the providers named in LLM_CASCADE into one cascade, with usage kept in DATA_DIR; `voice` is the offline voice's thinking. */
export async function createProviderSetup(config: Config, options: { log: (line: string) => void; voice: OfflineVoice; override?: Provider }): Promise<ProviderSetup> {
  const ledger = createUsageLedger({ path: path.join(config.DATA_DIR, 'usage.jsonl'), log: options.log });
  const providers = options.override ? [options.override] : selectProviders(config.cascadeOrder, await availableProviders(config, options.voice), options.log);
  if (!options.override) options.log(`llm: cascade ${providers.map((provider) => `${provider.name} (${provider.model})`).join(' → ')}`);
  const cascade = createCascade({
    providers,
    ledger,
    backgroundTokenBudgetPerDay: config.BACKGROUND_TOKEN_BUDGET_PER_DAY,
    log: options.log,
  });
  const models = providers.filter((provider) => provider.name !== 'offline');
  const background =
    models.length > 0 ? asProvider(createCascade({ providers: models, ledger, backgroundTokenBudgetPerDay: config.BACKGROUND_TOKEN_BUDGET_PER_DAY, log: options.log })) : null;
  return {
    cascade,
    background,
    ledger,
    status: () => cascade.status(),
    close: async () => {
      await ledger.flush().catch(() => {});
    },
  };
}

/** A cascade seen as one provider; the finish chunk still names the provider that answered. */
function asProvider(cascade: Cascade): Provider {
  return { name: 'cascade', model: 'cascade', isPaid: false, stream: (request) => cascade.stream(request) };
}
