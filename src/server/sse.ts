import type { Response } from 'express';

/** A Server-Sent Events writer that respects backpressure and never writes after close. */
export interface EventStream {
  send(event: string, data: unknown): Promise<void>;
  close(): void;
  readonly isClosed: boolean;
}

/** Starts an SSE response. Multi-line data is split into several `data:` lines, as the spec asks. */
export function openEventStream(response: Response): EventStream {
  response.status(200);
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache, no-transform');
  response.setHeader('connection', 'keep-alive');
  response.setHeader('x-accel-buffering', 'no');
  response.flushHeaders();
  let isClosed = false;
  response.on('close', () => {
    isClosed = true;
  });
  return {
    get isClosed() {
      return isClosed || response.writableEnded;
    },
    async send(event, data) {
      if (isClosed || response.writableEnded) return;
      const payload = JSON.stringify(data)
        .split('\n')
        .map((line) => `data: ${line}`)
        .join('\n');
      const isFlushed = response.write(`event: ${event}\n${payload}\n\n`);
      if (!isFlushed) {
        await new Promise<void>((resolve) => {
          const done = () => {
            response.off('drain', done);
            response.off('close', done);
            resolve();
          };
          response.on('drain', done);
          response.on('close', done);
        });
      }
    },
    close() {
      if (!response.writableEnded) response.end();
    },
  };
}
