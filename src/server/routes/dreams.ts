import { Router } from 'express';
import { z } from 'zod';
import type { DreamService } from '../../dreaming/dream-service.ts';
import { DreamError } from '../../dreaming/dream-types.ts';
import type { DreamRecord } from '../../dreaming/dream-types.ts';
import { BackgroundBusyError } from '../../reflection/activity-tracker.ts';
import { requireAdmin } from '../admin-auth.ts';
import { AppError } from '../app-error.ts';

/** What the dream routes act through. */
export interface DreamRoutesOptions {
  adminToken?: string;
  service: DreamService;
  hasCharacter(id: string): boolean;
  /** Runs a dream as the one background job (a visitor preempts it). */
  runDream(characterId: string, options: { mode: 'apply' | 'dry-run' | 'auto' }): Promise<DreamRecord>;
}

const dreamBody = z.object({ mode: z.enum(['apply', 'dry-run', 'auto']).default('auto') }).strict();
const rollbackBody = z.object({ version: z.number().int().nonnegative() }).strict();
const dreamIdPattern = /^[a-z0-9][a-z0-9-]{0,63}\.[A-Za-z0-9._:-]{1,80}$/;

function translate(error: unknown): never {
  if (error instanceof DreamError) throw new AppError(/unknown|no dream|not found/i.test(error.message) ? 404 : 409, error.message, { cause: error });
  if (error instanceof BackgroundBusyError) throw new AppError(409, 'Background work is already running; try again when it is done', { cause: error });
  throw error;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new AppError(400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  return parsed.data;
}

/** Dreams, their review, memory versions and rollback; all behind the admin token. */
export function createDreamRoutes(options: DreamRoutesOptions): Router {
  const router = Router();
  router.use(['/api/dreams', '/api/characters/:id/dreams', '/api/characters/:id/memory'], requireAdmin(options.adminToken));
  const character = (id: string) => {
    if (!options.hasCharacter(id)) throw new AppError(404, `No character with id "${id.slice(0, 80)}"`);
    return id;
  };
  const dreamId = (id: string) => {
    if (!dreamIdPattern.test(id)) throw new AppError(404, 'No such dream');
    return id;
  };

  router.post('/api/characters/:id/dreams', async (request, response) => {
    const id = character(request.params.id);
    const { mode } = parse(dreamBody, request.body);
    response.status(201).json(await options.runDream(id, { mode }).catch(translate));
  });
  router.get('/api/characters/:id/dreams', async (request, response) => {
    response.json(await options.service.list(character(request.params.id)));
  });
  router.get('/api/dreams/:dreamId', async (request, response) => {
    const detail = await options.service.get(dreamId(request.params.dreamId));
    if (!detail) throw new AppError(404, 'No such dream');
    response.json(detail);
  });
  router.post('/api/dreams/:dreamId/approve', async (request, response) => {
    response.json(await options.service.approve(dreamId(request.params.dreamId), 'admin').catch(translate));
  });
  router.post('/api/dreams/:dreamId/reject', async (request, response) => {
    response.json(await options.service.reject(dreamId(request.params.dreamId), 'admin').catch(translate));
  });
  router.get('/api/characters/:id/memory/versions', async (request, response) => {
    response.json(await options.service.versions(character(request.params.id)));
  });
  router.post('/api/characters/:id/memory/rollback', async (request, response) => {
    const id = character(request.params.id);
    const { version } = parse(rollbackBody, request.body);
    response.json(await options.service.rollback(id, version, 'admin').catch(translate));
  });
  return router;
}
