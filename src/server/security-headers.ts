import type { NextFunction, Request, Response } from 'express';

/**
 * Security headers and a Content-Security-Policy that allows only Reverie's own scripts and
 * styles. CORS is off unless an origin is configured.
 */
export function securityHeaders(options: { corsOrigin?: string }) {
  return (request: Request, response: Response, next: NextFunction) => {
    response.setHeader(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('x-frame-options', 'DENY');
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('cross-origin-opener-policy', 'same-origin');
    response.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (options.corsOrigin) {
      response.setHeader('access-control-allow-origin', options.corsOrigin);
      response.setHeader('vary', 'Origin');
      if (request.method === 'OPTIONS') {
        response.setHeader('access-control-allow-methods', 'GET, POST');
        response.setHeader('access-control-allow-headers', 'content-type, authorization');
        response.status(204).end();
        return;
      }
    }
    next();
  };
}
