import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError } from './app-error.ts';

const visitorPattern = /^[A-Za-z0-9_-]{16,64}$/;
const cookieName = 'visitor';

/** Reads one cookie from the request without a cookie library. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** A new visitor id: 144 random bits, unguessable. */
export function newVisitorId(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The visitor making the request: an explicit id (body or query), else the `visitor` cookie, else
 * a new random id set as an httpOnly cookie. A malformed explicit id is refused.
 */
export function resolveVisitor(request: Request, response: Response, explicit: unknown, options: { canCreate: boolean }): string | undefined {
  if (explicit !== undefined && explicit !== null && explicit !== '') {
    if (typeof explicit !== 'string' || !visitorPattern.test(explicit)) {
      throw new AppError(400, 'visitorId must be 16 to 64 letters, digits, "-" or "_"');
    }
    return explicit;
  }
  const cookie = readCookie(request, cookieName);
  if (cookie && visitorPattern.test(cookie)) return cookie;
  if (!options.canCreate) return undefined;
  const visitor = newVisitorId();
  response.cookie(cookieName, visitor, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 365 * 24 * 60 * 60 * 1000 });
  return visitor;
}
