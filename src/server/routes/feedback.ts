import { Router } from 'express';
import { z } from 'zod';
import { FEEDBACK_REASONS, type ReplySignal } from '../../chat/feedback.ts';
import type { TurnRecord } from '../../memory/types.ts';
import { requireAdmin } from '../admin-auth.ts';
import { AppError } from '../app-error.ts';
import { resolveVisitor } from '../visitor.ts';

/** What the feedback and strategy routes act through. */
export interface FeedbackRoutesOptions {
  adminToken?: string;
  hasCharacter(id: string): boolean;
  /** The visitor's turns with the character (their conversations only). */
  turnsFor(characterId: string, visitorId: string): TurnRecord[];
  record(signal: Omit<ReplySignal, 'id' | 'createdAt'>): Promise<ReplySignal>;
  /** The character's current strategies, with their evidence and effect. */
  strategies(characterId: string): unknown[];
}

const feedbackBody = z
  .object({
    rating: z.union([z.literal(1), z.literal(-1)], { message: 'rating must be 1 (liked) or -1 (disliked)' }),
    reason: z.enum(FEEDBACK_REASONS, { message: `reason must be one of ${FEEDBACK_REASONS.join(', ')}` }).optional(),
    note: z.string().trim().max(500, 'note must be at most 500 characters').optional(),
    visitorId: z.string().optional(),
  })
  .strict();

const idPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const turnPattern = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * POST /api/characters/:id/turns/:turnId/feedback (a visitor rates one of the replies of their own
 * conversations: 404 for anyone else's) and, behind the admin token, GET /api/characters/:id/strategies.
 */
export function createFeedbackRoutes(options: FeedbackRoutesOptions): Router {
  const router = Router();
  const character = (id: string) => {
    if (!idPattern.test(id) || !options.hasCharacter(id)) throw new AppError(404, `No character with id "${id.slice(0, 80)}"`);
    return id;
  };

  router.post('/api/characters/:id/turns/:turnId/feedback', async (request, response) => {
    const characterId = character(request.params.id);
    const parsed = feedbackBody.safeParse(request.body ?? {});
    if (!parsed.success) throw new AppError(400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '), { code: 'bad_feedback' });
    const visitor = resolveVisitor(request, response, parsed.data.visitorId, { canCreate: false });
    const turnId = request.params.turnId;
    // Another visitor's reply, a visitor turn, or no such turn: all the same 404, so ids reveal nothing.
    const turn = visitor && turnPattern.test(turnId) ? options.turnsFor(characterId, visitor).find((entry) => entry.id === turnId && entry.role === 'character') : undefined;
    if (!turn) throw new AppError(404, 'No such reply in your conversations');
    const { rating, reason, note } = parsed.data;
    const signal = await options.record({
      character: characterId,
      visitor: turn.visitor,
      conversationId: turn.conversationId,
      turnId: turn.id,
      kind: 'rating',
      rating,
      ...(reason ? { reason } : {}),
      ...(note ? { note } : {}),
    });
    response.status(201).json({ id: signal.id, turnId: signal.turnId, rating: signal.rating, reason: signal.reason ?? null, createdAt: signal.createdAt });
  });

  router.use('/api/characters/:id/strategies', requireAdmin(options.adminToken));
  router.get('/api/characters/:id/strategies', (request, response) => {
    const characterId = character(request.params.id);
    response.json({ character: characterId, strategies: options.strategies(characterId) });
  });
  return router;
}
