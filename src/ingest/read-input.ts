/**
 * Turning an uploaded file into text: EPUB (by its zip signature), Markdown (by name or by its
 * `#` headings) or plain text in UTF-8, UTF-8 with a BOM, UTF-16 with a BOM or Windows-1252.
 * Empty, binary and oversized files are refused with a message that says what was wrong.
 */
import { decodeTextWithEncoding, type TextEncoding } from '../book/decode-text.ts';
import { IngestError } from './ingest-error.ts';
import type { InputLimits } from './input-limits.ts';
import { markdownToText } from './markdown-to-text.ts';
import { readEpub } from './read-epub.ts';
import { isZip } from './zip-directory.ts';

/** The format a file was read as. */
export type InputFormat = 'text' | 'markdown' | 'epub';

/** A file read as text, with what its own metadata says (EPUB) and how it was decoded. */
export interface BookInput {
  text: string;
  format: InputFormat;
  encoding: TextEncoding;
  title?: string;
  author?: string;
}

const SIGNATURES: Array<{ bytes: number[]; name: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46], name: 'a PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { bytes: [0x1f, 0x8b], name: 'a gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], name: 'an old Word document' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'a program' },
];

/** Throws when the decoded text is mostly control characters (a binary file read as Latin-1). */
function assertLooksLikeText(text: string): void {
  const sample = text.slice(0, 64 * 1024);
  let control = 0;
  for (let index = 0; index < sample.length; index += 1) {
    const code = sample.charCodeAt(index);
    if ((code < 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0c) || code === 0xfffd || (code >= 0x7f && code < 0xa0)) {
      control += 1;
    }
  }
  if (control > Math.max(8, sample.length * 0.01)) {
    throw new IngestError('binary', 'The file looks binary, not text. Upload a plain-text, Markdown or EPUB file.');
  }
}

function isMarkdown(text: string, fileName: string | undefined): boolean {
  if (fileName && /\.(md|markdown)$/i.test(fileName)) return true;
  if (fileName && /\.(txt|text)$/i.test(fileName)) return false;
  return (text.slice(0, 200_000).match(/^#{1,6} \S/gm)?.length ?? 0) >= 2;
}

/** Reads one uploaded file as text. Throws IngestError for empty, binary, oversized or broken files. */
export async function readBookInput(bytes: Uint8Array, limits: InputLimits, fileName?: string): Promise<BookInput> {
  if (bytes.byteLength === 0) throw new IngestError('empty', 'The file is empty.');
  if (bytes.byteLength > limits.maxInputBytes) {
    throw new IngestError(
      'too-large',
      `The file is ${bytes.byteLength} bytes, over the ${limits.maxInputBytes}-byte limit. A novel in plain text is rarely over 5 MB.`,
    );
  }
  if (isZip(bytes)) {
    const epub = await readEpub(bytes, limits);
    const input: BookInput = { text: epub.text, format: 'epub', encoding: 'utf-8' };
    if (epub.title) input.title = epub.title;
    if (epub.author) input.author = epub.author;
    return input;
  }
  const signature = SIGNATURES.find((candidate) => candidate.bytes.every((value, index) => bytes[index] === value));
  if (signature) throw new IngestError('binary', `The file is ${signature.name}, not text. Upload a plain-text, Markdown or EPUB file.`);
  const decoded = decodeTextWithEncoding(bytes);
  const text = decoded.text.replace(/^\uFEFF/, '');
  assertLooksLikeText(text);
  if (text.trim().length === 0) throw new IngestError('empty', 'The file holds only white space.');
  if (isMarkdown(text, fileName)) return { text: markdownToText(text), format: 'markdown', encoding: decoded.encoding };
  return { text, format: 'text', encoding: decoded.encoding };
}
