import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKey, pseudonymize, scrubText } from '../../src/dataset/scrub.ts';

describe('scrubbing', () => {
  it('masks emails, phone numbers, card numbers and IBANs', () => {
    expect(scrubText('mail victor.f@geneva.ch now')).toBe('mail [email] now');
    expect(scrubText('call +1 (555) 123-4567 or 020 7946 0958')).toBe('call [phone] or [phone]');
    expect(scrubText('card 4111-1111-1111-1111 ok')).toBe('card [number] ok');
    expect(scrubText('iban GB82 WEST 1234 5698 7654 32')).toBe('iban [account]');
  });

  it('keeps years, chapter numbers and dates', () => {
    const text = 'In 1818, chapter 12, on 1818-01-01, at 11:30 she read 3 pages.';
    expect(scrubText(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = scrubText('a@b.org +33 6 12 34 56 78');
    expect(scrubText(once)).toBe(once);
  });

  it('gives each visitor a stable pseudonym that depends on the key', () => {
    const key = Buffer.alloc(32, 1);
    expect(pseudonymize('visitor-1', key)).toBe(pseudonymize('visitor-1', key));
    expect(pseudonymize('visitor-1', key)).not.toBe(pseudonymize('visitor-2', key));
    expect(pseudonymize('visitor-1', key)).not.toBe(pseudonymize('visitor-1', Buffer.alloc(32, 2)));
    expect(pseudonymize('visitor-1', key)).toMatch(/^v_[0-9a-f]{16}$/);
  });

  it('creates the key once, private to the owner, and keeps it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'reverie-key-'));
    try {
      const path = join(directory, 'secret.key');
      const first = await loadOrCreateKey(path);
      expect(first).toHaveLength(32);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(Buffer.from(await loadOrCreateKey(path)).equals(Buffer.from(first))).toBe(true);
      await writeFile(path, 'not a key');
      await expect(loadOrCreateKey(path)).rejects.toThrow(/not 64 hex characters/);
      expect(await readFile(path, 'utf8')).toBe('not a key');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
