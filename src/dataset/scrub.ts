import { createHmac, randomBytes } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.ts';
import { getField, setField, type DatasetRecord } from './row-codec.ts';
import type { ConfigDefinition } from './schema.ts';

/** Raised when the secret key file exists but cannot be used. */
export class SecretKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretKeyError';
  }
}

const KEY_BYTES = 32;
const EMAIL_PATTERN = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// 13 to 19 digits, optionally grouped by spaces or dashes: payment cards and similar account numbers.
const CARD_PATTERN = /\b\d(?:[ -]?\d){12,18}\b/g;
// An optional +country code, then 7 to 15 digits grouped by spaces, dots, dashes or parentheses.
const PHONE_PATTERN = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?!\w)/g;
const IBAN_PATTERN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b/g;

function countDigits(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** Masks emails, phone numbers, card-like numbers and IBANs in free text. Idempotent. */
export function scrubText(text: string): string {
  return text
    .replace(EMAIL_PATTERN, '[email]')
    .replace(IBAN_PATTERN, '[account]')
    .replace(CARD_PATTERN, (match) => (countDigits(match) >= 13 ? '[number]' : match))
    .replace(PHONE_PATTERN, (match) => {
      const digits = countDigits(match);
      // Years and chapter numbers have fewer digits; ISO dates have the shape of one. Keep them.
      if (/^\d{4}[-./]\d{2}[-./]\d{2}$/.test(match)) return match;
      return digits >= 7 && digits <= 15 ? '[phone]' : match;
    });
}

/** A stable, non-reversible pseudonym for a visitor: `v_` + the first 16 hex of HMAC-SHA256(key, visitor). */
export function pseudonymize(visitor: string, key: Uint8Array): string {
  return `v_${createHmac('sha256', key).update(visitor, 'utf8').digest('hex').slice(0, 16)}`;
}

/** Reads the secret key at `path`, creating it (32 random bytes, hex, mode 0600) the first time. */
export async function loadOrCreateKey(path: string): Promise<Uint8Array> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new SecretKeyError(`Cannot read the secret key at ${path}`, { cause: error });
  });
  if (existing !== undefined) {
    const hex = existing.trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) {
      throw new SecretKeyError(`The secret key at ${path} is not 64 hex characters; fix or remove it`);
    }
    return Buffer.from(hex, 'hex');
  }
  const key = randomBytes(KEY_BYTES);
  await writeFileAtomic(path, Buffer.from(`${key.toString('hex')}\n`));
  await chmod(path, 0o600);
  return key;
}

/** Copies records with every text column scrubbed and every visitor column pseudonymised. */
export function scrubRecords(config: ConfigDefinition, records: readonly object[], key: Uint8Array): DatasetRecord[] {
  const rules = config.columns.filter((column) => column.scrub !== 'none');
  return records.map((record) => {
    const copy = structuredClone(record) as DatasetRecord;
    for (const column of rules) {
      const value = getField(copy, column.field);
      if (typeof value !== 'string') continue;
      setField(copy, column.field, column.scrub === 'text' ? scrubText(value) : pseudonymize(value, key));
    }
    return copy;
  });
}
