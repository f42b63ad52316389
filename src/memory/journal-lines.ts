/**
 * The journal's lines: their schemas, and reading them back. A replay checks every line against
 * the schema once; the part of the file found valid is remembered beside the journal
 * (`.journal.jsonl.checked`: its length in bytes and CRC-32), and the next replay only parses
 * those bytes while they are unchanged. Any change to them (an erasure's rewrite, damage on disk)
 * fails the CRC and the whole file is checked again; a missing or torn record only costs the checks.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { TurnRecord } from './types.ts';

const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
});

/** The schema a journal line must satisfy. */
export const turnRecordSchema = z.object({
  id: z.string().min(1),
  character: z.string().min(1),
  visitor: z.string().min(1),
  conversationId: z.string().min(1),
  role: z.enum(['visitor', 'character']),
  text: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  provider: z.string().optional(),
  model: z.string().optional(),
  usage: usageSchema.optional(),
  isPartial: z.boolean().optional(),
  error: z.string().optional(),
  facts: z.array(z.object({
    subject: z.string(),
    attribute: z.string(),
    value: z.string(),
    isUpdate: z.boolean(),
    replaces: z.object({ attribute: z.string(), value: z.string() }).optional(),
  })).optional(),
  factsVersion: z.number().int().optional(),
});

export const tombstoneSchema = z.object({
  type: z.literal('tombstone'),
  erasure: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  /** SHA-256 of the visitor id: enough to recognise their turns, nothing to read back. */
  visitorHash: z.string().regex(/^[0-9a-f]{64}$/),
  character: z.string().optional(),
  conversations: z.array(z.string()),
});

/** A tombstone line: a visitor's turns erased at a time, and the conversations they were in. */
export type Tombstone = z.infer<typeof tombstoneSchema>;


/** One line of the journal, read: a turn, a tombstone, or damaged (neither). */
export interface JournalEntry {
  line: string;
  turn?: TurnRecord;
  tombstone?: Tombstone;
}

/** One line checked against the schemas; `isExact`: the schema kept every field (it drops unknown ones). */
function checkLine(line: string): JournalEntry & { isExact?: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { line };
  }
  const turn = turnRecordSchema.safeParse(value);
  if (turn.success) return { line, turn: turn.data, isExact: fieldCount(turn.data) === fieldCount(value) };
  const tombstone = tombstoneSchema.safeParse(value);
  return tombstone.success ? { line, tombstone: tombstone.data, isExact: fieldCount(tombstone.data) === fieldCount(value) } : { line };
}

// Fields at every depth: the schemas change no value, so the same count means none was dropped.
function fieldCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  for (const inner of Array.isArray(value) ? value : Object.values(value)) count += 1 + fieldCount(inner);
  return count;
}

/** Each line of the journal text, checked: a turn, a tombstone, or damaged. */
export function parseLines(text: string): JournalEntry[] {
  return text.split('\n').filter((line) => line.trim() !== '').map(checkLine);
}

/** What a turn's line says of whom and when, read without parsing the whole line. */
export interface TurnHeader {
  character: string;
  visitor: string;
  conversationId: string;
  role: 'visitor' | 'character';
  createdAt: string;
}

/**
 * A replay's reading of the file: its turns and tombstones in file order, the lines it could not
 * read, and how many leading bytes are now known valid. With `lazy`, a line of the known-valid
 * part is not parsed: only its header is read (`headers[i]`, and `turns[i]` is undefined until
 * `parseTurn(file, starts[i], ends[i])`); a line the header reader cannot vouch for is parsed.
 */
export interface JournalReading {
  turns: Array<TurnRecord | undefined>;
  headers: TurnHeader[];
  /** Where each turn's line starts and ends in the file, in bytes (`starts[i]` is `turns[i]`'s). */
  starts: number[];
  ends: number[];
  tombstones: Tombstone[];
  damaged: Array<{ lineNumber: number; isTorn: boolean }>;
  validBytes: number;
}

/**
 * Reads a journal's bytes, the first `knownValidBytes` of them known valid (see `checkedPart`):
 * those lines are only parsed, the rest are checked. A checked line extends the valid part only
 * if the schema kept every one of its fields, so that parsing it alone next time gives the same
 * turn (fields in the order written); the valid part ends at the first line that does not.
 */
export function readJournal(file: Buffer, knownValidBytes: number, options: { lazy?: boolean } = {}): JournalReading {
  const reading: JournalReading = { turns: [], headers: [], starts: [], ends: [], tombstones: [], damaged: [], validBytes: knownValidBytes };
  const push = (turn: TurnRecord | undefined, header: TurnHeader, start: number, end: number) => {
    reading.turns.push(turn);
    reading.headers.push(header);
    reading.starts.push(start);
    reading.ends.push(end);
  };
  let lineNumber = 0;
  // The known part ends with a newline; its lines are only parsed, or with `lazy` only their
  // headers read, from the text of the whole part (lines end at the same newlines in its bytes
  // and in its text: a newline byte is never part of a longer UTF-8 character).
  const text = options.lazy && knownValidBytes > 0 ? file.toString('utf8', 0, knownValidBytes) : '';
  for (let start = 0, at = 0; start < knownValidBytes; ) {
    const end = file.indexOf(0x0a, start);
    const textEnd = options.lazy ? text.indexOf('\n', at) : 0;
    lineNumber += 1;
    const header = options.lazy && end > start ? readTurnHeader(text, at, textEnd) : undefined;
    if (header) push(undefined, header, start, end);
    else if (end > start) {
      const value = JSON.parse(file.toString('utf8', start, end)) as (TurnRecord | Tombstone) & { type?: unknown };
      if (value.type === 'tombstone') reading.tombstones.push(value as Tombstone);
      else push(value as TurnRecord, value as TurnRecord, start, end);
    }
    start = end + 1;
    at = textEnd + 1;
  }
  const lines = file.toString('utf8', knownValidBytes).split('\n');
  let isValidSoFar = true;
  let start = knownValidBytes;
  lines.forEach((line, index) => {
    lineNumber += 1;
    // Only the piece after the last newline can lack one: a write a crash cut short.
    const isTorn = index === lines.length - 1;
    const checked = line.trim() === '' ? undefined : checkLine(line);
    const bytes = Buffer.byteLength(line, 'utf8') + 1;
    if (checked?.turn) push(checked.turn, checked.turn, start, start + bytes - 1);
    else if (checked?.tombstone) reading.tombstones.push(checked.tombstone);
    else if (checked) reading.damaged.push({ lineNumber, isTorn });
    start += bytes;
    if (!isValidSoFar || isTorn) return;
    if (checked === undefined ? line === '' : checked.isExact === true) reading.validBytes += bytes;
    else isValidSoFar = false;
  });
  return reading;
}

/** The turn of a line of `file` that an earlier replay found valid. */
export function parseTurn(file: Buffer, start: number, end: number): TurnRecord {
  return JSON.parse(file.toString('utf8', start, end)) as TurnRecord;
}

const QUOTE = '"';
const BACKSLASH = 92;

/**
 * The header of a valid turn line (`text` from `start` to `end`), found with a few searches
 * rather than a parse; undefined when it cannot be sure (a key missing, a value with an escape),
 * and then the line is parsed. Sure because the line is valid JSON: a quote inside a string is
 * always escaped, so `,"character":"` (or `{"character":"`) can only be a key followed by its
 * string value, and of the top level, as the turn's nested objects (usage, facts) have no such
 * keys. (A line with a key written twice, which JSON.stringify never writes, would be read by
 * its first here and by its last when parsed.) The values are slices of `text`: whoever keeps
 * one for long copies it (conversations.ts does), so that the whole text can go.
 */
function readTurnHeader(text: string, start: number, end: number): TurnHeader | undefined {
  // No closure here: this runs once per line of the journal, and tsx names every closure it makes.
  const character = headerValue(text, '"character":"', start, end);
  const visitor = headerValue(text, '"visitor":"', start, end);
  const conversationId = headerValue(text, '"conversationId":"', start, end);
  const role = headerValue(text, '"role":"', start, end);
  const createdAt = headerValue(text, '"createdAt":"', start, end);
  if (!character || !visitor || !conversationId || !createdAt || (role !== 'visitor' && role !== 'character')) return undefined;
  return { character, visitor, conversationId, role, createdAt };
}

/**
 * A copy of a header's value that does not hold on to the text it was sliced from (a slice keeps
 * its whole parent alive): the value has no quote and no backslash, so it reads as a JSON string.
 */
export function ownCopy(value: string): string {
  return JSON.parse(`"${value}"`) as string;
}

/** The string value of `key` at the top level of the line, when it has no escape. */
function headerValue(text: string, key: string, start: number, end: number): string | undefined {
  const at = text.indexOf(key, start);
  if (at <= start || at >= end) return undefined;
  const before = text.charCodeAt(at - 1);
  if (before !== 0x2c && before !== 0x7b) return undefined;
  const from = at + key.length;
  const close = text.indexOf(QUOTE, from);
  if (close === -1 || close >= end) return undefined;
  for (let position = from; position < close; position += 1) if (text.charCodeAt(position) === BACKSLASH) return undefined;
  return text.slice(from, close);
}

/** Where the valid part of a journal is remembered. */
export function checkedPath(journalPath: string): string {
  return join(dirname(journalPath), `.${basename(journalPath)}.checked`);
}

const checkedSchema = z.object({ bytes: z.number().int().positive(), crc32: z.number().int().nonnegative() });

/** A valid leading part of the journal: its length in bytes and its CRC-32 (none: 0 and 0). */
export interface CheckedPart {
  bytes: number;
  crc32: number;
}

const NONE_CHECKED: CheckedPart = { bytes: 0, crc32: 0 };

/** The leading part of `file` an earlier replay found valid, if those are still the same bytes; none otherwise. */
export async function checkedPart(journalPath: string, file: Buffer): Promise<CheckedPart> {
  const text = await readFile(checkedPath(journalPath), 'utf8').catch(() => undefined);
  if (text === undefined) return NONE_CHECKED;
  let recorded: CheckedPart;
  try {
    const parsed = checkedSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return NONE_CHECKED;
    recorded = parsed.data;
  } catch {
    return NONE_CHECKED;
  }
  if (recorded.bytes > file.byteLength || file[recorded.bytes - 1] !== 0x0a) return NONE_CHECKED;
  return crc32(file.subarray(0, recorded.bytes)) === recorded.crc32 ? recorded : NONE_CHECKED;
}

/**
 * Remembers that the first `bytes` of `file` are valid, extending the CRC of a part already
 * checked (`from`, a prefix of them) rather than reading those bytes again. Renamed into place,
 * so a reader sees the old record or the new one; not synced, as losing it only costs the next
 * replay its checks.
 */
export async function rememberChecked(journalPath: string, file: Buffer, bytes: number, from: CheckedPart = NONE_CHECKED): Promise<void> {
  const path = checkedPath(journalPath);
  const temporary = `${path}.${randomBytes(6).toString('hex')}`;
  const start = from.bytes <= bytes ? from : NONE_CHECKED;
  try {
    await writeFile(temporary, `${JSON.stringify({ bytes, crc32: crc32(file.subarray(start.bytes, bytes), start.crc32) })}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
