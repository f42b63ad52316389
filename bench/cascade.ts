import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAnthropicProvider } from '../src/llm/anthropic.ts';
import { createCascade, type Cascade } from '../src/llm/cascade.ts';
import type { ChatRequest, Provider } from '../src/llm/provider.ts';
import { startFakeAnthropicServer, type AnthropicStep } from '../test/fakes/anthropic-server.ts';

const FIRST_BYTE_DELAY_MS = 50;
const CONCURRENT_CHATS = 50;
const FIRST_TOKEN_TIMEOUT_MS = 300;
const root = fileURLToPath(new URL('..', import.meta.url));

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}
const median = (values: number[]): number => percentile(values, 0.5);
const ms = (value: number): string => `${value.toFixed(2)} ms`;

async function stablePrefix(): Promise<string> {
  // A realistic stable prefix: a card-sized preamble and a few pages of the book.
  const book = await readFile(join(root, 'corpus/alice/text.txt'), 'utf8').catch(() => 'Alice was beginning to get very tired. '.repeat(200));
  return book.slice(2_000, 12_000);
}

function request(prefix: string, messages: ChatRequest['messages'] = [{ role: 'user', content: 'Who are you?' }]): ChatRequest {
  return {
    system: [
      { text: 'You are Alice, from Alice in Wonderland. Stay in character; never claim to be an AI.', isCacheable: true },
      { text: prefix, isCacheable: true },
      { text: 'The visitor is called Sam. It is their third visit.', isCacheable: false },
    ],
    messages,
    grounding: { characterName: 'Alice', greeting: 'Hello!', manner: [], items: [], turnIndex: 0 },
    purpose: 'chat',
    maxOutputTokens: 256,
  };
}

/** Time from sending to the first text-delta, for `count` chats at once, minus the fake's delay. */
async function firstByteOverheads(cascade: Cascade, prefix: string, count: number): Promise<{ overheads: number[]; providers: Record<string, number> }> {
  const providers: Record<string, number> = {};
  const overheads = await Promise.all(
    Array.from({ length: count }, async () => {
      const started = performance.now();
      let firstAt = Number.NaN;
      for await (const chunk of cascade.stream(request(prefix))) {
        if (chunk.type === 'text-delta' && Number.isNaN(firstAt)) firstAt = performance.now();
        if (chunk.type === 'finish') providers[chunk.provider] = (providers[chunk.provider] ?? 0) + 1;
      }
      return firstAt - started - FIRST_BYTE_DELAY_MS;
    }),
  );
  return { overheads, providers };
}

function anthropicAt(baseUrl: string, name: string, firstTokenTimeoutMs = 10_000): Provider {
  return createAnthropicProvider({ apiKey: 'bench', baseUrl, name, model: 'claude-bench', firstTokenTimeoutMs, stallTimeoutMs: 10_000 });
}

/** Through the real HTTP server: POST /api/characters/alice/messages, SSE, first text-delta frame. */
async function httpOverheads(baseUrl: string): Promise<number[] | string> {
  try {
    const { loadConfig } = await import('../src/config.ts');
    const { createReverie } = await import('../src/main.ts');
    const dataDir = await mkdtemp(join(tmpdir(), 'reverie-bench-'));
    const config = loadConfig({}, {
      ANTHROPIC_API_KEY: 'bench',
      ANTHROPIC_BASE_URL: baseUrl,
      LLM_CASCADE: 'anthropic,offline',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '100000',
    } as never);
    const reverie = await createReverie(config, { log: () => {} });
    const { port } = await reverie.listen();
    try {
      const chatOnce = async (index: number): Promise<number> => {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/api/characters/alice/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'Who are you?', visitorId: `bench-visitor-${String(index).padStart(8, '0')}` }),
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        const decoder = new TextDecoder();
        let buffer = '';
        let firstAt = Number.NaN;
        for await (const bytes of response.body) {
          buffer += decoder.decode(bytes as Uint8Array, { stream: true });
          if (Number.isNaN(firstAt) && buffer.includes('event: text-delta')) firstAt = performance.now();
          if (buffer.includes('event: error')) throw new Error(`SSE error: ${buffer.slice(buffer.indexOf('event: error'), buffer.indexOf('event: error') + 200)}`);
        }
        if (!buffer.includes('"provider":"anthropic"')) throw new Error(`reply did not come from anthropic: ${buffer.slice(-300)}`);
        return firstAt - started - FIRST_BYTE_DELAY_MS;
      };
      await chatOnce(999); // warm-up: first request loads memory indexes
      return await Promise.all(Array.from({ length: CONCURRENT_CHATS }, (_unused, index) => chatOnce(index)));
    } finally {
      await reverie.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  } catch (error) {
    return `not measured: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Runs every measurement, writes bench/results/cascade.md and returns its text. */
export async function runCascadeBench(): Promise<string> {
  const prefix = await stablePrefix();
  const lines: string[] = ['# Cascade benchmark', '', `Fake Anthropic server (real node:http, real SDK) answering after a fixed ${FIRST_BYTE_DELAY_MS} ms; ${CONCURRENT_CHATS} concurrent chats; overhead = time to first text-delta minus that delay. Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`, ''];

  // 1. Healthy primary.
  const healthy = await startFakeAnthropicServer({ firstByteDelayMs: FIRST_BYTE_DELAY_MS });
  const stalling = await startFakeAnthropicServer({ defaultStep: { kind: 'stall-after-headers' } });
  const overloaded = await startFakeAnthropicServer({ defaultStep: { kind: 'status', status: 529 } satisfies AnthropicStep });
  try {
    const direct = createCascade({ providers: [anthropicAt(healthy.baseUrl, 'anthropic')] });
    await firstByteOverheads(direct, prefix, 5); // warm-up
    const primary = await firstByteOverheads(direct, prefix, CONCURRENT_CHATS);
    lines.push('## Time to first byte, overhead over the fake\'s delay', '', '| case | median | p99 | served by |', '|---|---|---|---|');
    const row = (label: string, result: { overheads: number[]; providers: Record<string, number> }) =>
      lines.push(`| ${label} | ${ms(median(result.overheads))} | ${ms(percentile(result.overheads, 0.99))} | ${Object.entries(result.providers).map(([name, count]) => `${name} ×${count}`).join(', ')} |`);
    row('cascade, primary answers', primary);
    // Baseline: the same provider without the cascade, so the cascade's own cost is the difference.
    const bare = { stream: (chatRequest: ChatRequest) => anthropicAt(healthy.baseUrl, 'anthropic').stream(chatRequest), status: () => [] } satisfies Cascade;
    row('bare provider, no cascade (baseline: SDK + fake in one process)', await firstByteOverheads(bare, prefix, CONCURRENT_CHATS));
    row('cascade again (order effects)', await firstByteOverheads(direct, prefix, CONCURRENT_CHATS));

    const http = await httpOverheads(healthy.baseUrl);
    if (typeof http === 'string') lines.push(`| through HTTP (POST /api/characters/alice/messages, SSE) | ${http} | | |`);
    else row('through HTTP (POST /api/characters/alice/messages, SSE), primary answers', { overheads: http, providers: { anthropic: http.length } });

    // 2. Primary fails fast (529): the cost is one extra round trip until the breaker opens.
    const fastFail = createCascade({ providers: [anthropicAt(overloaded.baseUrl, 'anthropic'), anthropicAt(healthy.baseUrl, 'anthropic-fallback')], breaker: { failureThreshold: Number.MAX_SAFE_INTEGER } });
    row('primary 529 overloaded, breaker never opens', await firstByteOverheads(fastFail, prefix, CONCURRENT_CHATS));

    // 3. Primary stalls after headers: each request pays the first-token timeout until the breaker opens.
    const noBreaker = createCascade({ providers: [anthropicAt(stalling.baseUrl, 'anthropic', FIRST_TOKEN_TIMEOUT_MS), anthropicAt(healthy.baseUrl, 'anthropic-fallback')], breaker: { failureThreshold: Number.MAX_SAFE_INTEGER } });
    row(`primary stalls, no breaker (first-token timeout ${FIRST_TOKEN_TIMEOUT_MS} ms)`, await firstByteOverheads(noBreaker, prefix, CONCURRENT_CHATS));
    const withBreaker = createCascade({ providers: [anthropicAt(stalling.baseUrl, 'anthropic', FIRST_TOKEN_TIMEOUT_MS), anthropicAt(healthy.baseUrl, 'anthropic-fallback')] });
    row('primary stalls, breaker: first wave (all in flight before it opens)', await firstByteOverheads(withBreaker, prefix, CONCURRENT_CHATS));
    row('primary stalls, breaker open: second wave', await firstByteOverheads(withBreaker, prefix, CONCURRENT_CHATS));
    const stalledRequests = stalling.requests.length;
    lines.push('', `The stalling primary received ${stalledRequests} requests in all (${CONCURRENT_CHATS} without breaker + ${CONCURRENT_CHATS} in the breaker's first wave, none in the second).`);

    // 4. A 10-turn conversation: what is sent and how much of it is served from the prompt cache.
    const conversation = await startFakeAnthropicServer();
    try {
      const cascade = createCascade({ providers: [anthropicAt(conversation.baseUrl, 'anthropic')] });
      const messages: ChatRequest['messages'] = [];
      lines.push('', '## Input tokens per reply over a 10-turn conversation', '', '| turn | input sent | cacheable (written + read) | read from cache | uncached input |', '|---|---|---|---|---|');
      let totalSent = 0;
      let totalRead = 0;
      for (let turn = 1; turn <= 10; turn += 1) {
        messages.push({ role: 'user', content: `Question ${turn}: what happened after the rabbit-hole, and why did you follow it?` });
        let reply = '';
        for await (const chunk of cascade.stream(request(prefix, [...messages]))) {
          if (chunk.type === 'text-delta') reply += chunk.text;
          else {
            const usage = chunk.usage;
            const sent = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
            totalSent += sent;
            totalRead += usage.cacheReadTokens;
            lines.push(`| ${turn} | ${sent} | ${usage.cacheReadTokens + usage.cacheWriteTokens} | ${usage.cacheReadTokens} | ${usage.inputTokens} |`);
          }
        }
        messages.push({ role: 'assistant', content: reply });
      }
      lines.push('', `Over 10 turns ${totalSent} input tokens were sent; ${totalRead} (${((100 * totalRead) / totalSent).toFixed(1)} %) were read from the cache. Token counts are the fake's (4 characters a token), the cache rule is Anthropic's: the system blocks up to the last \`cache_control\` breakpoint.`);
    } finally {
      await conversation.close();
    }
  } finally {
    await Promise.all([healthy.close(), stalling.close(), overloaded.close()]);
  }
  lines.push('', 'Command: `npx tsx bench/cascade.ts`', '');
  const text = lines.join('\n');
  await mkdir(join(root, 'bench/results'), { recursive: true });
  await writeFile(join(root, 'bench/results/cascade.md'), text, 'utf8');
  return text;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.log(await runCascadeBench());
}
