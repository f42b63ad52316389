import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAICompatibleProvider } from '../../src/llm/openai-compatible.ts';
import { ProviderError, type ProviderErrorKind } from '../../src/llm/provider.ts';
import { closedPortUrl } from '../fakes/anthropic-server.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer, type OpenAIStep } from '../fakes/openai-server.ts';
import { chatRequest, collect } from './chat-request.ts';

let fake: FakeOpenAIServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function failureOf(stream: AsyncIterable<unknown>): Promise<ProviderError> {
  const error = await (async () => {
    for await (const _chunk of stream) {
      // drain
    }
  })().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('openai-compatible provider', () => {
  it('sends one system message then the turns, streams the reply and reads the usage chunk', async () => {
    fake = await startFakeOpenAIServer({ steps: [{ kind: 'reply', text: 'It was much pleasanter at home.' }] });
    const provider = createOpenAICompatibleProvider({ baseUrl: fake.baseUrl, model: 'llama3.2', name: 'ollama' });
    const { text, finish } = await collect(provider.stream(chatRequest()));
    expect(text).toBe('It was much pleasanter at home.');
    expect(finish).toMatchObject({ provider: 'ollama', model: 'llama3.2' });
    expect(finish?.usage.inputTokens).toBeGreaterThan(0);
    expect(finish?.usage.outputTokens).toBeGreaterThan(0);
    const body = fake.requests[0]?.body;
    expect(body?.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(body?.stream_options).toEqual({ include_usage: true });
    expect(body?.max_tokens).toBe(64);
    expect(provider.isPaid).toBe(false);
  });

  const failures: Array<[string, OpenAIStep, ProviderErrorKind]> = [
    ['401', { kind: 'status', status: 401 }, 'auth'],
    ['400', { kind: 'status', status: 400 }, 'bad-request'],
    ['429', { kind: 'status', status: 429 }, 'rate-limit'],
    ['503', { kind: 'status', status: 503 }, 'server'],
    ['a mid-stream error chunk', { kind: 'mid-stream-error', textBefore: 'Well', errorType: 'server_error' }, 'server'],
  ];
  for (const [label, step, kind] of failures) {
    it(`classifies ${label} as ${kind}`, async () => {
      fake = await startFakeOpenAIServer({ steps: [step] });
      const provider = createOpenAICompatibleProvider({ baseUrl: fake.baseUrl, model: 'm' });
      expect((await failureOf(provider.stream(chatRequest()))).kind).toBe(kind);
      expect(fake.requests).toHaveLength(1);
    });
  }

  it('times out when no token arrives after the headers and closes the socket', async () => {
    fake = await startFakeOpenAIServer({ steps: [{ kind: 'stall-after-headers' }] });
    const closed = fake.nextAbort();
    const provider = createOpenAICompatibleProvider({ baseUrl: fake.baseUrl, model: 'm', firstTokenTimeoutMs: 150 });
    expect((await failureOf(provider.stream(chatRequest()))).kind).toBe('timeout');
    await closed;
  });

  it('classifies a refused connection as connection', async () => {
    const provider = createOpenAICompatibleProvider({ baseUrl: `${await closedPortUrl()}/v1`, model: 'm' });
    expect((await failureOf(provider.stream(chatRequest()))).kind).toBe('connection');
  });

  it('aborts the upstream request when the caller aborts', async () => {
    fake = await startFakeOpenAIServer({ steps: [{ kind: 'stall-after-headers' }] });
    const closed = fake.nextAbort();
    const controller = new AbortController();
    const provider = createOpenAICompatibleProvider({ baseUrl: fake.baseUrl, model: 'm' });
    setTimeout(() => controller.abort(), 50);
    expect((await failureOf(provider.stream(chatRequest({ signal: controller.signal })))).kind).toBe('aborted');
    await closed;
  });
});
