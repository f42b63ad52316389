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
    expect(await journal.replay()).toEqual({ turns: [], skipped: 0 });
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
});
