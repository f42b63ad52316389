import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake does with one request. */
export type OpenAIStep =
  | { kind: 'reply'; text?: string }
  | { kind: 'status'; status: 400 | 401 | 429 | 500 | 503 }
  | { kind: 'mid-stream-error'; textBefore: string; errorType: string }
  | { kind: 'stall-after-headers' };

/** The part of a chat-completions body the fake reads. */
export interface OpenAIRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
}

/** A running fake of an OpenAI-compatible chat-completions endpoint. */
export interface FakeOpenAIServer {
  /** Base URL including `/v1`, as Ollama and vLLM expose it. */
  baseUrl: string;
  requests: Array<{ headers: IncomingMessage['headers']; body: OpenAIRequestBody }>;
  readonly abortedResponses: number;
  nextAbort(): Promise<void>;
  enqueue(...steps: OpenAIStep[]): void;
  close(): Promise<void>;
}

/** Starts a chat-completions fake on 127.0.0.1:0 streaming `data:` chunks, a usage chunk and `[DONE]`. */
export async function startFakeOpenAIServer(options: { steps?: OpenAIStep[]; defaultStep?: OpenAIStep } = {}): Promise<FakeOpenAIServer> {
  const steps = [...(options.steps ?? [])];
  const requests: FakeOpenAIServer['requests'] = [];
  const sockets = new Set<Socket>();
  let abortedResponses = 0;
  let abortWaiters: Array<() => void> = [];

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
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      sendError(response, 404, 'not_found_error', `no route ${request.method} ${request.url}`);
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OpenAIRequestBody;
    requests.push({ headers: request.headers, body });
    const step = steps.shift() ?? options.defaultStep ?? { kind: 'reply' };
    if (step.kind === 'status') {
      const type = { 400: 'invalid_request_error', 401: 'authentication_error', 429: 'rate_limit_error', 500: 'server_error', 503: 'server_error' }[step.status];
      sendError(response, step.status, type, `scripted ${step.status}`);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': `req_${requests.length}` });
    response.flushHeaders();
    if (step.kind === 'stall-after-headers') return;
    const id = `chatcmpl-fake-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const send = (data: unknown): void => {
      response.write(`data: ${JSON.stringify(data)}\n\n`);
    };
    const chunk = (delta: object, finishReason: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    const text = step.kind === 'reply' ? (step.text ?? 'I beg your pardon, I am not myself today.') : step.textBefore;
    send(chunk({ role: 'assistant', content: '' }, null));
    for (const word of text.match(/\S+\s*/g) ?? []) send(chunk({ content: word }, null));
    if (step.kind === 'mid-stream-error') {
      send({ error: { type: step.errorType, message: 'scripted mid-stream error' } });
      response.end();
      return;
    }
    send(chunk({}, 'stop'));
    if (body.stream_options?.include_usage) {
      const promptText = body.messages.map((message) => message.content).join('\n');
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [],
        usage: { prompt_tokens: Math.ceil(promptText.length / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: Math.ceil(promptText.length / 4) + Math.ceil(text.length / 4) },
      });
    }
    response.write('data: [DONE]\n\n');
    response.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
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

function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { type, message, code: null, param: null } }));
}
