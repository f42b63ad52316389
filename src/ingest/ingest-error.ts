/** Why an ingestion was refused or failed; the HTTP layer maps each reason to a status. */
export type IngestErrorReason =
  | 'empty'
  | 'binary'
  | 'too-large'
  | 'zip-bomb'
  | 'bad-epub'
  | 'bad-id'
  | 'no-text'
  | 'injection'
  | 'write-failed';

/** Thrown when a book cannot be ingested; the message says what to do about it. */
export class IngestError extends Error {
  override name = 'IngestError';
  readonly reason: IngestErrorReason;

  constructor(reason: IngestErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }

  /** The HTTP status that fits the reason: 413 for sizes, 500 for our own failures, else 400/415. */
  get status(): number {
    if (this.reason === 'too-large' || this.reason === 'zip-bomb') return 413;
    if (this.reason === 'binary') return 415;
    if (this.reason === 'write-failed') return 500;
    return 400;
  }
}
