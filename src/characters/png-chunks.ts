import { crc32, deflateSync } from 'node:zlib';

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One PNG chunk: its four-letter type and its data (without length and CRC). */
export interface PngChunk {
  type: string;
  data: Uint8Array;
}

/** A PNG that cannot be read: bad signature, truncated chunk, wrong CRC. */
export class PngError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PngError';
  }
}

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/** Splits a PNG into its chunks, checking each CRC; stops after IEND. */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  if (!isPng(bytes)) throw new PngError('not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new PngError(`truncated chunk header at byte ${offset}`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new PngError(`chunk ${type} at byte ${offset} runs past the end of the file`);
    const expected = view.getUint32(end);
    const actual = crc32(bytes.subarray(offset + 4, end));
    if (expected !== actual) throw new PngError(`chunk ${type} at byte ${offset} has a wrong CRC`);
    chunks.push({ type, data: bytes.slice(offset + 8, end) });
    offset = end + 4;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw new PngError('PNG does not start with an IHDR chunk');
  if (chunks.at(-1)?.type !== 'IEND') throw new PngError('PNG has no IEND chunk');
  return chunks;
}

/** Joins chunks into a PNG file, computing lengths and CRCs. */
export function writePngChunks(chunks: readonly PngChunk[]): Uint8Array {
  const total = PNG_SIGNATURE.length + chunks.reduce((sum, chunk) => sum + 12 + chunk.data.length, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(PNG_SIGNATURE, 0);
  let offset = PNG_SIGNATURE.length;
  for (const chunk of chunks) {
    if (!/^[A-Za-z]{4}$/.test(chunk.type)) throw new PngError(`invalid chunk type "${chunk.type}"`);
    view.setUint32(offset, chunk.data.length);
    for (let index = 0; index < 4; index += 1) bytes[offset + 4 + index] = chunk.type.charCodeAt(index);
    bytes.set(chunk.data, offset + 8);
    const end = offset + 8 + chunk.data.length;
    view.setUint32(end, crc32(bytes.subarray(offset + 4, end)));
    offset = end + 4;
  }
  return bytes;
}

/** Builds a `tEXt` chunk. Keyword and text are Latin-1, as the PNG specification requires. */
export function createTextChunk(keyword: string, text: string): PngChunk {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword)) throw new PngError(`invalid tEXt keyword "${keyword}"`);
  if (/[^\x00-\xff]/.test(text)) throw new PngError('tEXt text must be Latin-1 (encode it as base64 first)');
  return { type: 'tEXt', data: Uint8Array.from(`${keyword}\0${text}`, (character) => character.charCodeAt(0)) };
}

/** Reads a `tEXt` chunk as `{ keyword, text }`. */
export function readTextChunk(chunk: PngChunk): { keyword: string; text: string } {
  const separator = chunk.data.indexOf(0);
  if (separator < 1) throw new PngError('tEXt chunk has no keyword');
  const latin1 = (part: Uint8Array): string => Buffer.from(part).toString('latin1');
  return { keyword: latin1(chunk.data.subarray(0, separator)), text: latin1(chunk.data.subarray(separator + 1)) };
}

/** Every `tEXt` chunk of a PNG as keyword to text; the first of a repeated keyword wins. */
export function readPngText(bytes: Uint8Array): Map<string, string> {
  const texts = new Map<string, string>();
  for (const chunk of readPngChunks(bytes)) {
    if (chunk.type !== 'tEXt') continue;
    const { keyword, text } = readTextChunk(chunk);
    if (!texts.has(keyword)) texts.set(keyword, text);
  }
  return texts;
}

/**
 * Returns a copy of the PNG whose `tEXt` chunks with the given keywords are replaced by `texts`
 * (inserted just before IEND); every other chunk is kept byte for byte.
 */
export function replacePngText(bytes: Uint8Array, texts: ReadonlyMap<string, string>): Uint8Array {
  const kept = readPngChunks(bytes).filter(
    (chunk) => !(chunk.type === 'tEXt' && texts.has(readTextChunk(chunk).keyword)),
  );
  const end = kept.pop() as PngChunk; // readPngChunks guarantees the last chunk is IEND
  const added = [...texts].map(([keyword, text]) => createTextChunk(keyword, text));
  return writePngChunks([...kept, ...added, end]);
}

/** Encodes a solid-colour RGB image (8 bits a channel) as a PNG. */
export function createSolidPng(width: number, height: number, rgb: readonly [number, number, number]): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 4096 || height > 4096) {
    throw new PngError(`invalid image size ${width}x${height}`);
  }
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
  const rowLength = 1 + width * 3;
  const raw = new Uint8Array(rowLength * height);
  for (let row = 0; row < height; row += 1) {
    // each row starts with filter type 0 (None)
    for (let column = 0; column < width; column += 1) raw.set(rgb, row * rowLength + 1 + column * 3);
  }
  return writePngChunks([
    { type: 'IHDR', data: header },
    { type: 'IDAT', data: new Uint8Array(deflateSync(raw)) },
    { type: 'IEND', data: new Uint8Array(0) },
  ]);
}
