import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJournal } from '../../src/memory/journal.ts';
import { checkedPath } from '../../src/memory/journal-lines.ts';
import type { TurnRecord } from '../../src/memory/types.ts';

function turn(id: string, text = `words of ${id}`, visitor = 'v1'): TurnRecord {
  return { id, character: 'alice', visitor, conversationId: `c-${visitor}`, role: 'visitor', text, createdAt: '2025-01-01T10:00:00.000Z', facts: [{ subject: 'dog', attribute: 'name', value: 'Rex', isUpdate: false }], factsVersion: 2 };
}

const lines = (...turns: TurnRecord[]) => turns.map((entry) => `${JSON.stringify(entry)}\n`).join('');

describe('replaying the part of the journal already checked', () => {
  let folder: string;
  let path: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'reverie-journal-lines-'));
    path = join(folder, 'journal.jsonl');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const replay = async () => {
    const warnings: string[] = [];
    const journal = createJournal({ path, onWarning: (message) => warnings.push(message) });
    const result = await journal.replay();
    await journal.close();
    return { ...result, warnings };
  };
  const checked = async () => JSON.parse(await readFile(checkedPath(path), 'utf8')) as { bytes: number };

  it('gives the same turns from the remembered part as from checking every line, and remembers what was appended since', async () => {
    await writeFile(path, lines(turn('t1'), turn('t2', 'Vous êtes là ? 🐇')));
    const first = await replay();
    expect((await checked()).bytes).toBe((await readFile(path)).byteLength);
    const journal = createJournal({ path });
    await journal.append(turn('t3'));
    await journal.close();
    const second = await replay();
    expect(second.turns).toEqual([...first.turns, turn('t3')]);
    expect((await checked()).bytes).toBe((await readFile(path)).byteLength);
  });

  it('checks again a remembered part whose bytes changed since: a damaged line is skipped, never trusted', async () => {
    await writeFile(path, lines(turn('t1'), turn('t2')));
    await replay();
    const text = await readFile(path, 'utf8');
    // Same length, so only the CRC can tell: the line no longer satisfies the schema.
    await writeFile(path, text.replace('"role":"visitor"', '"role":"visitXr"'));
    const again = await replay();
    expect(again.turns.map((entry) => entry.id)).toEqual(['t2']);
    expect(again.skipped).toBe(1);
    expect(again.warnings.join(' ')).toMatch(/line 1 skipped: not a valid turn/);
  });

  it('remembers nothing past a line the schema reads differently (an unknown field), so every replay drops the field', async () => {
    await writeFile(path, lines(turn('t1')) + `${JSON.stringify({ ...turn('t2'), extra: 'x' })}\n` + lines(turn('t3')));
    const first = await replay();
    expect((await checked()).bytes).toBe(lines(turn('t1')).length);
    const second = await replay();
    expect(second.turns).toEqual(first.turns);
    expect(second.turns[1]).not.toHaveProperty('extra');
  });

  it('remembers nothing past a torn last line, and still warns about it on the next replay', async () => {
    await writeFile(path, lines(turn('t1')) + JSON.stringify(turn('t2')).slice(0, 30));
    await replay();
    expect((await checked()).bytes).toBe(lines(turn('t1')).length);
    const second = await replay();
    expect(second.turns.map((entry) => entry.id)).toEqual(['t1']);
    expect(second.warnings.join(' ')).toMatch(/line 2 skipped: torn/);
  });

  it('never gives back an erased visitor\'s turns from a part remembered before the erasure', async () => {
    await writeFile(path, lines(turn('t1', 'I am Ottoline', 'v-gone'), turn('t2', 'hello', 'v-stays')));
    await replay();
    const journal = createJournal({ path });
    await journal.erase({ visitor: 'v-gone', erasure: 'e1', at: '2025-01-02T00:00:00.000Z' });
    await journal.close();
    expect((await replay()).turns.map((entry) => entry.id)).toEqual(['t2']);
    expect((await replay()).turns.map((entry) => entry.id)).toEqual(['t2']);
    expect(await readFile(path, 'utf8')).not.toContain('Ottoline');
  });

  it('ignores a torn or foreign record and checks every line', async () => {
    await writeFile(path, lines(turn('t1')));
    await writeFile(checkedPath(path), '{"bytes": 12');
    expect((await replay()).turns.map((entry) => entry.id)).toEqual(['t1']);
    await writeFile(checkedPath(path), JSON.stringify({ bytes: 10 ** 9, crc32: 1 }));
    expect((await replay()).turns.map((entry) => entry.id)).toEqual(['t1']);
  });
});
