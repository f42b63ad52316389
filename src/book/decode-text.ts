/**
 * Turning the bytes of a text file into a string: UTF-8 with or without a byte-order mark, or,
 * when the bytes are not valid UTF-8, Windows-1252 (a superset of Latin-1 for printable text).
 * Line endings are normalised to LF.
 */

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const UTF16_LE_BOM = [0xff, 0xfe] as const;
const UTF16_BE_BOM = [0xfe, 0xff] as const;

/** The encoding `decodeText` settled on, for callers that want to report it. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A decoded text and the encoding it was read as. */
export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes, €). Some Node builds
// decode the 'windows-1252' label as plain Latin-1, so the table is ours.
const WINDOWS_1252_HIGH =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes Windows-1252 bytes (Latin-1 plus the printable 0x80-0x9F range). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const chunk = bytes.subarray(offset, offset + CHUNK);
    let text = '';
    for (const byte of chunk) {
      text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
    }
    parts.push(text);
  }
  return parts.join('');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

/** Normalises CRLF and lone CR line endings to LF. */
export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Decodes bytes and says which encoding was used (see `decodeText`). */
export function decodeTextWithEncoding(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, UTF8_BOM)) {
    return { text: normaliseLineEndings(new TextDecoder('utf-8').decode(bytes.subarray(3))), encoding: 'utf-8' };
  }
  if (startsWith(bytes, UTF16_LE_BOM)) {
    return { text: normaliseLineEndings(new TextDecoder('utf-16le').decode(bytes.subarray(2))), encoding: 'utf-16le' };
  }
  if (startsWith(bytes, UTF16_BE_BOM)) {
    return { text: normaliseLineEndings(new TextDecoder('utf-16be').decode(bytes.subarray(2))), encoding: 'utf-16be' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: normaliseLineEndings(text), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: older Gutenberg files and many Windows editors write Windows-1252.
    return { text: normaliseLineEndings(decodeWindows1252(bytes)), encoding: 'windows-1252' };
  }
}

/**
 * Decodes a text file: UTF-8 (a BOM is dropped), UTF-16 with a BOM, otherwise Windows-1252 /
 * Latin-1; CRLF and CR become LF.
 */
export function decodeText(bytes: Uint8Array): string {
  return decodeTextWithEncoding(bytes).text;
}
