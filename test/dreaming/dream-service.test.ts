import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/chat/conversations.ts';
import type { ChatChunk, ChatRequest, Provider } from '../../src/llm/provider.ts';
import type { MemoryItem } from '../../src/memory/types.ts';
import { conversation, createHarness, item } from './dream-kit.ts';

/** A crafted memory: duplicated reflections, a renamed dog, and distinct reflections about chapters. */
function craftedMemory(): MemoryItem[] {
  return [
    item({ text: 'The Queen of Hearts shouted off with her head at the croquet ground, and everyone trembled.', chapter: 8 }, 2),
    item({ text: 'At the croquet ground the Queen of Hearts shouted off with her head, and everyone trembled with fear.', chapter: 8 }, 3),
    item({ text: 'The Caterpillar on the mushroom asked me who I was, and I could not say.', chapter: 5 }, 4),
    item({ kind: 'visitor_fact', visitor: 'v1', text: 'Their dog is called Rex.' }, 2),
    item({ kind: 'visitor_fact', visitor: 'v1', text: 'Their dog is called Max.' }, 6),
  ];
}

/** A provider that answers with fixed text, as a model or as the offline voice. */
function fakeProvider(text: string, name = 'fake-model'): Provider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name,
    model: 'fake-1',
    isPaid: false,
    requests,
    async *stream(request): AsyncIterable<ChatChunk> {
      requests.push(request);
      yield { type: 'text-delta', text };
      yield { type: 'finish', provider: name, model: 'fake-1', usage: { inputTokens: 120, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    },
  };
}

const bookProbes = () => [
  { question: 'What did the Queen shout at the croquet ground?', chapter: 8, label: 'CHAPTER VIII' },
  { question: 'What did the Caterpillar ask you on the mushroom?', chapter: 5, label: 'CHAPTER V' },
];

describe('dream service', () => {
  it('applies a dream as a new version file and leaves the previous version byte for byte intact', async () => {
    const harness = await createHarness(craftedMemory(), { bookProbes });
    const first = await harness.service.dream('alice', { mode: 'apply', force: true });
    expect(first).toMatchObject({ status: 'applied', version: 1, parentVersion: 0, itemsBefore: 5, itemsAfter: 3 });
    expect(first.gate).toMatchObject({ isPassed: true, bookHitsBefore: 2, bookHitsAfter: 2, factHitsBefore: 1, factHitsAfter: 1 });
    expect(first.operations.map((operation) => operation.type).sort()).toEqual(['merge', 'supersede']);
    const versionOne = await readFile(path.join(harness.directory, 'alice', 'v1.json'));

    // The live store reflects version 1: the duplicates are one item, Rex is superseded by Max.
    expect(harness.store.items({ kinds: ['reflection'] })).toHaveLength(2);
    expect(harness.store.search('what is my dog called', { visitor: 'v1' }, 5).map((hit) => hit.item.text)).toEqual(['Their dog is called Max.']);

    harness.store.add([item({ text: 'The Duchess sneezed and the baby turned into a pig in her kitchen.', chapter: 6 }, 20)]);
    harness.store.add([item({ text: 'In the kitchen the Duchess sneezed, and her baby turned into a pig.', chapter: 6 }, 21)]);
    const second = await harness.service.dream('alice', { mode: 'apply', force: true });
    expect(second).toMatchObject({ status: 'applied', version: 2, parentVersion: 1 });
    expect(await readFile(path.join(harness.directory, 'alice', 'v1.json'))).toEqual(versionOne);
    expect(harness.store.items({ kinds: ['reflection'] })).toHaveLength(3);
  });

  it('rolls back to the raw memory and forward again, recording each rollback', async () => {
    const harness = await createHarness(craftedMemory(), { bookProbes });
    await harness.service.dream('alice', { mode: 'apply', force: true });
    const consolidated = harness.store.items({ kinds: ['reflection'] }).map((entry) => entry.id);

    expect(await harness.service.rollback('alice', 0, 'editor')).toEqual({ from: 1, to: 0 });
    expect(harness.store.items({ kinds: ['reflection'] })).toHaveLength(3);
    expect(harness.store.items({ kinds: ['visitor_fact'], visitor: 'v1' })).toHaveLength(2);
    expect((await harness.service.versions('alice')).current).toBe(0);

    // A reflection written after the version stays in memory on top of whichever version is current.
    const later = item({ text: 'The Mock Turtle sang of beautiful soup and wept.', chapter: 10 }, 25);
    harness.store.add([later]);
    expect(await harness.service.rollback('alice', 1, 'editor')).toEqual({ from: 0, to: 1 });
    expect(harness.store.items({ kinds: ['reflection'] }).map((entry) => entry.id)).toEqual([...consolidated, later.id]);

    const rollbacks = harness.sink.rows.filter((row) => row.event === 'rollback');
    expect(rollbacks.map((row) => [row.fromVersion, row.toVersion, row.by])).toEqual([[1, 0, 'editor'], [0, 1, 'editor']]);
  });

  it('refuses a proposal that would lose a fact a visitor could ask about, and says why', async () => {
    const memory = craftedMemory();
    const max = memory[4]!;
    const provider = fakeProvider(JSON.stringify({ operations: [{ type: 'forget', id: max.id, reason: 'seems trivial' }] }));
    const harness = await createHarness(memory, { provider, bookProbes });
    const record = await harness.service.dream('alice', { mode: 'apply', force: true });
    expect(record).toMatchObject({ status: 'refused', proposer: 'model', provider: 'fake-model', inputTokens: 120, outputTokens: 30 });
    expect(record.reason).toBe('retrieval would lose what visitors told: What is my dog called? (v1)');
    expect(record.gate).toMatchObject({ factHitsBefore: 1, factHitsAfter: 0, isPassed: false });
    expect(harness.store.get(max.id)).toBeDefined();
    expect((await harness.service.versions('alice')).versions).toEqual([]);
  });

  it('holds a dream for review in manual mode, applies it on approval and leaves memory alone on rejection', async () => {
    const harness = await createHarness(craftedMemory(), { review: 'manual', bookProbes });
    const pending = await harness.service.dream('alice', { mode: 'auto', force: true });
    expect(pending.status).toBe('pending');
    expect(harness.store.items({ kinds: ['reflection'] })).toHaveLength(3);

    const detail = await harness.service.get(pending.dreamId);
    const merge = detail?.diff.find((entry) => entry.operation.type === 'merge');
    expect(merge?.before).toHaveLength(2);
    expect(merge?.after).toContain('Queen of Hearts');

    const approved = await harness.service.approve(pending.dreamId, 'editor');
    expect(approved).toMatchObject({ status: 'applied', version: 1, decidedBy: 'editor' });
    expect(harness.store.items({ kinds: ['reflection'] })).toHaveLength(2);

    harness.store.add([item({ text: 'The Duchess sneezed and the baby turned into a pig in her kitchen.', chapter: 6 }, 20)]);
    harness.store.add([item({ text: 'In the kitchen the Duchess sneezed, and her baby turned into a pig.', chapter: 6 }, 21)]);
    const second = await harness.service.dream('alice', { mode: 'auto', force: true });
    const rejected = await harness.service.reject(second.dreamId, 'editor');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'editor' });
    expect(harness.store.items({ kinds: ['reflection'] })).toHaveLength(4);
    expect((await harness.service.versions('alice')).current).toBe(1);
    await expect(harness.service.approve(second.dreamId, 'editor')).rejects.toThrow(/is rejected, not pending/);
  });

  it('writes every dream and decision to the audit log and the dataset sink', async () => {
    const harness = await createHarness(craftedMemory(), { review: 'manual', bookProbes });
    const pending = await harness.service.dream('alice', { mode: 'auto', force: true });
    await harness.service.approve(pending.dreamId, 'editor');
    const log = (await readFile(path.join(harness.directory, 'alice', 'dreams.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(log.map((entry) => entry.type)).toEqual(['dream', 'decision']);
    expect(harness.sink.rows.map((row) => [row.event, row.status, row.by, row.toVersion])).toEqual([
      ['dream', 'pending', null, null],
      ['approved', null, 'editor', 1],
    ]);
    expect(harness.sink.rows[0]).toMatchObject({ itemsBefore: 5, itemsAfter: 3, gateBefore: 3, gateAfter: 3, operations: 2 });
    // The merged reflection is public and goes to the dreams config; the private fact never does.
    expect(harness.sink.items.map((entry) => entry.kind)).toEqual(['reflection']);
    expect(JSON.stringify(harness.sink.rows)).not.toContain('Rex');
    expect(await harness.service.list('alice')).toHaveLength(1);
  });

  it('applies nothing when preempted by an abort', async () => {
    const harness = await createHarness(craftedMemory(), { bookProbes });
    const controller = new AbortController();
    controller.abort();
    const record = await harness.service.dream('alice', { mode: 'apply', force: true, signal: controller.signal });
    expect(record.status).toBe('preempted');
    expect(harness.store.items({ kinds: ['reflection'] })).toHaveLength(3);
    expect((await harness.service.versions('alice')).versions).toEqual([]);
  });

  it('skips a dream until enough new material has arrived', async () => {
    const harness = await createHarness(craftedMemory(), { minNewItems: 10 });
    const record = await harness.service.dream('alice', { mode: 'apply' });
    expect(record).toMatchObject({ status: 'skipped', reason: 'only 5 new items and conversations since the last dream; 10 needed' });
  });

  it('consolidates a hundred conversations offline and ends with fewer items', async () => {
    const conversations: Conversation[] = [];
    const items: MemoryItem[] = [];
    const topics = ['Were you afraid of the Queen?', 'Did the Cheshire Cat really vanish?', 'What was the tea party like?', 'How did the Caterpillar talk?'];
    for (let index = 0; index < 100; index += 1) {
      const visitor = `visitor-${index % 30}`;
      conversations.push(conversation(`conv-${index}`, visitor, [`My dog is called Dog${index}.`, topics[index % topics.length]!], 1 + (index % 28)));
      items.push(item({ kind: 'visitor_fact', visitor, text: `Their dog is called Dog${index}.` }, 1 + (index % 28)));
      items.push(item({ text: `A visitor asked me: ${topics[index % topics.length]} I answered as well as I could, remembering the garden.`, chapter: 7 }, 1 + (index % 28)));
    }
    const harness = await createHarness(items, { conversations });
    const started = Date.now();
    const record = await harness.service.dream('alice', { mode: 'apply' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(record).toMatchObject({ status: 'applied', sessions: 100, itemsBefore: 200 });
    expect(record.itemsAfter).toBeLessThan(100);
    expect(record.operations.filter((operation) => operation.type === 'insight').length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(record.operations.filter((operation) => operation.type === 'insight'))).not.toMatch(/Dog\d/);
  });

  it('asks a model for a JSON proposal with purpose dream and applies what validates', async () => {
    const memory = craftedMemory();
    const provider = fakeProvider(`Here you are:\n${JSON.stringify({ operations: [
      { type: 'merge', ids: [memory[0]!.id, memory[1]!.id], text: 'The Queen of Hearts shouted off with her head at croquet, and everyone trembled with fear.', reason: 'duplicates' },
      { type: 'forget', id: 'no-such-item', reason: 'hallucinated' },
    ] })}`);
    const harness = await createHarness(memory, { provider, bookProbes });
    const record = await harness.service.dream('alice', { mode: 'apply', force: true });
    expect(provider.requests[0]?.purpose).toBe('dream');
    expect(record).toMatchObject({ status: 'applied', proposer: 'model', operations: [{ type: 'merge' }], refused: [{ reason: 'unknown item no-such-item' }] });
  });

  it('falls back to the offline proposer when the model returns garbage or the offline voice answers', async () => {
    for (const provider of [fakeProvider('I dreamt of rabbits, not JSON.'), fakeProvider('{"operations": []}', 'offline')]) {
      const harness = await createHarness(craftedMemory(), { provider, bookProbes });
      const record = await harness.service.dream('alice', { mode: 'dry-run', force: true });
      expect(record.proposer).toBe('offline');
      expect(record.status).toBe('dry-run');
      expect(record.reason).toMatch(/(did not return a valid proposal|offline voice answered).*offline proposer stepped in/);
      expect(record.operations.length).toBeGreaterThan(0);
      expect((await harness.service.versions('alice')).versions).toEqual([]);
    }
  });
});
