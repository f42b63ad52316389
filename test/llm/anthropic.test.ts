import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../src/llm/anthropic.ts';
import { ProviderError, type ProviderErrorKind } from '../../src/llm/provider.ts';
import { closedPortUrl, startFakeAnthropicServer, type AnthropicStep, type FakeAnthropicServer } from '../fakes/anthropic-server.ts';
import { chatRequest, collect } from './chat-request.ts';

let fake: FakeAnthropicServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function providerFor(baseUrl: string, overrides: { firstTokenTimeoutMs?: number; stallTimeoutMs?: number } = {}) {
  return createAnthropicProvider({ apiKey: 'test-key', baseUrl, model: 'claude-test', firstTokenTimeoutMs: 2_000, stallTimeoutMs: 2_000, ...overrides });
}

async function failureOf(stream: AsyncIterable<unknown>): Promise<ProviderError> {
  try {
    for await (const _chunk of stream) {
      // drain
    }
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the stream to fail');
}

describe('anthropic provider', () => {
  it('streams the reply and reports input, output and cache tokens in the finish chunk', async () => {
    fake = await startFakeAnthropicServer({ steps: [{ kind: 'reply', text: 'Why, I hardly know, sir.' }] });
    const { text, finish } = await collect(providerFor(fake.baseUrl).stream(chatRequest()));
    expect(text).toBe('Why, I hardly know, sir.');
    expect(finish).toMatchObject({ type: 'finish', provider: 'anthropic', model: 'claude-test' });
    expect(finish?.usage.inputTokens).toBeGreaterThan(0);
    expect(finish?.usage.outputTokens).toBeGreaterThan(0);
    expect(finish?.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(finish?.usage.cacheReadTokens).toBe(0);
  });

  it('puts cache_control on the last cacheable system block so the next turn reads the prefix from cache', async () => {
    fake = await startFakeAnthropicServer();
    const provider = providerFor(fake.baseUrl);
    await collect(provider.stream(chatRequest()));
    const second = await collect(
      provider.stream(chatRequest({ messages: [{ role: 'user', content: 'Who are you?' }, { role: 'assistant', content: 'Alice.' }, { role: 'user', content: 'And then?' }] })),
    );
    const system = fake.requests[0]?.body.system;
    expect(Array.isArray(system) && system.map((block) => block.cache_control?.type ?? null)).toEqual([null, 'ephemeral', null]);
    expect(second.finish?.usage.cacheReadTokens).toBeGreaterThan(0);
    expect(second.finish?.usage.cacheWriteTokens).toBe(0);
    const headers = fake.requests[0]?.headers ?? {};
    expect(headers['x-api-key'] ?? headers.authorization).toMatch(/test-key/);
    expect(headers['anthropic-version']).toBeTruthy();
  });

  const failures: Array<[string, AnthropicStep, ProviderErrorKind]> = [
    ['401 authentication_error', { kind: 'status', status: 401 }, 'auth'],
    ['403 permission_error', { kind: 'status', status: 403 }, 'auth'],
    ['400 invalid_request_error', { kind: 'status', status: 400 }, 'bad-request'],
    ['429 with retry-after', { kind: 'status', status: 429, retryAfterSeconds: 30 }, 'rate-limit'],
    ['529 overloaded_error', { kind: 'status', status: 529 }, 'overloaded'],
    ['500 api_error', { kind: 'status', status: 500 }, 'server'],
    ['a mid-stream overloaded_error event', { kind: 'mid-stream-error', textBefore: 'Well', errorType: 'overloaded_error' }, 'overloaded'],
  ];
  for (const [label, step, kind] of failures) {
    it(`classifies ${label} as ${kind}`, async () => {
      fake = await startFakeAnthropicServer({ steps: [step] });
      const error = await failureOf(providerFor(fake.baseUrl).stream(chatRequest()));
      expect(error.kind).toBe(kind);
      expect(error.provider).toBe('anthropic');
      expect(fake.requests).toHaveLength(1); // maxRetries 0: the SDK does not retry on its own
    });
  }

  it('times out with kind timeout when the stream stalls after its headers, and closes the socket', async () => {
    fake = await startFakeAnthropicServer({ steps: [{ kind: 'stall-after-headers' }] });
    const closed = fake.nextAbort();
    const error = await failureOf(providerFor(fake.baseUrl, { firstTokenTimeoutMs: 150 }).stream(chatRequest()));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('first token');
    await closed;
  });

  it('times out with kind timeout when the stream stalls between chunks', async () => {
    fake = await startFakeAnthropicServer({ steps: [{ kind: 'stall-between-chunks', textBefore: 'Once upon' }] });
    const seen: string[] = [];
    const stream = providerFor(fake.baseUrl, { stallTimeoutMs: 150 }).stream(chatRequest());
    const error = await failureOf(
      (async function* () {
        for await (const chunk of stream) if (chunk.type === 'text-delta') seen.push(chunk.text);
      })(),
    );
    expect(seen.join('')).toBe('Once upon');
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('stalled');
  });

  it('classifies a refused connection as connection', async () => {
    const error = await failureOf(providerFor(await closedPortUrl()).stream(chatRequest()));
    expect(error.kind).toBe('connection');
  });

  it('aborts the upstream request when the caller aborts: the server sees the socket close', async () => {
    fake = await startFakeAnthropicServer({ steps: [{ kind: 'stall-between-chunks', textBefore: 'Curiouser' }] });
    const controller = new AbortController();
    const closed = fake.nextAbort();
    const stream = providerFor(fake.baseUrl, { stallTimeoutMs: 10_000 }).stream(chatRequest({ signal: controller.signal }));
    const error = await failureOf(
      (async function* () {
        for await (const chunk of stream) if (chunk.type === 'text-delta') controller.abort();
      })(),
    );
    expect(error.kind).toBe('aborted');
    await closed;
    expect(fake.abortedResponses).toBe(1);
  });
});
