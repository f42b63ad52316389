import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { emptyUsage, ProviderError, type ChatChunk, type ChatRequest, type Provider, type ProviderErrorKind } from './provider.ts';
import { toOpenAIMessages } from './prompt-format.ts';
import { createWatchdog, throwIfInterrupted, watchEvents, type Watchdog } from './watchdog.ts';
import { kindFromStatus, timeoutMessage } from './http-error-kind.ts';

/** Options for {@link createOpenAICompatibleProvider}. */
export interface OpenAICompatibleProviderOptions {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:8080/v1` (llama.cpp server), `https://router.huggingface.co/v1`. */
  baseUrl: string;
  model: string;
  /** Local servers need none. */
  apiKey?: string;
  /** Name in the cascade, logs and the usage ledger; defaults to `openai`. */
  name?: string;
  /** True for hosted endpoints that bill (the HF router); defaults to false. */
  isPaid?: boolean;
  /** SDK timeout (connect until headers); defaults to 60 000 ms. */
  requestTimeoutMs?: number;
  /** Abort when no text arrives this long after sending; defaults to 30 000 ms (local models load slowly). */
  firstTokenTimeoutMs?: number;
  /** Abort when the stream goes quiet this long between chunks; defaults to 20 000 ms. */
  stallTimeoutMs?: number;
}

/** Any chat-completions endpoint (Ollama, llama.cpp server, vLLM, the HF router) as a provider. */
export function createOpenAICompatibleProvider(options: OpenAICompatibleProviderOptions): Provider {
  const name = options.name ?? 'openai';
  const model = options.model;
  const firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 30_000;
  const stallTimeoutMs = options.stallTimeoutMs ?? 20_000;
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // The SDK insists on a key; local servers ignore it.
    apiKey: options.apiKey ?? 'not-needed',
    timeout: options.requestTimeoutMs ?? 60_000,
    maxRetries: 0,
  });

  async function* stream(request: ChatRequest): AsyncIterable<ChatChunk> {
    const watchdog = createWatchdog({ provider: name, ...(request.signal ? { signal: request.signal } : {}) });
    const usage = emptyUsage();
    watchdog.arm(firstTokenTimeoutMs, 'first-token');
    try {
      const chunks = await watchdog.race(
        client.chat.completions.create(
          {
            model,
            messages: toOpenAIMessages(request.system, request.messages),
            max_tokens: request.maxOutputTokens,
            stream: true,
            stream_options: { include_usage: true },
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          { signal: watchdog.signal },
        ),
      );
      const textOf = (chunk: ChatCompletionChunk) => chunk.choices[0]?.delta?.content ?? '';
      let hasText = false;
      let hasFinished = false;
      for await (const chunk of watchEvents(chunks, watchdog, { stallTimeoutMs, isText: (chunk) => textOf(chunk) !== '' })) {
        if (chunk.usage) {
          const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
          usage.inputTokens = chunk.usage.prompt_tokens - cached;
          usage.cacheReadTokens = cached;
          usage.outputTokens = chunk.usage.completion_tokens;
        }
        if (chunk.choices[0]?.finish_reason) hasFinished = true;
        const text = textOf(chunk);
        if (text !== '') {
          hasText = true;
          yield { type: 'text-delta', text };
        }
      }
      throwIfInterrupted(watchdog, name, request.signal);
      if (!hasFinished && !hasText) throw new ProviderError(`${name}: stream ended without a reply`, { kind: 'server', provider: name });
      yield { type: 'finish', provider: name, model, usage };
    } catch (error) {
      throw translateOpenAIError(error, name, watchdog, request.signal);
    } finally {
      watchdog.dispose();
    }
  }

  return { name, model, isPaid: options.isPaid ?? false, stream };
}

const KIND_BY_ERROR_TYPE: Record<string, ProviderErrorKind> = {
  authentication_error: 'auth',
  invalid_api_key: 'auth',
  invalid_request_error: 'bad-request',
  not_found_error: 'bad-request',
  rate_limit_error: 'rate-limit',
  rate_limit_exceeded: 'rate-limit',
  overloaded_error: 'overloaded',
  server_error: 'server',
};

/** Translates anything the OpenAI SDK throws into a ProviderError, once. */
export function translateOpenAIError(error: unknown, name: string, watchdog?: Watchdog, signal?: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (watchdog?.expiry) return new ProviderError(timeoutMessage(name, watchdog.expiry), { kind: 'timeout', provider: name, cause: error });
  if (error instanceof APIUserAbortError || signal?.aborted) {
    return new ProviderError(`${name}: request aborted by the caller`, { kind: 'aborted', provider: name, cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) return new ProviderError(`${name}: request timed out`, { kind: 'timeout', provider: name, cause: error });
  if (error instanceof APIConnectionError) {
    return new ProviderError(`${name}: connection failed: ${error.message}`, { kind: 'connection', provider: name, cause: error });
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    // Errors inside the stream come with no status; their type or code says what happened.
    const kind =
      status !== undefined
        ? kindFromStatus(status)
        : (KIND_BY_ERROR_TYPE[error.type ?? ''] ?? KIND_BY_ERROR_TYPE[String(error.code ?? '')] ?? 'server');
    return new ProviderError(`${name}: ${status ?? 'stream error'} ${error.message}`, {
      kind,
      provider: name,
      ...(status === undefined ? {} : { status }),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${name}: ${message}`, { kind: 'unknown', provider: name, cause: error });
}
