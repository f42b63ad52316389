/**
 * A binary file of named typed arrays and string lists under a JSON header, with a SHA-256 of
 * everything after the header, written atomically (temporary file, fsync, rename, fsync of the
 * folder). Reading checks the magic, the format and the checksum, so a torn or foreign file is
 * refused rather than half-loaded. Arrays are copied out aligned, ready to use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const MAGIC = 'RVIX';
const FORMAT = 1;

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
  for (const [name, list] of Object.entries(contents.strings)) push(name, 'strings', Buffer.from(JSON.stringify(list), 'utf8'));
  const body = Buffer.concat(bodies);
  const checksum = createHash('sha256').update(body).digest('hex');
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, format: FORMAT, checksum, sections, header: contents.header }), 'utf8');
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
  let parsed: { format?: unknown; checksum?: unknown; sections?: Section[]; header?: Record<string, unknown> };
  try {
    parsed = JSON.parse(file.toString('utf8', 8, 8 + headerBytes)) as typeof parsed;
  } catch (error) {
    throw new CheckpointError(`${path} has a torn header`, { cause: error });
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.sections) || typeof parsed.checksum !== 'string') throw new CheckpointError(`${path} is of another format`);
  const body = file.subarray(aligned(8 + headerBytes));
  if (createHash('sha256').update(body).digest('hex') !== parsed.checksum) throw new CheckpointError(`${path} is torn or damaged (checksum mismatch)`);
  const contents: CheckpointContents = { header: parsed.header ?? {}, arrays: {}, strings: {} };
  for (const section of parsed.sections) {
    const bytes = body.subarray(section.offset, section.offset + section.bytes);
    if (section.kind === 'strings') {
      contents.strings[section.name] = JSON.parse(bytes.toString('utf8')) as string[];
      continue;
    }
    const Constructor = constructors[section.kind];
    if (!Constructor) throw new CheckpointError(`${path} has a section of unknown kind ${String(section.kind)}`);
    const array = new Constructor(section.bytes / Constructor.BYTES_PER_ELEMENT);
    new Uint8Array(array.buffer).set(bytes);
    contents.arrays[section.name] = array;
  }
  return contents;
}
