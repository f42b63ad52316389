import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createErrorHandler } from '../../src/server/error-handler.ts';
import { createBookRoutes, type BookRoutesOptions } from '../../src/server/routes/books.ts';
import { createTempDir } from './temp-corpus.ts';

/** A running book server and its temporary corpus and characters folders. */
export interface BookServer {
  base: string;
  corpusDir: string;
  charactersDir: string;
  /** Stops the server and removes both folders. */
  close: () => Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 serving the book routes as the app mounts them, on fresh
 * temporary corpus and characters folders that `prepare` may fill first.
 */
export async function startBookServer(
  options: Omit<BookRoutesOptions, 'corpusDir' | 'charactersDir'> & { prepare?: (corpusDir: string) => Promise<void> },
): Promise<BookServer> {
  const corpus = await createTempDir();
  const characters = await createTempDir('reverie-characters-');
  const { prepare, ...routeOptions } = options;
  await prepare?.(corpus.dir);
  const app = express();
  // The studio routers read their own bodies, so they are mounted before the app-wide JSON parser.
  app.use(createBookRoutes({ ...routeOptions, corpusDir: corpus.dir, charactersDir: characters.dir }));
  app.use(express.json({ limit: '64kb' }));
  app.use(createErrorHandler(() => {}));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    corpusDir: corpus.dir,
    charactersDir: characters.dir,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await corpus.remove();
      await characters.remove();
    },
  };
}
