import { Router } from 'express';
import { AppError } from '../app-error.ts';
import { resolveVisitor } from '../visitor.ts';

/** What the erasure answers, as the route shows it. */
export interface ErasureAnswer {
  erasureId: string;
  status: 'done' | 'pending';
  character?: string;
  counts: object;
}

/** Dependencies of the visitor routes. */
export interface VisitorRoutesOptions {
  hasCharacter(id: string): boolean;
  /** Answers 503 while memory is still loading (an erasure must see all of it). */
  isReady?: () => boolean;
  erase(request: { visitor: string; character?: string }): Promise<ErasureAnswer>;
}

const idPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * DELETE /api/visitors/me?confirm=yes[&character=<id>][&visitorId=...]: erases what the visitor
 * (the `visitor` cookie or `visitorId`) told every character, or one; 200 with what was erased
 * per place, 202 when everything local is erased and the Hub is still to follow.
 */
export function createVisitorRoutes(options: VisitorRoutesOptions): Router {
  const router = Router();
  router.delete('/api/visitors/me', async (request, response) => {
    if (request.query.confirm !== 'yes') {
      throw new AppError(400, 'Erasing is for good: add confirm=yes to erase everything you told the characters (add character=<id> for one character only)', { code: 'confirmation_required' });
    }
    if (options.isReady && !options.isReady()) throw new AppError(503, 'The characters are waking up (restoring memory); ask again in a moment');
    const character = request.query.character;
    if (character !== undefined && (typeof character !== 'string' || !idPattern.test(character) || !options.hasCharacter(character))) {
      throw new AppError(404, `No character with id "${String(character).slice(0, 80)}"`);
    }
    const visitor = resolveVisitor(request, response, request.query.visitorId, { canCreate: false });
    if (!visitor) throw new AppError(400, 'There is nobody to forget: no visitor cookie and no visitorId', { code: 'no_visitor' });
    const result = await options.erase({ visitor, ...(character ? { character } : {}) });
    // Forgotten everywhere: the next visit starts as a stranger.
    if (!character) response.clearCookie('visitor', { path: '/', httpOnly: true, sameSite: 'lax' });
    response.status(result.status === 'done' ? 200 : 202).json({ erasureId: result.erasureId, status: result.status, character: result.character ?? null, erased: result.counts });
  });
  return router;
}
