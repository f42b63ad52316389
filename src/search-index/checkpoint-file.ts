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

/** A list of strings read from a checkpoint one at a time, when asked (`texts`). */
export interface TextList {
  readonly length: number;
  at(index: number): string;
  /** The UTF-8 bytes of one text (0: the empty string), without decoding it. */
  bytesAt(index: number): number;
}

/** What a checkpoint file holds. */
export interface CheckpointContents {
  /** Small JSON values: scalars, settings, versions. */
  header: Record<string, unknown>;
  arrays: Record<string, CheckpointArray>;
  strings: Record<string, string[]>;
  /**
   * Lists of well-formed strings (no lone surrogate: JSON.stringify's output, for one) kept as
   * UTF-8 and decoded one by one when read, for large texts most of which a start never reads.
   */
  texts?: Record<string, readonly string[] | TextList>;
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
  kind: ArrayKind | 'strings' | 'texts';
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

const isTextList = (list: readonly string[] | TextList): list is TextList => !Array.isArray(list);

/** The block of a text list: the count, each text's end in bytes, then the UTF-8 of all of them. */
function encodeTexts(list: readonly string[] | TextList): Uint8Array {
  const parts: Buffer[] = [];
  const head = new Uint32Array(1 + list.length);
  head[0] = list.length;
  let end = 0;
  for (let index = 0; index < list.length; index += 1) {
    const part = Buffer.from(isTextList(list) ? list.at(index) : list[index]!, 'utf8');
    parts.push(part);
    end += part.byteLength;
    head[1 + index] = end;
  }
  return Buffer.concat([new Uint8Array(head.buffer), ...parts]);
}

/** The texts of a block written by `encodeTexts`, decoded when each is asked for; throws `CheckpointError` when it does not add up. */
function decodeTexts(block: Buffer): TextList {
  if (block.byteLength < 4) throw new CheckpointError('checkpoint has a torn text list');
  const count = block.readUInt32LE(0);
  const textStart = 4 + count * 4;
  if (textStart > block.byteLength) throw new CheckpointError('checkpoint has a torn text list');
  const ends = block.byteOffset % 4 === 0 ? new Uint32Array(block.buffer as ArrayBuffer, block.byteOffset + 4, count) : Uint32Array.from({ length: count }, (_, index) => block.readUInt32LE(4 + index * 4));
  if ((count > 0 ? ends[count - 1]! : 0) !== block.byteLength - textStart) throw new CheckpointError('checkpoint text list lengths disagree with its text');
  return {
    length: count,
    at(index) {
      if (index < 0 || index >= count) throw new RangeError(`no text ${index} in a list of ${count}`);
      return block.toString('utf8', textStart + (index === 0 ? 0 : ends[index - 1]!), textStart + ends[index]!);
    },
    bytesAt: (index) => ends[index]! - (index === 0 ? 0 : ends[index - 1]!),
  };
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
  for (const [name, list] of Object.entries(contents.texts ?? {})) push(name, 'texts', encodeTexts(list));
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
export async function readCheckpoint(path: string): Promise<CheckpointContents & { texts: Record<string, TextList> }> {
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
  const contents: CheckpointContents & { texts: Record<string, TextList> } = { header: parsed.header ?? {}, arrays: {}, strings: {}, texts: {} };
  for (const section of parsed.sections) {
    if (!Number.isInteger(section.offset) || !Number.isInteger(section.bytes) || section.offset < 0 || section.offset + section.bytes > body.byteLength) throw new CheckpointError(`${path} has a section outside its body`);
    const bytes = body.subarray(section.offset, section.offset + section.bytes);
    if (section.kind === 'strings') {
      contents.strings[section.name] = decodeStrings(bytes);
      continue;
    }
    if (section.kind === 'texts') {
      contents.texts[section.name] = decodeTexts(bytes);
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
