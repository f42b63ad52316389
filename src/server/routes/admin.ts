import { Router } from 'express';
import { BackgroundBusyError } from '../../reflection/activity-tracker.ts';
import { AppError } from '../app-error.ts';
import { requireAdmin } from '../admin-auth.ts';

/** What the admin routes act through. */
export interface AdminRoutesOptions {
  adminToken?: string;
  hasCharacter(id: string): boolean;
  reflectNow(options: { character: string; kind?: 'chapter' | 'chat' }): Promise<unknown>;
  syncNow(): Promise<unknown>;
  quarantine(character: string): Promise<unknown[]>;
}

/** POST /api/characters/:id/reflect, POST /api/sync, GET /api/characters/:id/quarantine (admin token). */
export function createAdminRoutes(options: AdminRoutesOptions): Router {
  const router = Router();
  const admin = requireAdmin(options.adminToken);
  const characterOr404 = (id: string) => {
    if (!options.hasCharacter(id)) throw new AppError(404, `No character with id "${id.slice(0, 80)}"`);
    return id;
  };

  router.post('/api/characters/:id/reflect', admin, async (request, response) => {
    const character = characterOr404(request.params.id as string);
    const kind = (request.body as { kind?: unknown } | undefined)?.kind;
    if (kind !== undefined && kind !== 'chapter' && kind !== 'chat') throw new AppError(400, 'kind must be "chapter" or "chat"');
    try {
      response.json(await options.reflectNow({ character, ...(kind ? { kind } : {}) }));
    } catch (error) {
      if (error instanceof BackgroundBusyError) throw new AppError(409, 'A reflection is already being written; try again when it is done', { cause: error });
      throw error;
    }
  });

  router.get('/api/characters/:id/quarantine', admin, async (request, response) => {
    response.json(await options.quarantine(characterOr404(request.params.id as string)));
  });

  router.post('/api/sync', admin, async (_request, response) => {
    response.json(await options.syncNow());
  });

  return router;
}
