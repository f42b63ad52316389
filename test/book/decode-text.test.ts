import { describe, expect, it } from 'vitest';
import { decodeText, decodeTextWithEncoding } from '../../src/book/decode-text.ts';

describe('decodeText', () => {
  it('reads UTF-8 and drops a byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Alice’s “tea”')]);
    expect(decodeText(bytes)).toBe('Alice’s “tea”');
  });

  it('reads UTF-8 without a byte-order mark unchanged', () => {
    expect(decodeTextWithEncoding(new TextEncoder().encode('naïve café'))).toEqual({ text: 'naïve café', encoding: 'utf-8' });
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8', () => {
    // "café “hi”" in Windows-1252: é = E9, curly quotes = 93/94.
    const bytes = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x68, 0x69, 0x94]);
    expect(decodeTextWithEncoding(bytes)).toEqual({ text: 'café “hi”', encoding: 'windows-1252' });
  });

  it('reads Latin-1 accented letters', () => {
    const bytes = new Uint8Array([0x4e, 0x61, 0xef, 0x76, 0x65, 0x20, 0xc0, 0x20, 0x6c, 0xe0]);
    expect(decodeText(bytes)).toBe('Naïve À là');
  });

  it('turns CRLF and lone CR line endings into LF', () => {
    expect(decodeText(new TextEncoder().encode('one\r\ntwo\rthree\n'))).toBe('one\ntwo\nthree\n');
  });

  it('reads UTF-16 little-endian with a byte-order mark', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]);
    expect(decodeText(bytes)).toBe('Hi');
  });
});
