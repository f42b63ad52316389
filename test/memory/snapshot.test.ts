import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/memory/memory-store.ts';
import { loadSnapshot, openMemoryStore, saveSnapshot, SnapshotError } from '../../src/memory/snapshot.ts';
import type { MemoryItem } from '../../src/memory/types.ts';

const items: MemoryItem[] = [
  { id: 'p1', character: 'alice', kind: 'passage', text: 'Alice followed the White Rabbit down the hole', createdAt: '2025-01-01T00:00:00Z', source: [], importance: 5, bookId: 'alice' },
  { id: 't1', character: 'alice', kind: 'turn', text: 'I like your blue dress', createdAt: '2025-01-02T00:00:00Z', source: [], importance: 3, visitor: 'v1' },
];

describe('memory snapshots', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'reverie-snapshot-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('round-trips a store: same items, same search results', async () => {
    const store = createMemoryStore({ character: 'alice' });
    store.add(items);
    const path = join(folder, 'nested', 'alice.json');
    await saveSnapshot(store, path);
    const { store: loaded } = await loadSnapshot(path, 'alice');
    expect(loaded.size).toBe(2);
    expect(loaded.get('t1')).toEqual(items[1]);
    expect(loaded.search('white rabbit', {}, 5)).toEqual(store.search('white rabbit', {}, 5));
    expect(loaded.search('blue dress', { visitor: 'v1' }, 5).map((hit) => hit.item.id)).toEqual(['t1']);
    loaded.add([{ ...items[0]!, id: 'p2', text: 'the caterpillar smoked' }]);
    expect(loaded.search('caterpillar', {}, 5).map((hit) => hit.item.id)).toEqual(['p2']);
  });

  it('reuses the snapshot when the items are unchanged and rebuilds when they change', async () => {
    const snapshotPath = join(folder, 'alice.json');
    expect((await openMemoryStore({ character: 'alice', items, snapshotPath })).rebuilt).toBe(true);
    expect((await openMemoryStore({ character: 'alice', items: [...items].reverse(), snapshotPath })).rebuilt).toBe(false);
    const changed = [...items, { ...items[0]!, id: 'p3', text: 'a new passage' }];
    const reopened = await openMemoryStore({ character: 'alice', items: changed, snapshotPath });
    expect(reopened.rebuilt).toBe(true);
    expect(reopened.store.search('new passage', {}, 5).map((hit) => hit.item.id)).toEqual(['p3']);
  });

  it('rebuilds over a corrupt snapshot and reports it as a SnapshotError when loaded directly', async () => {
    const snapshotPath = join(folder, 'alice.json');
    await writeFile(snapshotPath, '{"format": 2, "chara');
    await expect(loadSnapshot(snapshotPath, 'alice')).rejects.toBeInstanceOf(SnapshotError);
    expect((await openMemoryStore({ character: 'alice', items, snapshotPath })).rebuilt).toBe(true);
    await expect(loadSnapshot(snapshotPath, 'victor')).rejects.toThrow(/belongs to "alice"/);
  });

  it('rebuilds a snapshot written by another tokenizer version instead of loading stale terms', async () => {
    const snapshotPath = join(folder, 'alice.json');
    await openMemoryStore({ character: 'alice', items, snapshotPath });
    const written = JSON.parse(await readFile(snapshotPath, 'utf8'));
    await writeFile(snapshotPath, JSON.stringify({ ...written, tokenizer: written.tokenizer - 1 }));
    await expect(loadSnapshot(snapshotPath, 'alice')).rejects.toBeInstanceOf(SnapshotError);
    expect((await openMemoryStore({ character: 'alice', items, snapshotPath })).rebuilt).toBe(true);
  });
});
