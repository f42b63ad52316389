import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLlamaCppProvider } from '../../src/llm/llamacpp.ts';
import { ProviderError } from '../../src/llm/provider.ts';
import { chatRequest, collect } from './chat-request.ts';

const modelPath = fileURLToPath(new URL('../fixtures/models/llama-2-tiny-random.gguf', import.meta.url));

describe('llamacpp provider', () => {
  it('is unavailable, with the reason, when the model file is missing', async () => {
    const provider = await createLlamaCppProvider({ modelPath: '/nowhere/model.gguf' });
    expect(provider).toEqual({ unavailable: 'model file /nowhere/model.gguf not found' });
  });

  it('loads the tiny GGUF on the CPU, streams a few tokens and stops at maxOutputTokens', async () => {
    const provider = await createLlamaCppProvider({ modelPath, contextSize: 512 });
    if ('unavailable' in provider) throw new Error(provider.unavailable);
    const chunks: string[] = [];
    let finish;
    for await (const chunk of provider.stream(chatRequest({ maxOutputTokens: 8 }))) {
      if (chunk.type === 'text-delta') chunks.push(chunk.text);
      else finish = chunk;
    }
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(finish).toMatchObject({ type: 'finish', provider: 'llamacpp', model: 'llama-2-tiny-random.gguf' });
    expect(finish?.usage.outputTokens).toBeGreaterThan(0);
    expect(finish?.usage.outputTokens).toBeLessThanOrEqual(10);
    expect(finish?.usage.inputTokens).toBeGreaterThan(0);

    // Reuses the loaded model, and stops when the caller aborts.
    const controller = new AbortController();
    const error = await (async () => {
      for await (const chunk of provider.stream(chatRequest({ maxOutputTokens: 200, signal: controller.signal }))) {
        if (chunk.type === 'text-delta') controller.abort();
      }
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('aborted');

    const again = await collect(provider.stream(chatRequest({ maxOutputTokens: 4 })));
    expect(again.finish?.provider).toBe('llamacpp');
  }, 120_000);
});
