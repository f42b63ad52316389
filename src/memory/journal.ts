import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { checkedPart, parseLines, parseTurn, readJournal, rememberChecked, turnRecordSchema, type Tombstone, type TurnHeader } from './journal-lines.ts';
import type { TurnRecord } from './types.ts';

export { turnRecordSchema } from './journal-lines.ts';

/** The journal could not be written (disk full, I/O error, closed): the turn is not durable. */
export class JournalError extends Error {
  /** The system error code when there is one (ENOSPC, EIO, ...). */
  readonly code: string | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalError';
    const cause = options?.cause as { code?: unknown } | undefined;
    this.code = typeof cause?.code === 'string' ? cause.code : undefined;
  }
}

/** Options of `createJournal`. */
export interface JournalOptions {
  /** The JSON-lines file; its parent folders are created. */
  path: string;
  /** Told about lines skipped on replay and torn lines repaired on append. */
  onWarning?: (message: string) => void;
}

/** Whose turns an erasure takes out of the journal: one visitor's, with every character or one. */
export interface JournalErasure {
  visitor: string;
  character?: string;
  /** The erasure's id: erasing again under the same id adds no second tombstone. */
  erasure: string;
  /** ISO time of the erasure: the visitor's turns up to it are gone for good. */
  at: string;
}

/** What an erasure took out of the journal. */
export interface JournalErasureResult {
  turns: number;
  conversations: string[];
  /** Unreadable lines (torn writes) dropped with the rewrite: they may hold the visitor's words. */
  damagedLines: number;
}

/** How far the journal goes: its length in bytes and the CRC-32 of those bytes. */
export interface JournalPosition {
  bytes: number;
  crc32: number;
}

/**
 * What a replay read: the turns, where each one's line starts, and a way to tell an earlier
 * position of the same file. A lazy replay parses only the lines it has not checked before;
 * the others are parsed when `turnAt` (or `turns`) asks for them, and meanwhile their headers
 * say whose and when they are.
 */
export interface JournalReplay {
  /** Every turn, oldest first, parsed (reading it parses whatever a lazy replay left). */
  readonly turns: TurnRecord[];
  /** Whose and when each turn is, without parsing it. */
  headers: TurnHeader[];
  /** The turn `index`, parsed now if it was not (not kept: the caller keeps it). */
  turnAt(index: number): TurnRecord;
  /** `starts[i]`: the byte where `turns[i]`'s line starts. */
  starts: number[];
  skipped: number;
  /** Whether the file read begins with exactly the bytes `position` describes (ending on a line's end). */
  begins(position: JournalPosition): boolean;
}

/** An append-only, fsynced log of conversation turns, one JSON line each. */
export interface Journal {
  /** Appends one turn; resolves only once the line is fsynced to disk. Rejects with `JournalError`. */
  append(turn: TurnRecord): Promise<void>;
  /** Reads every valid turn back; torn or corrupt lines are skipped and counted, never fatal. Erased turns never come back. */
  replay(options?: { lazy?: boolean }): Promise<JournalReplay>;
  /**
   * Where the file ends now, as this journal wrote or read it: known after a replay and kept
   * through appends and erasures; undefined before a replay or once a write failed halfway.
   */
  position(): JournalPosition | undefined;
  /**
   * Rewrites the journal without a visitor's turns (all characters, or one), atomically: the old
   * file or the whole new one, never a part. A tombstone line stays, so that a turn of an erased
   * conversation still in flight is refused, and no turn of theirs up to the erasure is replayed.
   */
  erase(erasure: JournalErasure): Promise<JournalErasureResult>;
  /** Waits for pending appends and closes the file. */
  close(): Promise<void>;
}

const NEWLINE = 0x0a;

/** The hash a tombstone knows a visitor by. */
export function visitorHash(visitor: string): string {
  return createHash('sha256').update(visitor, 'utf8').digest('hex');
}

function isBuried(turn: TurnHeader, tombstones: readonly Tombstone[], hashOf: (visitor: string) => string): boolean {
  return tombstones.some((tombstone) =>
    tombstone.conversations.includes(turn.conversationId)
    || (tombstone.visitorHash === hashOf(turn.visitor) && (tombstone.character === undefined || tombstone.character === turn.character) && turn.createdAt <= tombstone.at));
}

/** Opens (lazily) a journal at `options.path`. */
export function createJournal(options: JournalOptions): Journal {
  const warn = options.onWarning ?? (() => {});
  let handle: FileHandle | undefined;
  let isClosed = false;
  let tombstones: Tombstone[] | undefined;
  let position: JournalPosition | undefined;
  const advance = (bytes: Buffer) => {
    if (position) position = { bytes: position.bytes + bytes.byteLength, crc32: crc32(bytes, position.crc32) };
  };
  const hashes = new Map<string, string>();
  const hashOf = (visitor: string): string => {
    let hash = hashes.get(visitor);
    if (!hash) {
      hash = visitorHash(visitor);
      if (hashes.size > 10_000) hashes.clear();
      hashes.set(visitor, hash);
    }
    return hash;
  };

  async function readBytes(): Promise<Buffer> {
    try {
      return await readFile(options.path);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return Buffer.alloc(0);
      throw new JournalError(`could not read the journal ${options.path}`, { cause: error });
    }
  }
  const readText = async (): Promise<string> => (await readBytes()).toString('utf8');

  async function knownTombstones(): Promise<Tombstone[]> {
    tombstones ??= parseLines(await readText()).flatMap((entry) => (entry.tombstone ? [entry.tombstone] : []));
    return tombstones;
  }
  // Every operation runs after the previous one, so lines never interleave.
  let queue: Promise<unknown> = Promise.resolve();

  function enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = queue.then(operation);
    queue = result.catch(() => undefined);
    return result;
  }

  async function openHandle(): Promise<FileHandle> {
    if (handle) return handle;
    await mkdir(dirname(options.path), { recursive: true });
    const opened = await open(options.path, 'a+');
    const { size } = await opened.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await opened.read(last, 0, 1, size - 1);
      // A crash mid-write left a line without its newline: start ours on a fresh line.
      if (last[0] !== NEWLINE) {
        warn(`journal ${options.path} ended in a torn line; the next turn starts on a new line`);
        const newline = Buffer.from('\n');
        await opened.appendFile(newline);
        if (position?.bytes === size) advance(newline);
        else position = undefined;
      }
    }
    handle = opened;
    return opened;
  }

  return {
    append(turn) {
      const parsed = turnRecordSchema.safeParse(turn);
      if (!parsed.success) {
        return Promise.reject(new JournalError(`invalid turn for the journal: ${z.prettifyError(parsed.error)}`, { cause: parsed.error }));
      }
      const line = Buffer.from(`${JSON.stringify(turn)}\n`, 'utf8');
      return enqueue(async () => {
        if (isClosed) throw new JournalError(`journal ${options.path} is closed`);
        let file: FileHandle | undefined;
        let sizeBefore: number | undefined;
        // A reply still streaming when its visitor asked to be forgotten is not written back.
        if (isBuried(turn, await knownTombstones(), hashOf)) throw new JournalError(`turn ${turn.id} belongs to an erased conversation; not written`);
        try {
          file = await openHandle();
          sizeBefore = (await file.stat()).size;
          // Another writer's bytes (or a lost one's) make the position unknown rather than wrong.
          if (position?.bytes !== sizeBefore) position = undefined;
          await file.appendFile(line);
          await file.sync();
          advance(line);
        } catch (error) {
          position = undefined;
          // A write cut short (disk full) must not leave a torn line that the next turn would glue onto.
          if (file && sizeBefore !== undefined) await file.truncate(sizeBefore).catch(() => undefined);
          const code = (error as { code?: string }).code ?? 'unknown';
          throw new JournalError(`could not write turn ${turn.id} to the journal ${options.path} (${code})`, { cause: error });
        }
      });
    },
    replay(replayOptions = {}) {
      return enqueue(async () => {
        const file = await readBytes();
        let known = await checkedPart(options.path, file);
        let reading: ReturnType<typeof readJournal>;
        try {
          reading = readJournal(file, known.bytes, replayOptions);
        } catch {
          // Bytes the record vouched for that do not parse (a CRC collision): check every line.
          known = { bytes: 0, crc32: 0 };
          reading = readJournal(file, 0);
        }
        tombstones = reading.tombstones;
        const kept = tombstones.length === 0 ? undefined : reading.headers.map((header) => !isBuried(header, reading.tombstones, hashOf));
        const only = <T>(list: T[]): T[] => (kept ? list.filter((_, index) => kept[index]) : list);
        const parsed = only(reading.turns);
        const headers = only(reading.headers);
        const starts = only(reading.starts);
        const ends = only(reading.ends);
        const turnAt = turnLoader(file, parsed, starts, ends);
        let turns: TurnRecord[] | undefined;
        position = { bytes: file.byteLength, crc32: crc32(file.subarray(known.bytes), known.crc32) };
        // CRCs of earlier positions, each continued from the nearest one already known.
        const known32 = new Map<number, number>([[0, 0], [known.bytes, known.crc32], [file.byteLength, position.crc32]]);
        const crcUpTo = (bytes: number): number => {
          let from = 0;
          for (const at of known32.keys()) if (at <= bytes && at > from) from = at;
          const value = crc32(file.subarray(from, bytes), known32.get(from)!);
          known32.set(bytes, value);
          return value;
        };
        const begins = (at: JournalPosition): boolean =>
          Number.isInteger(at.bytes) && at.bytes >= 0 && at.bytes <= file.byteLength && (at.bytes === 0 || file[at.bytes - 1] === NEWLINE) && (known32.get(at.bytes) ?? crcUpTo(at.bytes)) === at.crc32;
        for (const { lineNumber, isTorn } of reading.damaged) warn(`journal ${options.path} line ${lineNumber} skipped: ${isTorn ? 'torn (no newline, a crash mid-write?)' : 'not a valid turn'}`);
        const skipped = reading.damaged.length;
        if (reading.validBytes !== known.bytes) await rememberChecked(options.path, file, reading.validBytes, known).catch((error: unknown) => warn(`journal: could not remember the checked part of ${options.path}: ${(error as Error).message}`));
        return {
          get turns() {
            turns ??= parsed.map((turn, index) => turn ?? turnAt(index));
            return turns;
          },
          headers, turnAt, starts, skipped, begins,
        };
      });
    },
    erase(erasure) {
      return enqueue(async () => {
        if (isClosed) throw new JournalError(`journal ${options.path} is closed`);
        const entries = parseLines(await readText());
        const hash = visitorHash(erasure.visitor);
        const isTheirs = (turn: TurnRecord) => turn.visitor === erasure.visitor && (erasure.character === undefined || turn.character === erasure.character);
        const erased = entries.flatMap((entry) => (entry.turn && isTheirs(entry.turn) ? [entry.turn] : []));
        const conversations = [...new Set(erased.map((turn) => turn.conversationId))];
        const kept = entries.filter((entry) => entry.tombstone || (entry.turn && !isTheirs(entry.turn)));
        const known = kept.flatMap((entry) => (entry.tombstone ? [entry.tombstone] : []));
        const previous = known.find((tombstone) => tombstone.erasure === erasure.erasure);
        const tombstone: Tombstone = {
          type: 'tombstone', erasure: erasure.erasure, at: erasure.at, visitorHash: hash,
          ...(erasure.character !== undefined ? { character: erasure.character } : {}),
          conversations: [...new Set([...(previous?.conversations ?? []), ...conversations])],
        };
        const lines = [...kept.filter((entry) => entry.tombstone?.erasure !== erasure.erasure).map((entry) => entry.line), JSON.stringify(tombstone)];
        await handle?.close();
        handle = undefined;
        const rewritten = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        position = undefined;
        await rewriteAtomically(options.path, rewritten);
        position = { bytes: rewritten.byteLength, crc32: crc32(rewritten) };
        tombstones = [...known.filter((entry) => entry.erasure !== erasure.erasure), tombstone];
        return { turns: erased.length, conversations, damagedLines: entries.filter((entry) => !entry.turn && !entry.tombstone).length };
      });
    },
    position: () => position,
    close() {
      return enqueue(async () => {
        isClosed = true;
        await handle?.close();
        handle = undefined;
      });
    },
  };
}

/**
 * The turn of a replayed line, parsed when it was not. Made apart from the replay, so that what
 * keeps it (the conversation log, until every conversation is read) keeps only the file's bytes
 * and these lists, not the headers or the text they were read from.
 */
function turnLoader(file: Buffer, parsed: ReadonlyArray<TurnRecord | undefined>, starts: readonly number[], ends: readonly number[]): (index: number) => TurnRecord {
  return (index) => parsed[index] ?? parseTurn(file, starts[index]!, ends[index]!);
}

/** Replaces a file by a whole new one: a temporary file beside it, fsync, rename over, fsync the folder. */
async function rewriteAtomically(path: string, text: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.erasing`);
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    const folder = await open(dirname(path), 'r');
    await folder.sync().finally(() => folder.close());
  } catch (error) {
    await rm(temporary, { force: true });
    throw new JournalError(`could not rewrite the journal ${path}`, { cause: error });
  }
}
