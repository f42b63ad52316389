import { access } from 'node:fs/promises';
import { ProviderError, type ChatChunk, type ChatRequest, type Provider } from './provider.ts';
import { toAlternatingMessages, toSystemText } from './prompt-format.ts';
import type { UnavailableProvider } from './select-providers.ts';

/** Options for {@link createLlamaCppProvider}. */
export interface LlamaCppProviderOptions {
  /** A GGUF file. */
  modelPath: string;
  /** Name in the cascade and the ledger; defaults to `llamacpp`. */
  name?: string;
  /** Context window to allocate; defaults to 2048 tokens. */
  contextSize?: number;
  /** CPU threads; defaults to node-llama-cpp's choice. */
  threads?: number;
}

// Only the slice of node-llama-cpp we use, so the module stays optional at compile time too.
type LlamaModule = typeof import('node-llama-cpp');
type LlamaModel = Awaited<ReturnType<Awaited<ReturnType<LlamaModule['getLlama']>>['loadModel']>>;
type LlamaContext = Awaited<ReturnType<LlamaModel['createContext']>>;
type ChatHistoryItem = import('node-llama-cpp').ChatHistoryItem;

interface LoadedModel {
  module: LlamaModule;
  model: LlamaModel;
  context: LlamaContext;
}

/**
 * A local GGUF model run in-process on the CPU. Resolves to `{ unavailable }` (with the reason)
 * when node-llama-cpp is not installed or the model file is missing, so the app runs without it.
 * The model loads on the first request and is reused; requests take turns on its one sequence.
 */
export async function createLlamaCppProvider(options: LlamaCppProviderOptions): Promise<Provider | UnavailableProvider> {
  const name = options.name ?? 'llamacpp';
  try {
    await access(options.modelPath);
  } catch {
    return { unavailable: `model file ${options.modelPath} not found` };
  }
  let module: LlamaModule;
  try {
    module = await import('node-llama-cpp');
  } catch (error) {
    return { unavailable: `node-llama-cpp is not installed (${error instanceof Error ? error.message : String(error)})` };
  }
  const model = options.modelPath.split(/[\\/]/).at(-1) ?? options.modelPath;
  let loading: Promise<LoadedModel> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<LoadedModel> {
    // build 'never' + prebuilt binaries: never compile or download at run time.
    const llama = await module.getLlama({ gpu: false, build: 'never', usePrebuiltBinaries: true, progressLogs: false, logLevel: module.LlamaLogLevel.error });
    const loadedModel = await llama.loadModel({ modelPath: options.modelPath, gpuLayers: 0 });
    const context = await loadedModel.createContext({
      contextSize: options.contextSize ?? 2048,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
    });
    return { module, model: loadedModel, context };
  }

  async function* stream(request: ChatRequest): AsyncIterable<ChatChunk> {
    if (request.signal?.aborted) throw new ProviderError(`${name}: request aborted by the caller`, { kind: 'aborted', provider: name });
    loading ??= load();
    let loaded: LoadedModel;
    try {
      loaded = await loading;
    } catch (error) {
      loading = undefined;
      // A file that does not load will not load on retry either.
      throw new ProviderError(`${name}: could not load ${options.modelPath}: ${error instanceof Error ? error.message : String(error)}`, {
        kind: 'bad-request',
        provider: name,
        cause: error,
      });
    }
    const pending: string[] = [];
    let wake: (() => void) | undefined;
    let outcome: { error: unknown } | { done: true } | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    const abort = new AbortController();
    const onCallerAbort = (): void => abort.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const { history, prompt } = toLlamaHistory(request);
    const inputTokens = loaded.model.tokenize(history.map(historyText).join('\n') + prompt).length;
    let outputText = '';

    // One sequence, one generation at a time: requests queue behind each other.
    const run = queue.then(async () => {
      const session = new loaded.module.LlamaChatSession({ contextSequence: loaded.context.getSequence(), autoDisposeSequence: true });
      try {
        session.setChatHistory(history);
        await session.prompt(prompt, {
          maxTokens: request.maxOutputTokens,
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          signal: abort.signal,
          onTextChunk(text) {
            outputText += text;
            pending.push(text);
            notify();
          },
        });
        outcome = { done: true };
      } finally {
        session.dispose();
      }
    });
    queue = run.catch(() => {});
    run.catch((error: unknown) => {
      outcome = { error };
    }).finally(notify);

    try {
      for (;;) {
        const text = pending.shift();
        if (text !== undefined) {
          if (text !== '') yield { type: 'text-delta', text };
          continue;
        }
        if (outcome) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (request.signal?.aborted) throw new ProviderError(`${name}: request aborted by the caller`, { kind: 'aborted', provider: name });
      if ('error' in outcome) {
        const error = outcome.error;
        throw new ProviderError(`${name}: generation failed: ${error instanceof Error ? error.message : String(error)}`, { kind: 'server', provider: name, cause: error });
      }
      const outputTokens = loaded.model.tokenize(outputText).length;
      yield { type: 'finish', provider: name, model, usage: { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    } finally {
      request.signal?.removeEventListener('abort', onCallerAbort);
      // The consumer left early: stop generating so the next request is not kept waiting.
      if (!outcome) abort.abort(new Error('consumer stopped reading'));
    }
  }

  return { name, model, isPaid: false, stream };
}

function historyText(item: ChatHistoryItem): string {
  if (item.type === 'model') return item.response.filter((part) => typeof part === 'string').join('');
  return typeof item.text === 'string' ? item.text : JSON.stringify(item.text);
}

/** Splits our request into node-llama-cpp's chat history and the prompt that ends it. */
function toLlamaHistory(request: ChatRequest): { history: ChatHistoryItem[]; prompt: string } {
  const messages = toAlternatingMessages(request.messages);
  const last = messages.at(-1);
  const prompt = last?.role === 'user' ? last.content : '';
  const earlier = last?.role === 'user' ? messages.slice(0, -1) : messages;
  const history: ChatHistoryItem[] = [];
  const systemText = toSystemText(request.system);
  if (systemText !== '') history.push({ type: 'system', text: systemText });
  for (const message of earlier) {
    history.push(message.role === 'user' ? { type: 'user', text: message.content } : { type: 'model', response: [message.content] });
  }
  return { history, prompt };
}
