/**
 * A binary file of named typed arrays and string lists under a JSON header, with the length and
 * a CRC-32 of everything after the header, written atomically (temporary file, fsync, rename,
 * fsync of the folder). Reading checks the magic, the format, the length and the CRC, so a torn
 * or foreign file is refused rather than half-loaded (the CRC is there for damage, which a
 * 32-bit check catches but for one chance in four billion; nothing here guards against tampering,
 * and the sources correct whatever a checkpoint says). Arrays are read in place, aligned.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = 'RVIX';
// 1: SHA-256, string lists as JSON. 2: CRC-32 and body length, string lists as one block.
const FORMAT = 2;

/** The typed arrays a checkpoint can hold. */
export type CheckpointArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** What a checkpoint file holds. */
export interface CheckpointContents {
  /** Small JSON values: scalars, settings, versions. */
  header: Record<string, unknown>;
  arrays: Record<string, CheckpointArray>;
  strings: Record<string, string[]>;
}

/** A checkpoint file that is missing, torn, foreign or of another format. */
export class CheckpointError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckpointError';
  }
}

const constructors = { Uint8Array, Uint16Array, Uint32Array, Float64Array } as const;
type ArrayKind = keyof typeof constructors;

interface Section {
  name: string;
  kind: ArrayKind | 'strings';
  offset: number;
  bytes: number;
}

const aligned = (bytes: number) => Math.ceil(bytes / 8) * 8;

/*
 * A list of strings is one block: the count, each string's length in UTF-16 code units, then all
 * of them joined, as Latin-1 when every character fits in a byte and as UTF-16 otherwise (never
 * UTF-8, which would turn a lone surrogate in a visitor id into another id). Reading slices the
 * joined text: no string is parsed or copied one by one.
 */
const LATIN1 = 1;
const UTF16 = 2;

/** The block of `list`. */
function encodeStrings(list: readonly string[]): Uint8Array {
  const joined = list.join('');
  const isLatin1 = !/[^\u0000-\u00ff]/.test(joined);
  const text = Buffer.from(joined, isLatin1 ? 'latin1' : 'utf16le');
  const head = new Uint32Array(2 + list.length);
  head[0] = isLatin1 ? LATIN1 : UTF16;
  head[1] = list.length;
  list.forEach((entry, index) => (head[2 + index] = entry.length));
  return Buffer.concat([new Uint8Array(head.buffer), text]);
}

/** The strings of a block written by `encodeStrings`; throws `CheckpointError` when it does not add up. */
function decodeStrings(block: Buffer): string[] {
  if (block.byteLength < 8) throw new CheckpointError('checkpoint has a torn string list');
  const encoding = block.readUInt32LE(0);
  const count = block.readUInt32LE(4);
  const textStart = 8 + count * 4;
  if ((encoding !== LATIN1 && encoding !== UTF16) || textStart > block.byteLength) throw new CheckpointError('checkpoint has a torn string list');
  const joined = block.toString(encoding === LATIN1 ? 'latin1' : 'utf16le', textStart);
  const lengths = block.byteOffset % 4 === 0 ? new Uint32Array(block.buffer as ArrayBuffer, block.byteOffset + 8, count) : Uint32Array.from({ length: count }, (_, index) => block.readUInt32LE(8 + index * 4));
  const list = new Array<string>(count);
  let position = 0;
  for (let index = 0; index < count; index += 1) {
    const length = lengths[index]!;
    list[index] = joined.slice(position, position + length);
    position += length;
  }
  if (position !== joined.length) throw new CheckpointError('checkpoint string list lengths disagree with its text');
  return list;
}

/** Writes a checkpoint so that readers see the old file or the whole new one. */
export async function writeCheckpoint(path: string, contents: CheckpointContents): Promise<number> {
  const sections: Section[] = [];
  const bodies: Uint8Array[] = [];
  let offset = 0;
  const push = (name: string, kind: Section['kind'], body: Uint8Array) => {
    sections.push({ name, kind, offset, bytes: body.byteLength });
    bodies.push(body, new Uint8Array(aligned(body.byteLength) - body.byteLength));
    offset += aligned(body.byteLength);
  };
  for (const [name, array] of Object.entries(contents.arrays)) push(name, array.constructor.name as ArrayKind, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  for (const [name, list] of Object.entries(contents.strings)) push(name, 'strings', encodeStrings(list));
  const body = Buffer.concat(bodies);
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, format: FORMAT, crc32: crc32(body), bodyBytes: body.byteLength, sections, header: contents.header }), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.byteLength, 4);
  const padding = Buffer.alloc(aligned(8 + header.byteLength) - 8 - header.byteLength);
  const file = Buffer.concat([prefix, header, padding, body]);

  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.tmp-${basename(path)}.${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(file);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    const folder = await open(directory, 'r');
    await folder.sync().finally(() => folder.close());
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CheckpointError(`could not write checkpoint ${path}`, { cause: error });
  }
  return file.byteLength;
}

/** Reads a checkpoint written by `writeCheckpoint`; throws `CheckpointError` when it cannot be trusted. */
export async function readCheckpoint(path: string): Promise<CheckpointContents> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    throw new CheckpointError(`could not read checkpoint ${path}`, { cause: error });
  }
  if (file.byteLength < 8 || file.toString('latin1', 0, 4) !== MAGIC) throw new CheckpointError(`${path} is not a checkpoint`);
  const headerBytes = file.readUInt32LE(4);
  let parsed: { format?: unknown; crc32?: unknown; bodyBytes?: unknown; sections?: Section[]; header?: Record<string, unknown> };
  try {
    parsed = JSON.parse(file.toString('utf8', 8, 8 + headerBytes)) as typeof parsed;
  } catch (error) {
    throw new CheckpointError(`${path} has a torn header`, { cause: error });
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.sections) || typeof parsed.crc32 !== 'number') throw new CheckpointError(`${path} is of another format`);
  const body = file.subarray(aligned(8 + headerBytes));
  if (body.byteLength !== parsed.bodyBytes) throw new CheckpointError(`${path} is torn (${body.byteLength} bytes after the header, ${String(parsed.bodyBytes)} written)`);
  if (crc32(body) !== parsed.crc32) throw new CheckpointError(`${path} is damaged (checksum mismatch)`);
  const contents: CheckpointContents = { header: parsed.header ?? {}, arrays: {}, strings: {} };
  for (const section of parsed.sections) {
    if (!Number.isInteger(section.offset) || !Number.isInteger(section.bytes) || section.offset < 0 || section.offset + section.bytes > body.byteLength) throw new CheckpointError(`${path} has a section outside its body`);
    const bytes = body.subarray(section.offset, section.offset + section.bytes);
    if (section.kind === 'strings') {
      contents.strings[section.name] = decodeStrings(bytes);
      continue;
    }
    const Constructor = constructors[section.kind];
    if (!Constructor) throw new CheckpointError(`${path} has a section of unknown kind ${String(section.kind)}`);
    const length = section.bytes / Constructor.BYTES_PER_ELEMENT;
    // The file's own memory, where it is aligned for the type (it is, read whole): no copy.
    if (bytes.byteOffset % Constructor.BYTES_PER_ELEMENT === 0) {
      contents.arrays[section.name] = new Constructor(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
      continue;
    }
    const array = new Constructor(length);
    new Uint8Array(array.buffer).set(bytes);
    contents.arrays[section.name] = array;
  }
  return contents;
}
