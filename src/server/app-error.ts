/** An error with the HTTP status it should be answered with; the error handler turns it into JSON. */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.code = options.code ?? defaultCode(status);
  }
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'too_large',
    415: 'unsupported_media_type',
    429: 'too_many_requests',
    503: 'unavailable',
    507: 'insufficient_storage',
  };
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'error');
}
