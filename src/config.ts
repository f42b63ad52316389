import path from 'node:path';
import { z } from 'zod';

const integer = (fallback: number, minimum = 0) =>
  z.coerce.number().int().min(minimum).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

/** Every environment variable Reverie reads, with its default. The README's table mirrors this. */
const environmentSchema = z.object({
  PORT: integer(3000, 0).refine((port) => port <= 65_535, 'must be a port number (0 to 65535)'),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  CHARACTERS_DIR: z.string().default('./characters'),
  CORPUS_DIR: z.string().default('./corpus'),
  MAX_MESSAGE_CHARS: integer(4000, 1),
  REVERIE_ADMIN_TOKEN: optionalText.refine((token) => token === undefined || token.length >= 16, 'must be at least 16 characters'),
  CORS_ORIGIN: optionalText,
  RATE_LIMIT_PER_MINUTE: integer(30, 1),
  RATE_LIMIT_PER_IP_PER_MINUTE: integer(120, 1),
  MAX_STREAMS_PER_VISITOR: integer(3, 1),
  OFFLINE_WORD_DELAY_MS: integer(25, 0),

  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  ANTHROPIC_MODEL: optionalText,
  ANTHROPIC_FALLBACK_MODEL: optionalText,
  OPENAI_BASE_URL: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: optionalText,
  LLAMA_MODEL_PATH: optionalText,
  LLM_CASCADE: z.string().default('anthropic,openai,llamacpp,offline'),
  LLM_FIRST_TOKEN_TIMEOUT_MS: integer(15_000, 1),
  LLM_STALL_TIMEOUT_MS: integer(20_000, 1),
  BACKGROUND_TOKEN_BUDGET_PER_DAY: integer(200_000, 0),

  REFLECT_CRON: z.string().default('*/10 * * * *'),
  IDLE_AFTER_MS: integer(120_000, 0),
  REFLECTION_ENABLED: flag(true),

  HF_TOKEN: optionalText,
  HF_DATASET_REPO: optionalText.refine((repo) => repo === undefined || /^[\w.-]+\/[\w.-]+$/.test(repo), 'must be namespace/name'),
  HF_ENDPOINT: z.string().url().default('https://huggingface.co'),
  HF_DATASET_PRIVATE: flag(true),
  HF_SYNC_EVERY: integer(20, 1),
  HF_SYNC_INTERVAL: integer(30, 1),
  HF_PUBLISH_CONVERSATIONS: flag(false),

  DREAM_CRON: z.string().default('30 3 * * *'),
  DREAM_MAX_SESSIONS: integer(100, 1),
  DREAM_MIN_NEW_ITEMS: integer(10, 0),
  DREAM_REVIEW: z.enum(['auto', 'manual']).default('auto'),
  /** false: chats read no strategies (the control arm of `reverie eval outcomes`); dreams still learn them. */
  STRATEGIES_ENABLED: flag(true),
  /** Share of offline replies that try the other side of a choice (answer first, warmth), so dreams can learn which is liked; 0 keeps the voice as it was. */
  VOICE_EXPLORE_RATE: z.coerce.number().min(0).max(1).default(0),
});

type Environment = z.infer<typeof environmentSchema>;

/** The validated configuration, with directories made absolute. */
export type Config = Environment & {
  /** Provider names in cascade order, e.g. ['anthropic', 'openai', 'llamacpp', 'offline']. */
  cascadeOrder: string[];
};

/** Every problem found in the environment, listed in one message. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const knownProviders = new Set(['anthropic', 'openai', 'llamacpp', 'offline']);

/**
 * Reads the configuration once, from `environment` (process.env by default) with `overrides`
 * on top (the CLI's flags and tests use these), and reports every wrong value in one error.
 */
export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
  overrides: Partial<Record<keyof Environment, string>> = {},
): Config {
  const source: Record<string, string | undefined> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = overrides[key as keyof Environment] ?? environment[key];
    if (value !== undefined && value !== '') source[key] = value;
  }
  const parsed = environmentSchema.safeParse(source);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(source[String(issue.path[0])])})`);
  const cascadeOrder = (source.LLM_CASCADE ?? 'anthropic,openai,llamacpp,offline')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of cascadeOrder) {
    if (!knownProviders.has(name)) problems.push(`LLM_CASCADE: unknown provider "${name}" (known: ${[...knownProviders].join(', ')})`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const data = parsed.data;
  // The offline voice is always last: a character always answers.
  if (!cascadeOrder.includes('offline')) cascadeOrder.push('offline');
  return {
    ...data,
    DATA_DIR: path.resolve(data.DATA_DIR),
    CHARACTERS_DIR: path.resolve(data.CHARACTERS_DIR),
    CORPUS_DIR: path.resolve(data.CORPUS_DIR),
    cascadeOrder,
  };
}
