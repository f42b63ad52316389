import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake does with one request. */
export type AnthropicStep =
  | { kind: 'reply'; text?: string }
  | { kind: 'status'; status: 401 | 429 | 500 | 529 | 400 | 403 | 404; retryAfterSeconds?: number }
  | { kind: 'mid-stream-error'; textBefore: string; errorType: string }
  | { kind: 'stall-after-headers' }
  | { kind: 'stall-between-chunks'; textBefore: string };

/** A request as the fake received it. */
export interface RecordedAnthropicRequest {
  headers: IncomingMessage['headers'];
  body: AnthropicRequestBody;
}

/** The part of a Messages API body the fake reads. */
export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: Array<{ type: 'text'; text: string; cache_control?: { type: string } }> | string;
  messages: Array<{ role: string; content: string }>;
}

/** Options for {@link startFakeAnthropicServer}. */
export interface FakeAnthropicOptions {
  /** Steps used in order, one per request; after they run out every request gets `defaultStep`. */
  steps?: AnthropicStep[];
  defaultStep?: AnthropicStep;
  /** Wait this long before the first byte of every response (for the bench). */
  firstByteDelayMs?: number;
  /** Pause between SSE events; default 0. */
  chunkDelayMs?: number;
}

/** A running fake of the Anthropic Messages API. */
export interface FakeAnthropicServer {
  baseUrl: string;
  requests: RecordedAnthropicRequest[];
  /** Responses whose client went away before the response ended. */
  readonly abortedResponses: number;
  /** Resolves when the next client closes its connection before the response ended. */
  nextAbort(): Promise<void>;
  /** Appends steps to the script. */
  enqueue(...steps: AnthropicStep[]): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY = 'Curiouser and curiouser! I shall have to go on growing.';

/** Rough token count, four characters a token, as good as a fake needs. */
export function fakeTokenCount(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Starts a Messages API fake on 127.0.0.1:0. Usage honours `cache_control`: the system blocks up
 * to the last breakpoint are written to a cache on first sight and read from it afterwards.
 */
export async function startFakeAnthropicServer(options: FakeAnthropicOptions = {}): Promise<FakeAnthropicServer> {
  const steps = [...(options.steps ?? [])];
  const requests: RecordedAnthropicRequest[] = [];
  const cache = new Set<string>();
  const sockets = new Set<Socket>();
  let abortedResponses = 0;
  let abortWaiters: Array<() => void> = [];
  let messageCount = 0;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    response.on('close', () => {
      if (!response.writableEnded) {
        abortedResponses += 1;
        const waiters = abortWaiters;
        abortWaiters = [];
        for (const wake of waiters) wake();
      }
    });
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/messages') {
      sendError(response, 404, 'not_found_error', `no route ${request.method} ${request.url}`);
      return;
    }
    if (!request.headers['x-api-key'] && !request.headers.authorization) {
      sendError(response, 401, 'authentication_error', 'x-api-key header is required');
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AnthropicRequestBody;
    requests.push({ headers: request.headers, body });
    const step = steps.shift() ?? options.defaultStep ?? { kind: 'reply' };
    if (options.firstByteDelayMs) await sleep(options.firstByteDelayMs);
    if (response.destroyed) return;

    if (step.kind === 'status') {
      const errorType = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' }[step.status];
      const headers: Record<string, string> = step.retryAfterSeconds === undefined ? {} : { 'retry-after': String(step.retryAfterSeconds) };
      sendError(response, step.status, errorType, `scripted ${step.status}`, headers);
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'request-id': `req_fake_${requests.length}`,
      'anthropic-organization-id': 'fake-org',
    });
    response.flushHeaders();
    if (step.kind === 'stall-after-headers') return;

    const usage = usageFor(body, cache);
    const id = `msg_fake_${++messageCount}`;
    const text = step.kind === 'reply' ? (step.text ?? DEFAULT_REPLY) : step.textBefore;
    const words = text.match(/\S+\s*/g) ?? [];
    const send = async (event: string, data: unknown): Promise<void> => {
      if (response.destroyed) return;
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
    };
    await send('message_start', {
      type: 'message_start',
      message: { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    });
    await send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    await send('ping', { type: 'ping' });
    for (const word of words) await send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } });
    if (step.kind === 'stall-between-chunks') return;
    if (step.kind === 'mid-stream-error') {
      await send('error', { type: 'error', error: { type: step.errorType, message: 'Overloaded' } });
      response.end();
      return;
    }
    await send('content_block_stop', { type: 'content_block_stop', index: 0 });
    await send('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: fakeTokenCount(text) } });
    await send('message_stop', { type: 'message_stop' });
    response.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get abortedResponses() {
      return abortedResponses;
    },
    nextAbort() {
      return new Promise<void>((resolve) => abortWaiters.push(resolve));
    },
    enqueue(...more) {
      steps.push(...more);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A base URL on which nothing listens: connection refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function usageFor(body: AnthropicRequestBody, cache: Set<string>) {
  const blocks = typeof body.system === 'string' ? [{ type: 'text' as const, text: body.system }] : (body.system ?? []);
  let breakpoint = -1;
  blocks.forEach((block, index) => {
    if (block.cache_control?.type === 'ephemeral') breakpoint = index;
  });
  const prefix = blocks.slice(0, breakpoint + 1).map((block) => block.text).join('\n');
  const rest = [...blocks.slice(breakpoint + 1).map((block) => block.text), ...body.messages.map((message) => message.content)].join('\n');
  const prefixTokens = breakpoint >= 0 ? fakeTokenCount(prefix) : 0;
  const key = `${body.model}\u0000${prefix}`;
  const isHit = breakpoint >= 0 && cache.has(key);
  if (breakpoint >= 0) cache.add(key);
  return {
    input_tokens: fakeTokenCount(rest),
    cache_creation_input_tokens: isHit ? 0 : prefixTokens,
    cache_read_input_tokens: isHit ? prefixTokens : 0,
  };
}

function sendError(response: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake_error', ...headers });
  response.end(JSON.stringify({ type: 'error', error: { type, message } }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
