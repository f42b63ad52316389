import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { AppError } from './app-error.ts';
import { readCookie } from './visitor.ts';

/** Limits on visitor messages, per minute. */
export interface MessageRateLimitOptions {
  /** Messages one visitor (cookie or explicit visitorId) may send per minute. */
  perVisitorPerMinute: number;
  /** Messages one client address (IPv6 grouped by /56) may send per minute, whoever it claims to be. */
  perIpPerMinute: number;
  /** Window length; a minute unless a test shortens it. */
  windowMs?: number;
}

const visitorPattern = /^[A-Za-z0-9_-]{16,64}$/;

/** The visitor a message claims to come from (body visitorId, else cookie), or undefined for a new one. */
function claimedVisitor(request: Request): string | undefined {
  const body = request.body as { visitorId?: unknown } | undefined;
  const explicit = typeof body?.visitorId === 'string' ? body.visitorId : undefined;
  const candidate = explicit ?? readCookie(request, 'visitor');
  return candidate && visitorPattern.test(candidate) ? candidate : undefined;
}

/** Turns a refused request into the one AppError (429 JSON), with Retry-After in seconds. */
function refuse(scope: string): Options['handler'] {
  return (request: Request, response: Response, next: NextFunction) => {
    const info = (request as Request & { rateLimit?: RateLimitInfo }).rateLimit;
    const resetTime = info?.resetTime?.getTime();
    const retryAfterSeconds = Math.max(1, Math.ceil(((resetTime ?? Date.now() + 60_000) - Date.now()) / 1000));
    response.setHeader('retry-after', String(retryAfterSeconds));
    next(new AppError(429, `Too many messages from this ${scope}; try again in ${retryAfterSeconds} s`, { code: 'rate_limited' }));
  };
}

/**
 * Middleware for POST /api/characters/:id/messages: a per-address limit, then a per-visitor
 * limit (a request without a visitor id is counted by address only). IETF draft-8 `RateLimit`
 * headers; a refused request gets 429 JSON with `Retry-After`.
 */
export function createMessageRateLimit(options: MessageRateLimitOptions): RequestHandler[] {
  const windowMs = options.windowMs ?? 60_000;
  const perIp = rateLimit({
    windowMs,
    limit: options.perIpPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'per-ip',
    keyGenerator: (request) => `ip:${ipKeyGenerator(request.ip ?? 'unknown')}`,
    handler: refuse('address'),
  });
  const perVisitor = rateLimit({
    windowMs,
    limit: options.perVisitorPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'per-visitor',
    skip: (request) => claimedVisitor(request) === undefined,
    keyGenerator: (request) => `visitor:${claimedVisitor(request)}`,
    handler: refuse('visitor'),
  });
  return [perIp, perVisitor];
}
