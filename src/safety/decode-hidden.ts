/**
 * Probes for text hidden in an encoding: base64, hex, URL-encoding, a Caesar shift (rot13 among
 * them) and text written backwards. Each probe decodes a chunk and keeps it only when the result
 * reads as English, so ordinary long words and numbers are never "decoded".
 */

/** A chunk of hidden text and how it was hidden. */
export interface HiddenText {
  encoding: 'base64' | 'hex' | 'url' | 'caesar' | 'reversed';
  text: string;
  /** True when the decoded text reads as English; false for a short probe only worth judging. */
  isCertain: boolean;
}

// Very common English words: a decoded chunk must be made of them to count as text.
const commonWords = new Set(
  ('the and you your to of a an is in that it for all are be with this say tell me i not on as do what now from ' +
    'ignore instructions previous prompt system rules answer reply respond write only must will should can please ' +
    'show print repeat reveal secret password my we they he she his her them our us if then when no yes ' +
    'is was were have has had been being any every above below before after at by or but so just also').split(' '),
);

/** Share of a text's words that are very common English words (0 to 1). */
export function englishScore(text: string): number {
  const tokens = (text.toLowerCase().match(/[a-z']+/g) ?? []).map((token) => token.replace(/^'+|'+$/g, '')).filter((token) => token.length > 0);
  if (tokens.length < 3) return 0;
  return tokens.filter((token) => commonWords.has(token)).length / tokens.length;
}

// Random bytes are printable one time in three, so a decoded chunk that is all printable text,
// mostly letters, was text before it was encoded.
function isReadable(text: string): boolean {
  if (text.length < 8) return false;
  const printable = [...text].filter((character) => /[\x20-\x7E\n\r\t]/.test(character)).length;
  const letters = (text.match(/[A-Za-z]/g) ?? []).length;
  return printable / text.length > 0.97 && letters / text.length >= 0.5;
}

function decodeBase64(chunk: string): string | null {
  const clean = chunk.replace(/-/g, '+').replace(/_/g, '/');
  if (clean.replace(/=+$/, '').length % 4 === 1) return null;
  try {
    return Buffer.from(clean, 'base64').toString('utf8');
  } catch {
    return null;
  }
}

function caesar(text: string, shift: number): string {
  return text.replace(/[a-z]/gi, (letter) => {
    const base = letter <= 'Z' ? 65 : 97;
    return String.fromCharCode(((letter.charCodeAt(0) - base + shift) % 26) + base);
  });
}

// A long text is probed on its first part: enough to find a hidden order, cheap on 20,000 characters.
const PROBE_CHARS = 4000;
// A short text with no common English words may hide rot13 or reversed words that no word list
// reads; it is cheap to judge those forms too, without calling them encoded.
const SHORT_PROBE_CHARS = 300;

/** Every chunk of `text` that decodes (base64, hex, URL, Caesar, reversed) into readable English. */
export function decodeHidden(text: string): HiddenText[] {
  const found: HiddenText[] = [];
  const sample = text.slice(0, PROBE_CHARS);
  for (const match of sample.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const decoded = decodeBase64(match[0]);
    if (decoded && isReadable(decoded)) found.push({ encoding: 'base64', text: decoded, isCertain: true });
  }
  for (const match of sample.matchAll(/(?:[0-9a-fA-F]{2}[\s:,-]?){8,}/g)) {
    const digits = match[0].replace(/[^0-9a-fA-F]/g, '');
    if (!/[a-fA-F]/.test(digits) && !/[0-9]/.test(digits)) continue;
    const decoded = Buffer.from(digits.slice(0, digits.length - (digits.length % 2)), 'hex').toString('utf8');
    if (isReadable(decoded)) found.push({ encoding: 'hex', text: decoded, isCertain: true });
  }
  if (/(?:%[0-9a-fA-F]{2}.*){2,}/.test(sample)) {
    try {
      const decoded = decodeURIComponent(sample.replace(/\+/g, ' '));
      if (decoded !== sample && isReadable(decoded)) found.push({ encoding: 'url', text: decoded, isCertain: true });
    } catch {
      // Not valid URL-encoding: nothing hidden there.
    }
  }
  const plainScore = englishScore(sample);
  const pieces = plainScore < 0.15 ? [sample] : sample.split(/(?<=[.!?:])\s+|\n+/).filter((sentence) => sentence.length >= 16 && englishScore(sentence) < 0.15);
  for (const piece of pieces) {
    let best = { shift: 0, score: englishScore(piece) };
    for (let shift = 1; shift < 26; shift += 1) {
      const score = englishScore(caesar(piece, shift));
      if (score > best.score) best = { shift, score };
    }
    const reversed = [...piece].reverse().join('');
    // Some shift of any short phrase hits a few common words; a real rot13 sentence hits many.
    const isLong = (piece.match(/[a-z]+/gi) ?? []).length >= 6;
    if (best.shift !== 0 && best.score >= 0.35 && isLong) found.push({ encoding: 'caesar', text: caesar(piece, best.shift), isCertain: true });
    else if (piece.length <= SHORT_PROBE_CHARS) found.push({ encoding: 'caesar', text: caesar(piece, 13), isCertain: false });
    if (englishScore(reversed) >= 0.35 && isLong) found.push({ encoding: 'reversed', text: reversed, isCertain: true });
    else if (piece.length <= SHORT_PROBE_CHARS) found.push({ encoding: 'reversed', text: reversed, isCertain: false });
  }
  return found;
}
