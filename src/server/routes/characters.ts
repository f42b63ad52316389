import { Router } from 'express';
import type { ChatService } from '../../chat/chat-service.ts';
import type { ConversationLog } from '../../chat/conversations.ts';
import { JournalError } from '../../memory/journal.ts';
import { AppError } from '../app-error.ts';
import { parseMessageInput } from '../message-input.ts';
import { openEventStream } from '../sse.ts';
import { resolveVisitor } from '../visitor.ts';

/** A character as the gallery lists it. */
export interface CharacterSummary {
  id: string;
  name: string;
  book: { id: string; title: string; author: string };
  greeting: string;
}

/** The public fields of a card (nothing from the constitution's private reasoning). */
export interface CharacterProfile extends CharacterSummary {
  description: string;
  personality: string;
  scenario: string;
  tags: string[];
}

/** Where the routes read characters from. */
export interface CharacterCatalog {
  list(): CharacterSummary[];
  get(id: string): CharacterProfile | undefined;
}

/** Dependencies of the visitor-facing character routes. */
export interface CharacterRoutesOptions {
  catalog: CharacterCatalog;
  chat: ChatService;
  conversations: ConversationLog;
  maxMessageChars: number;
  /** Refuses a new stream when the visitor already has too many open (see hardening). */
  streams?: { tryOpen(visitor: string): (() => void) | undefined };
  /** Answers "busy" (503) while the server is restoring from the Hub. */
  isReady?: () => boolean;
  /** Resolves true once ready, or false after `timeoutMs`: a message that comes early waits that long for memory before a 503. */
  untilReady?: (timeoutMs: number) => Promise<boolean>;
  /** How long an early message waits for memory (ms). */
  readyWaitMs?: number;
  reflections?: (characterId: string, options: { limit: number; kind?: 'chapter' | 'chat' }) => unknown[] | Promise<unknown[]>;
}

const idPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

function characterOr404(catalog: CharacterCatalog, id: string): CharacterProfile {
  const profile = idPattern.test(id) ? catalog.get(id) : undefined;
  if (!profile) throw new AppError(404, `No character with id "${id.slice(0, 80)}"`);
  return profile;
}

/** The journal could not store the message: say so before any stream opens (507 when the disk is full). */
function storageFailure(error: unknown): never {
  if (error instanceof JournalError) {
    const isFull = error.code === 'ENOSPC' || error.code === 'EDQUOT';
    throw new AppError(isFull ? 507 : 503, isFull ? 'The server has no room to store your message right now; nothing was saved. Try again later.' : 'The server cannot store your message right now; nothing was saved. Try again later.', { cause: error });
  }
  throw error;
}

/** GET /api/characters, GET /api/characters/:id, its conversation, reflections, and POST messages (SSE). */
export function createCharacterRoutes(options: CharacterRoutesOptions): Router {
  const router = Router();

  router.get('/api/characters', (_request, response) => {
    response.json(options.catalog.list());
  });

  router.get('/api/characters/:id', (request, response) => {
    response.json(characterOr404(options.catalog, request.params.id));
  });

  router.get('/api/characters/:id/conversation', (request, response) => {
    const profile = characterOr404(options.catalog, request.params.id);
    const visitor = resolveVisitor(request, response, request.query.visitorId, { canCreate: false });
    const turns = visitor ? options.conversations.turnsFor(profile.id, visitor) : [];
    response.json(
      turns.map((turn) => ({
        id: turn.id,
        conversationId: turn.conversationId,
        role: turn.role,
        text: turn.text,
        createdAt: turn.createdAt,
        ...(turn.provider ? { provider: turn.provider, model: turn.model } : {}),
        ...(turn.isPartial ? { isPartial: true } : {}),
      })),
    );
  });

  router.get('/api/characters/:id/reflections', async (request, response) => {
    const profile = characterOr404(options.catalog, request.params.id);
    const limit = Math.min(100, Math.max(1, Number.parseInt(String(request.query.limit ?? '20'), 10) || 20));
    const kind = request.query.kind;
    if (kind !== undefined && kind !== 'chapter' && kind !== 'chat') throw new AppError(400, 'kind must be "chapter" or "chat"');
    response.json(options.reflections ? await options.reflections(profile.id, { limit, ...(kind ? { kind } : {}) }) : []);
  });

  router.post('/api/characters/:id/messages', async (request, response) => {
    const profile = characterOr404(options.catalog, request.params.id);
    // A message that comes while memory loads waits for it a little (a script that waited only for
    // /healthz is answered, not refused), then is refused with the time to retry.
    const isReady = !options.isReady || options.isReady() || (options.untilReady !== undefined && (await options.untilReady(options.readyWaitMs ?? 0)));
    if (!isReady) {
      response.set('Retry-After', '2');
      throw new AppError(503, 'The characters are waking up (restoring memory); try again in a moment');
    }
    const input = parseMessageInput(request.body, options.maxMessageChars);
    const visitor = resolveVisitor(request, response, input.visitorId, { canCreate: true })!;
    const release = options.streams?.tryOpen(visitor);
    if (options.streams && !release) throw new AppError(429, 'Too many replies in progress for this visitor; wait for one to finish');
    try {
      const pending = await options.chat.accept({ characterId: profile.id, visitorId: visitor, message: input.message, isNewConversation: input.isNewConversation }).catch(storageFailure);
      const abort = new AbortController();
      // response 'close' (not request 'close') fires when the visitor goes away mid-reply.
      response.on('close', () => abort.abort(new Error('visitor disconnected')));
      const stream = openEventStream(response);
      try {
        for await (const event of pending.events(abort.signal)) {
          if (event.type === 'text-delta') await stream.send('text-delta', { text: event.text });
          else {
            const { type: _type, ...done } = event;
            await stream.send('done', done);
          }
        }
      } catch (error) {
        await stream.send('error', { message: abort.signal.aborted ? 'The reply was interrupted' : `The reply failed: ${(error as Error).message}` });
      } finally {
        stream.close();
      }
    } finally {
      release?.();
    }
  });

  return router;
}
