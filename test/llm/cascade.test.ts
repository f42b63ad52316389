import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../src/llm/anthropic.ts';
import { CascadeError, createCascade } from '../../src/llm/cascade.ts';
import { createOpenAICompatibleProvider } from '../../src/llm/openai-compatible.ts';
import { ProviderError, type Provider } from '../../src/llm/provider.ts';
import { createUsageLedger } from '../../src/llm/usage-ledger.ts';
import { closedPortUrl, startFakeAnthropicServer, type AnthropicStep, type FakeAnthropicServer } from '../fakes/anthropic-server.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/openai-server.ts';
import { chatRequest, collect } from './chat-request.ts';

let anthropicFake: FakeAnthropicServer | undefined;
let openaiFake: FakeOpenAIServer | undefined;
afterEach(async () => {
  await anthropicFake?.close();
  await openaiFake?.close();
  anthropicFake = undefined;
  openaiFake = undefined;
});

async function setup(steps: AnthropicStep[], baseUrl?: string) {
  anthropicFake = await startFakeAnthropicServer({ steps });
  openaiFake = await startFakeOpenAIServer({ defaultStep: { kind: 'reply', text: 'From the second voice.' } });
  const anthropic = createAnthropicProvider({ apiKey: 'k', baseUrl: baseUrl ?? anthropicFake.baseUrl, model: 'claude-test', firstTokenTimeoutMs: 200, stallTimeoutMs: 200 });
  const openai = createOpenAICompatibleProvider({ baseUrl: openaiFake.baseUrl, model: 'local-model' });
  return { anthropic, openai };
}

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2025-03-01T12:00:00Z')) {
  let nowMs = start;
  return { now: () => new Date(nowMs), advance: (ms: number) => (nowMs += ms) };
}

describe('cascade', () => {
  const fallThrough: Array<[string, AnthropicStep | 'refused']> = [
    ['429 rate limit', { kind: 'status', status: 429, retryAfterSeconds: 5 }],
    ['529 overloaded', { kind: 'status', status: 529 }],
    ['500 server error', { kind: 'status', status: 500 }],
    ['401 auth error', { kind: 'status', status: 401 }],
    ['a mid-stream error before any text', { kind: 'mid-stream-error', textBefore: '', errorType: 'overloaded_error' }],
    ['a stall after headers', { kind: 'stall-after-headers' }],
    ['a refused connection', 'refused'],
  ];
  for (const [label, step] of fallThrough) {
    it(`falls through to the next provider on ${label}`, async () => {
      const { anthropic, openai } = await setup(step === 'refused' ? [] : [step], step === 'refused' ? await closedPortUrl() : undefined);
      const lines: string[] = [];
      const cascade = createCascade({ providers: [anthropic, openai], log: (line) => lines.push(line) });
      const { text, finish } = await collect(cascade.stream(chatRequest()));
      expect(text).toBe('From the second voice.');
      expect(finish?.provider).toBe('openai');
      expect(finish?.isPartial).toBeUndefined();
      expect(lines.some((line) => line.includes('anthropic failed'))).toBe(true);
      expect(cascade.status()[0]?.consecutiveFailures).toBe(1);
    });
  }

  it('does not switch voices after the first word: a later failure ends the reply as partial', async () => {
    const { anthropic, openai } = await setup([{ kind: 'mid-stream-error', textBefore: 'Oh dear', errorType: 'overloaded_error' }]);
    const ledger = createUsageLedger();
    const cascade = createCascade({ providers: [anthropic, openai], ledger });
    const { text, finish } = await collect(cascade.stream(chatRequest()));
    expect(text).toBe('Oh dear');
    expect(finish).toMatchObject({ type: 'finish', provider: 'anthropic', isPartial: true });
    expect(finish?.error).toMatch(/overloaded/);
    expect(openaiFake?.requests).toHaveLength(0);
  });

  it('opens the breaker after three failures, skips the provider while open, and closes after a good half-open trial', async () => {
    const failing: AnthropicStep = { kind: 'status', status: 529 };
    const { anthropic, openai } = await setup([failing, failing, failing, failing]);
    const clock = manualClock();
    const cascade = createCascade({ providers: [anthropic, openai], now: clock.now, breaker: { failureThreshold: 3, cooldownMs: 30_000 } });
    for (let turn = 0; turn < 3; turn += 1) await collect(cascade.stream(chatRequest()));
    expect(cascade.status()[0]).toMatchObject({ name: 'anthropic', state: 'open', consecutiveFailures: 3 });
    await collect(cascade.stream(chatRequest()));
    expect(anthropicFake?.requests).toHaveLength(3); // skipped while open

    clock.advance(30_000);
    expect(cascade.status()[0]?.state).toBe('half-open');
    const trial = await collect(cascade.stream(chatRequest())); // the fourth scripted 529: trial fails
    expect(trial.finish?.provider).toBe('openai');
    expect(cascade.status()[0]?.state).toBe('open');

    clock.advance(30_000);
    const recovered = await collect(cascade.stream(chatRequest()));
    expect(recovered.finish?.provider).toBe('anthropic');
    expect(cascade.status()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('opens the breaker at once for a long cooldown on an auth error', async () => {
    const { anthropic, openai } = await setup([{ kind: 'status', status: 401 }]);
    const clock = manualClock();
    const cascade = createCascade({ providers: [anthropic, openai], now: clock.now, breaker: { cooldownMs: 30_000, nonRetryableCooldownMs: 600_000 } });
    await collect(cascade.stream(chatRequest()));
    clock.advance(60_000);
    expect(cascade.status()[0]).toMatchObject({ state: 'open', consecutiveFailures: 1 });
    expect(cascade.status()[0]?.lastError).toMatch(/401/);
  });

  it('aborts the upstream request when the visitor leaves, without blaming the provider', async () => {
    const { openai } = await setup([{ kind: 'stall-between-chunks', textBefore: 'Well' }]);
    const slowAnthropic = createAnthropicProvider({ apiKey: 'k', baseUrl: anthropicFake!.baseUrl, model: 'claude-test', stallTimeoutMs: 10_000 });
    const cascade = createCascade({ providers: [slowAnthropic, openai] });
    const controller = new AbortController();
    const closed = anthropicFake!.nextAbort();
    let caught: unknown;
    try {
      for await (const chunk of cascade.stream(chatRequest({ signal: controller.signal }))) {
        if (chunk.type === 'text-delta') controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    await closed;
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).kind).toBe('aborted');
    expect(openaiFake?.requests).toHaveLength(0);
    expect(cascade.status()[0]?.consecutiveFailures).toBe(0);
  });

  it('closes the upstream socket when the consumer stops reading early', async () => {
    const { openai } = await setup([{ kind: 'stall-between-chunks', textBefore: 'Well then' }]);
    const slowAnthropic = createAnthropicProvider({ apiKey: 'k', baseUrl: anthropicFake!.baseUrl, model: 'claude-test', stallTimeoutMs: 10_000 });
    const cascade = createCascade({ providers: [slowAnthropic, openai] });
    const closed = anthropicFake!.nextAbort();
    for await (const chunk of cascade.stream(chatRequest())) if (chunk.type === 'text-delta') break;
    await closed;
    expect(anthropicFake?.abortedResponses).toBe(1);
  });

  it('records usage, cache tokens included, in the ledger per day, provider and purpose', async () => {
    const { anthropic, openai } = await setup([]);
    const ledger = createUsageLedger({ now: () => new Date('2025-03-01T09:00:00Z') });
    const cascade = createCascade({ providers: [anthropic, openai], ledger });
    await collect(cascade.stream(chatRequest()));
    await collect(cascade.stream(chatRequest({ messages: [{ role: 'user', content: 'Again?' }] })));
    const [row] = ledger.summary();
    expect(row).toMatchObject({ day: '2025-03-01', provider: 'anthropic', purpose: 'chat', replies: 2 });
    expect(row?.cacheWriteTokens).toBeGreaterThan(0);
    expect(row?.cacheReadTokens).toBe(row?.cacheWriteTokens);
    expect(row?.outputTokens).toBeGreaterThan(0);
  });

  it('moves background calls off paid providers once the day budget is spent, while chat still uses them', async () => {
    const { anthropic, openai } = await setup([]);
    const clock = manualClock();
    const ledger = createUsageLedger({ now: clock.now });
    const cascade = createCascade({ providers: [anthropic, openai], ledger, now: clock.now, backgroundTokenBudgetPerDay: 10 });
    const first = await collect(cascade.stream(chatRequest({ purpose: 'reflection' })));
    expect(first.finish?.provider).toBe('anthropic'); // under budget: spends it (and overshoots)
    const second = await collect(cascade.stream(chatRequest({ purpose: 'dream' })));
    expect(second.finish?.provider).toBe('openai');
    const chat = await collect(cascade.stream(chatRequest({ purpose: 'chat' })));
    expect(chat.finish?.provider).toBe('anthropic');
    clock.advance(24 * 60 * 60 * 1000);
    const nextDay = await collect(cascade.stream(chatRequest({ purpose: 'reflection' })));
    expect(nextDay.finish?.provider).toBe('anthropic');
  });

  it('throws a CascadeError naming every failure when no provider answers', async () => {
    const { anthropic } = await setup([{ kind: 'status', status: 500 }]);
    const unreachable = createOpenAICompatibleProvider({ baseUrl: `${await closedPortUrl()}/v1`, model: 'm', name: 'ollama' });
    const cascade = createCascade({ providers: [anthropic, unreachable] });
    const error = await collect(cascade.stream(chatRequest())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CascadeError);
    expect((error as CascadeError).attempts.map((attempt) => attempt.provider)).toEqual(['anthropic', 'ollama']);
    expect((error as Error).message).toMatch(/anthropic: .*500.*ollama: .*connection/);
  });

  it('treats a provider that ends without a finish chunk as a failure', async () => {
    const silent: Provider = { name: 'silent', model: 'none', isPaid: false, async *stream() {} };
    const { openai } = await setup([]);
    const cascade = createCascade({ providers: [silent, openai] });
    const { finish } = await collect(cascade.stream(chatRequest()));
    expect(finish?.provider).toBe('openai');
    expect(cascade.status()[0]?.lastError).toMatch(/without a finish/);
  });
});
