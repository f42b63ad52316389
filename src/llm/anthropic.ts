import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';
import { emptyUsage, ProviderError, type ChatChunk, type ChatRequest, type Provider, type ProviderErrorKind, type Usage } from './provider.ts';
import { toAlternatingMessages, toAnthropicSystem } from './prompt-format.ts';
import { createWatchdog, throwIfInterrupted, watchEvents, type Watchdog } from './watchdog.ts';
import { kindFromStatus, timeoutMessage } from './http-error-kind.ts';

/** The newest Sonnet the installed SDK lists (not deprecated): the primary voice. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';
/** The newest Haiku the installed SDK lists: the cheaper fallback voice. */
export const DEFAULT_ANTHROPIC_FALLBACK_MODEL = 'claude-haiku-5-5';

/** Options for {@link createAnthropicProvider}. */
export interface AnthropicProviderOptions {
  apiKey: string;
  /** Defaults to {@link DEFAULT_ANTHROPIC_MODEL}. */
  model?: string;
  /** Name in the cascade, logs and the usage ledger; defaults to `anthropic`. */
  name?: string;
  /** For tests and proxies; defaults to the SDK's own. */
  baseUrl?: string;
  /** SDK timeout (connect until headers); defaults to 60 000 ms. */
  requestTimeoutMs?: number;
  /** Abort when no text arrives this long after sending; defaults to 15 000 ms. */
  firstTokenTimeoutMs?: number;
  /** Abort when the stream goes quiet this long between chunks; defaults to 20 000 ms. */
  stallTimeoutMs?: number;
  /** Defaults to true: Anthropic tokens cost money and spend the background budget. */
  isPaid?: boolean;
}

/**
 * One Anthropic model as a provider. The primary and fallback models are two providers
 * (`anthropic` and `anthropic-fallback`, see {@link createAnthropicProviders}) so each has its own
 * circuit breaker and its own line in the usage ledger.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const name = options.name ?? 'anthropic';
  const model = options.model ?? DEFAULT_ANTHROPIC_MODEL;
  const firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 15_000;
  const stallTimeoutMs = options.stallTimeoutMs ?? 20_000;
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
    timeout: options.requestTimeoutMs ?? 60_000,
    maxRetries: 0,
  });

  async function* stream(request: ChatRequest): AsyncIterable<ChatChunk> {
    const watchdog = createWatchdog({ provider: name, ...(request.signal ? { signal: request.signal } : {}) });
    const usage = emptyUsage();
    watchdog.arm(firstTokenTimeoutMs, 'first-token');
    try {
      const events = await watchdog.race(
        client.messages.create(
          {
            model,
            max_tokens: request.maxOutputTokens,
            system: toAnthropicSystem(request.system),
            messages: toAlternatingMessages(request.messages),
            stream: true,
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          { signal: watchdog.signal },
        ),
      );
      const textOf = (event: RawMessageStreamEvent) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : '');
      let hasStopped = false;
      for await (const event of watchEvents(events, watchdog, { stallTimeoutMs, isText: (event) => textOf(event) !== '' })) {
        if (event.type === 'message_start') readUsage(usage, event.message.usage);
        else if (event.type === 'message_delta') readUsage(usage, event.usage);
        else if (event.type === 'message_stop') hasStopped = true;
        const text = textOf(event);
        if (text !== '') yield { type: 'text-delta', text };
      }
      throwIfInterrupted(watchdog, name, request.signal);
      if (!hasStopped) throw new ProviderError(`${name}: stream ended before message_stop`, { kind: 'connection', provider: name });
      yield { type: 'finish', provider: name, model, usage };
    } catch (error) {
      throw translateAnthropicError(error, name, watchdog, request.signal);
    } finally {
      watchdog.dispose();
    }
  }

  return { name, model, isPaid: options.isPaid ?? true, stream };
}

/** Options for the primary-and-fallback pair; shared fields apply to both models. */
export interface AnthropicProvidersOptions extends Omit<AnthropicProviderOptions, 'model' | 'name'> {
  model?: string;
  fallbackModel?: string;
}

/** The primary (`anthropic`) and fallback (`anthropic-fallback`) providers, in cascade order. */
export function createAnthropicProviders(options: AnthropicProvidersOptions): [Provider, Provider] {
  const { model, fallbackModel, ...shared } = options;
  return [
    createAnthropicProvider({ ...shared, name: 'anthropic', model: model ?? DEFAULT_ANTHROPIC_MODEL }),
    createAnthropicProvider({ ...shared, name: 'anthropic-fallback', model: fallbackModel ?? DEFAULT_ANTHROPIC_FALLBACK_MODEL }),
  ];
}

interface AnthropicUsageFields {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

// message_start carries the input side, message_delta the running output count (and, on newer
// API versions, the input side again): later non-null values win.
function readUsage(usage: Usage, fields: AnthropicUsageFields): void {
  if (typeof fields.input_tokens === 'number') usage.inputTokens = fields.input_tokens;
  if (typeof fields.output_tokens === 'number') usage.outputTokens = fields.output_tokens;
  if (typeof fields.cache_creation_input_tokens === 'number') usage.cacheWriteTokens = fields.cache_creation_input_tokens;
  if (typeof fields.cache_read_input_tokens === 'number') usage.cacheReadTokens = fields.cache_read_input_tokens;
}


const KIND_BY_ERROR_TYPE: Record<string, ProviderErrorKind> = {
  authentication_error: 'auth',
  permission_error: 'auth',
  billing_error: 'auth',
  invalid_request_error: 'bad-request',
  not_found_error: 'bad-request',
  rate_limit_error: 'rate-limit',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  api_error: 'server',
  conflict_error: 'server',
};

/** Translates anything the Anthropic SDK throws into a ProviderError, once. */
export function translateAnthropicError(error: unknown, name: string, watchdog?: Watchdog, signal?: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (watchdog?.expiry) {
    return new ProviderError(timeoutMessage(name, watchdog.expiry), {
      kind: 'timeout',
      provider: name,
      cause: error,
    });
  }
  if (error instanceof APIUserAbortError || signal?.aborted) {
    return new ProviderError(`${name}: request aborted by the caller`, { kind: 'aborted', provider: name, cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError(`${name}: request timed out`, { kind: 'timeout', provider: name, cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError(`${name}: connection failed: ${error.message}`, { kind: 'connection', provider: name, cause: error });
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    // A mid-stream `event: error` arrives with no status: its body's type says what happened.
    const kind = status !== undefined ? kindFromStatus(status) : (KIND_BY_ERROR_TYPE[error.type ?? ''] ?? 'server');
    const detail = error.type ? `${error.type}: ${error.apiMessage ?? error.message}` : error.message;
    return new ProviderError(`${name}: ${status ?? 'stream error'} ${detail}`, {
      kind,
      provider: name,
      ...(status === undefined ? {} : { status }),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${name}: ${message}`, { kind: 'unknown', provider: name, cause: error });
}
