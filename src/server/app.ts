import express, { type Express, type RequestHandler, type Router } from 'express';
import { AppError } from './app-error.ts';
import { createErrorHandler } from './error-handler.ts';
import { createCharacterRoutes, type CharacterRoutesOptions } from './routes/characters.ts';
import { securityHeaders } from './security-headers.ts';

/** Everything the HTTP layer needs, as interfaces; main.ts provides the real objects. */
export interface AppOptions extends CharacterRoutesOptions {
  webDir: string;
  status: () => unknown | Promise<unknown>;
  /** Extra routers (admin, usage, dreams, books...) mounted after the visitor routes. */
  routers?: Router[];
  /** Routers that read their own (larger) bodies: uploads and cards. Mounted before the JSON parser. */
  routersBeforeBodyParser?: Router[];
  /** Body size limit for JSON requests. */
  jsonLimit?: string;
  corsOrigin?: string;
  /** Rate limits for visitor messages (see rate-limit.ts), run before the message route. */
  messageRateLimit?: RequestHandler[];
  /** Rate limits for ratings of replies, a budget of their own. */
  feedbackRateLimit?: RequestHandler[];
  log: (line: string) => void;
}

/** Builds the express app. It never reads the environment and never listens by itself. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders({ corsOrigin: options.corsOrigin }));
  for (const router of options.routersBeforeBodyParser ?? []) app.use(router);
  app.use(express.json({ limit: options.jsonLimit ?? '64kb', strict: true }));

  // Liveness: the process answers. Readiness: chats are accepted (memory is loaded).
  app.get('/healthz', (_request, response) => {
    response.json({ ok: true });
  });
  app.get('/readyz', (_request, response) => {
    const isReady = options.isReady ? options.isReady() : true;
    response.status(isReady ? 200 : 503);
    if (!isReady) response.set('Retry-After', '2');
    response.json({ ready: isReady, ...(isReady ? {} : { reason: 'memory is loading' }) });
  });
  app.get('/api/status', async (_request, response) => {
    response.json(await options.status());
  });
  if (options.messageRateLimit?.length) app.post('/api/characters/:id/messages', ...options.messageRateLimit);
  if (options.feedbackRateLimit?.length) app.post('/api/characters/:id/turns/:turnId/feedback', ...options.feedbackRateLimit);
  app.use(createCharacterRoutes(options));
  for (const router of options.routers ?? []) app.use(router);

  app.use('/api', (request) => {
    throw new AppError(404, `No route ${request.method} ${request.baseUrl}${request.path}`);
  });
  app.use(express.static(options.webDir, { index: 'index.html', extensions: ['html'] }));
  app.use((request) => {
    throw new AppError(404, `Not found: ${request.path.slice(0, 200)}`);
  });
  app.use(createErrorHandler(options.log));
  return app;
}
