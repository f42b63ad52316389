import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error.ts';

/** Maps express's own body-parser failures to AppErrors with clear messages. */
function translate(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const candidate = error as { type?: string; status?: number; message?: string };
  if (candidate?.type === 'entity.parse.failed') return new AppError(400, 'Malformed JSON body', { cause: error });
  if (candidate?.type === 'entity.too.large') return new AppError(413, 'Request body is over the size limit', { cause: error });
  if (candidate?.type === 'encoding.unsupported' || candidate?.type === 'charset.unsupported') return new AppError(415, 'Unsupported body encoding', { cause: error });
  if (typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500) {
    return new AppError(candidate.status, candidate.message ?? 'Bad request', { cause: error });
  }
  return new AppError(500, 'Internal error', { cause: error });
}

/** The one error handler: JSON `{ error: { code, message } }`, logging only 5xx. */
export function createErrorHandler(log: (line: string) => void) {
  return (error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const appError = translate(error);
    if (appError.status >= 500) log(`error: ${(error as Error)?.stack ?? String(error)}`);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(appError.status).json({ error: { code: appError.code, message: appError.message } });
  };
}
