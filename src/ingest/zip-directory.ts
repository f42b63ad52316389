/**
 * Reading a zip's central directory (entry names and their declared sizes) without inflating
 * anything, so an archive that claims too much can be refused before any work is done.
 */
import { IngestError } from './ingest-error.ts';
import type { InputLimits } from './input-limits.ts';

/** One entry as the central directory declares it. */
export interface ZipEntrySize {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_HEADER = 0x02014b50;
const ZIP64_MARK = 0xffffffff;

/** Whether the bytes start like a zip file ("PK\x03\x04"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function findEndOfDirectory(view: DataView): number {
  const earliest = Math.max(0, view.byteLength - 22 - 65_535);
  for (let offset = view.byteLength - 22; offset >= earliest; offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_DIRECTORY) return offset;
  }
  throw new IngestError('bad-epub', 'The file looks like a zip but has no central directory; it is damaged or not an EPUB.');
}

/** Lists the entries of a zip from its central directory. Throws IngestError on a damaged zip. */
export function readZipDirectory(bytes: Uint8Array): ZipEntrySize[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 22) throw new IngestError('bad-epub', 'The zip file is truncated.');
  const end = findEndOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === ZIP64_MARK) {
    throw new IngestError('zip-bomb', 'The EPUB uses zip64 sizes; an EPUB of a novel never needs them. Refused.');
  }
  const entries: ZipEntrySize[] = [];
  const decoder = new TextDecoder();
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== DIRECTORY_HEADER) {
      throw new IngestError('bad-epub', 'The zip central directory is damaged.');
    }
    const compressedBytes = view.getUint32(offset + 20, true);
    const uncompressedBytes = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.push({ name, compressedBytes, uncompressedBytes });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Refuses a zip whose declared sizes break the limits: too many entries, a total inflated size
 * over the cap, zip64 sizes, or one entry compressed beyond the allowed ratio (the mark of a bomb).
 */
export function checkZipDirectory(entries: ZipEntrySize[], limits: InputLimits): void {
  if (entries.length > limits.maxEntries) {
    throw new IngestError('zip-bomb', `The EPUB lists ${entries.length} entries, over the limit of ${limits.maxEntries}. Refused.`);
  }
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedBytes === ZIP64_MARK || entry.compressedBytes === ZIP64_MARK) {
      throw new IngestError('zip-bomb', `EPUB entry "${entry.name.slice(0, 100)}" uses zip64 sizes. Refused.`);
    }
    const ratio = entry.uncompressedBytes / Math.max(1, entry.compressedBytes);
    if (entry.uncompressedBytes > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
      throw new IngestError(
        'zip-bomb',
        `EPUB entry "${entry.name.slice(0, 100)}" inflates ${Math.round(ratio)} times (over ${limits.maxCompressionRatio}); this looks like a zip bomb. Refused.`,
      );
    }
    total += entry.uncompressedBytes;
  }
  if (total > limits.maxInflatedBytes) {
    throw new IngestError(
      'zip-bomb',
      `The EPUB would inflate to ${total} bytes, over the limit of ${limits.maxInflatedBytes}. Refused.`,
    );
  }
}
