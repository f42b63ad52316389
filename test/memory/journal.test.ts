import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJournal, JournalError } from '../../src/memory/journal.ts';
import type { TurnRecord } from '../../src/memory/types.ts';

function turn(id: string, text = `words of ${id}`): TurnRecord {
  return { id, character: 'alice', visitor: 'v1', conversationId: 'c1', role: 'visitor', text, createdAt: '2025-01-01T10:00:00.000Z' };
}

describe('createJournal', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'reverie-journal-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('has the line in the file by the time append resolves, creating parent folders', async () => {
    const path = join(folder, 'a', 'b', 'journal.jsonl');
    const journal = createJournal({ path });
    await journal.append(turn('t1'));
    expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(turn('t1'))}\n`);
    await journal.close();
  });

  it('keeps concurrent appends whole and in call order', async () => {
    const path = join(folder, 'journal.jsonl');
    const journal = createJournal({ path });
    const long = 'x'.repeat(100_000);
    await Promise.all(Array.from({ length: 40 }, (_, index) => journal.append(turn(`t${index}`, `${index} ${long}`))));
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(Array.from({ length: 40 }, (_, index) => `t${index}`));
    const { turns, skipped } = await journal.replay();
    expect(turns).toHaveLength(40);
    expect(skipped).toBe(0);
    await journal.close();
  });

  it('skips a torn last line on replay, warns, and starts the next append on a fresh line', async () => {
    const path = join(folder, 'journal.jsonl');
    const whole = `${JSON.stringify(turn('t1'))}\n`;
    const half = JSON.stringify(turn('t2')).slice(0, 40);
    await writeFile(path, whole + half);
    const warnings: string[] = [];
    const journal = createJournal({ path, onWarning: (message) => warnings.push(message) });
    const first = await journal.replay();
    expect(first.turns.map((entry) => entry.id)).toEqual(['t1']);
    expect(first.skipped).toBe(1);
    expect(warnings.join(' ')).toMatch(/torn/);
    await journal.append(turn('t3'));
    const second = await journal.replay();
    expect(second.turns.map((entry) => entry.id)).toEqual(['t1', 't3']);
    expect(second.skipped).toBe(1);
    await journal.close();
  });

  it('skips a corrupt line in the middle and keeps the lines after it', async () => {
    const path = join(folder, 'journal.jsonl');
    await writeFile(path, `${JSON.stringify(turn('t1'))}\nnot json at all\n{"id":"t2"}\n${JSON.stringify(turn('t3'))}\n`);
    const journal = createJournal({ path });
    const { turns, skipped } = await journal.replay();
    expect(turns.map((entry) => entry.id)).toEqual(['t1', 't3']);
    expect(skipped).toBe(2);
  });

  it('replays an absent journal as empty', async () => {
    const journal = createJournal({ path: join(folder, 'none.jsonl') });
    const replay = await journal.replay();
    expect(replay.turns).toEqual([]);
    expect(replay.skipped).toBe(0);
    expect(journal.position()).toEqual({ bytes: 0, crc32: 0 });
  });

  it('replays lazily the same turns it parses, reading only the headers of lines it checked before', async () => {
    const path = join(folder, 'journal.jsonl');
    const odd: TurnRecord = { ...turn('t2', 'She said "fine" \\ and “left” 😀'), visitor: 'v"2', conversationId: 'c2', role: 'character', provider: 'offline', model: 'offline-voice', usage: { inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    const turns = [turn('t1'), odd, { ...turn('t3', 'x'.repeat(5000)), facts: [{ subject: 'visitor', attribute: 'name', value: 'Ana', isUpdate: false }], factsVersion: 3 }];
    const writer = createJournal({ path });
    for (const entry of turns) await writer.append(entry);
    // The first replay checks every line; the next ones find them checked.
    expect((await writer.replay()).turns).toEqual(turns);
    await writer.append(turn('t4'));
    const lazy = await createJournal({ path }).replay({ lazy: true });
    expect(lazy.headers.map((header) => [header.character, header.visitor, header.conversationId, header.role, header.createdAt])).toEqual(
      [...turns, turn('t4')].map((entry) => [entry.character, entry.visitor, entry.conversationId, entry.role, entry.createdAt]),
    );
    expect(lazy.turnAt(1)).toEqual(odd);
    expect(lazy.turns).toEqual([...turns, turn('t4')]);
    expect(lazy.turns).toEqual((await createJournal({ path }).replay()).turns);
  });

  it('knows its position through appends, a torn end and an erasure, and tells whether the file still begins with an earlier one', async () => {
    const path = join(folder, 'journal.jsonl');
    const half = JSON.stringify(turn('t0')).slice(0, 30);
    await writeFile(path, `${JSON.stringify(turn('t1'))}\n${half}`);
    const journal = createJournal({ path });
    expect(journal.position()).toBeUndefined();
    const first = await journal.replay();
    const after = journal.position()!;
    await journal.append(turn('t2'));
    const bytes = await readFile(path);
    const { crc32 } = await import('node:zlib');
    expect(journal.position()).toEqual({ bytes: bytes.byteLength, crc32: crc32(bytes) });
    const replay = await createJournal({ path }).replay();
    expect(replay.begins(journal.position()!)).toBe(true);
    const firstLine = Buffer.byteLength(`${JSON.stringify(turn('t1'))}\n`);
    expect(replay.begins({ bytes: firstLine, crc32: crc32(bytes.subarray(0, firstLine)) })).toBe(true);
    expect(replay.begins({ bytes: firstLine, crc32: 1 })).toBe(false);
    // Not a line's end, or past the file.
    expect(replay.begins({ bytes: firstLine - 1, crc32: crc32(bytes.subarray(0, firstLine - 1)) })).toBe(false);
    expect(replay.begins({ bytes: bytes.byteLength + 1, crc32: 0 })).toBe(false);
    // The end of a torn file is no line's end: a mark there is never taken.
    expect(first.begins(after)).toBe(false);
    await journal.erase({ visitor: 'v1', erasure: 'e1', at: '2025-01-02T00:00:00.000Z' });
    const erased = await readFile(path);
    expect(journal.position()).toEqual({ bytes: erased.byteLength, crc32: crc32(erased) });
    expect((await createJournal({ path }).replay()).begins({ bytes: firstLine, crc32: crc32(bytes.subarray(0, firstLine)) })).toBe(false);
    await journal.close();
  });

  it('rejects a write it cannot make with a JournalError carrying the cause', async () => {
    // The journal path is a folder: opening it for append fails with EISDIR.
    const journal = createJournal({ path: folder });
    const error = await journal.append(turn('t1')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).code).toBe('EISDIR');
    expect((error as JournalError).cause).toBeDefined();
    // A failed append does not jam the queue for the ones after it.
    await expect(journal.append(turn('t2'))).rejects.toBeInstanceOf(JournalError);
  });

  it('refuses an invalid turn before touching the file', async () => {
    const path = join(folder, 'journal.jsonl');
    const journal = createJournal({ path });
    await expect(journal.append({ ...turn('t1'), role: 'narrator' as never })).rejects.toBeInstanceOf(JournalError);
    await appendFile(path, '');
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('refuses appends after close', async () => {
    const journal = createJournal({ path: join(folder, 'journal.jsonl') });
    await journal.close();
    await expect(journal.append(turn('t1'))).rejects.toThrow(/closed/);
  });

  describe('erase', () => {
    const of = (id: string, visitor: string, character = 'alice', conversationId = `c-${visitor}`, createdAt = '2025-01-01T10:00:00.000Z'): TurnRecord =>
      ({ id, character, visitor, conversationId, role: 'visitor', text: `words of ${visitor}`, createdAt });

    it('rewrites the journal without the visitor\'s turns, leaves a tombstone, and replay never brings them back', async () => {
      const path = join(folder, 'journal.jsonl');
      const journal = createJournal({ path });
      for (const entry of [of('a1', 'ann'), of('b1', 'bob'), of('a2', 'ann', 'mad-hatter', 'c-ann-2'), of('b2', 'bob')]) await journal.append(entry);
      const result = await journal.erase({ visitor: 'ann', erasure: 'e1', at: '2025-01-02T00:00:00.000Z' });
      expect(result).toEqual({ turns: 2, conversations: ['c-ann', 'c-ann-2'], damagedLines: 0 });
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain('"ann"');
      expect(text).not.toContain('words of ann');
      const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { id?: string; type?: string });
      expect(lines.map((line) => line.id ?? line.type)).toEqual(['b1', 'b2', 'tombstone']);
      expect((await journal.replay()).turns.map((entry) => entry.id)).toEqual(['b1', 'b2']);
      // A reply of an erased conversation still in flight is refused; a later, new conversation is not.
      await expect(journal.append({ ...of('a3', 'ann'), role: 'character' })).rejects.toBeInstanceOf(JournalError);
      await journal.append(of('a4', 'ann', 'alice', 'c-ann-new', '2025-01-03T00:00:00.000Z'));
      await journal.close();
      // A copy of an old line appended behind the journal's back is not replayed either.
      await appendFile(path, `${JSON.stringify(of('a1', 'ann'))}\n`);
      expect((await createJournal({ path }).replay()).turns.map((entry) => entry.id)).toEqual(['b1', 'b2', 'a4']);
    });

    it('limits an erasure to one character, and erasing again under the same id keeps one tombstone', async () => {
      const path = join(folder, 'journal.jsonl');
      const journal = createJournal({ path });
      for (const entry of [of('a1', 'ann'), of('a2', 'ann', 'mad-hatter', 'c-ann-2')]) await journal.append(entry);
      const erasure = { visitor: 'ann', character: 'mad-hatter', erasure: 'e2', at: '2025-01-02T00:00:00.000Z' };
      expect((await journal.erase(erasure)).turns).toBe(1);
      expect((await journal.erase(erasure)).turns).toBe(0);
      const lines = (await readFile(path, 'utf8')).trim().split('\n');
      expect(lines.filter((line) => line.includes('tombstone'))).toHaveLength(1);
      expect((await journal.replay()).turns.map((entry) => entry.id)).toEqual(['a1']);
      await journal.append(of('a5', 'ann'));
      await journal.close();
    });

    it('drops damaged lines with the rewrite, since they may hold the visitor\'s words', async () => {
      const path = join(folder, 'journal.jsonl');
      await writeFile(path, `${JSON.stringify(of('b1', 'bob'))}\n{"id":"a0","visitor":"ann","text":"half a tur`);
      const journal = createJournal({ path });
      expect((await journal.erase({ visitor: 'ann', erasure: 'e3', at: '2025-01-02T00:00:00.000Z' })).damagedLines).toBe(1);
      expect(await readFile(path, 'utf8')).not.toContain('ann');
      await journal.close();
    });
  });
});
