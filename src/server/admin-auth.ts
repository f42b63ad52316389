import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error.ts';

/**
 * Middleware for admin surfaces: `Authorization: Bearer <REVERIE_ADMIN_TOKEN>`, compared in
 * constant time (hashes of equal length). With no token configured the surfaces are off (403).
 */
export function requireAdmin(adminToken: string | undefined) {
  const expected = adminToken ? createHash('sha256').update(adminToken).digest() : undefined;
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!expected) return next(new AppError(403, 'Admin surfaces are off: set REVERIE_ADMIN_TOKEN to enable them'));
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    const given = createHash('sha256').update(match?.[1] ?? '').digest();
    if (!match || !timingSafeEqual(given, expected)) return next(new AppError(401, 'A valid admin token is required (Authorization: Bearer <token>)'));
    next();
  };
}
