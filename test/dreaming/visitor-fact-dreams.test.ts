import { describe, expect, it } from 'vitest';
import { createDreamService } from '../../src/dreaming/dream-service.ts';
import { createMemoryStore, type MemoryStore } from '../../src/memory/memory-store.ts';
import type { TurnRecord } from '../../src/memory/types.ts';
import { factsOfTurn } from '../../src/memory/visitor-facts/fact-items.ts';
import { sortVisitorFacts } from '../../src/memory/visitor-facts/recall-facts.ts';
import { rememberSpokenFacts } from '../../src/memory/visitor-facts/remember-facts.ts';
import { aliceCard, createHarness } from './dream-kit.ts';

const visitor = 'visitor-dreamer-0123456789';
const turn = (id: string, text: string, day: number, conversationId: string): TurnRecord => ({
  id, character: 'alice', visitor, conversationId, role: 'visitor', text, createdAt: new Date(Date.UTC(2026, 10, day)).toISOString(),
});
const say = (store: MemoryStore, ...turns: TurnRecord[]) => {
  for (const entry of turns) rememberSpokenFacts(store, visitor, factsOfTurn(entry));
};
const current = (store: MemoryStore) => sortVisitorFacts(store.items({ visitor, kinds: ['visitor_fact'] }, { includeSuperseded: true })).current.map((fact) => `${fact.subject}.${fact.attribute}=${fact.value}`);

describe('dreams over visitor facts', () => {
  it('merges a fact said twice into one that keeps its fields, and supersedes it when a later session renamed the dog', async () => {
    const session1 = [turn('t1', 'My dog is called Rex.', 2, 'c1'), turn('t2', 'Did I say? My dog is called Rex.', 3, 'c1')];
    const harness = await createHarness([], { minNewItems: 0 });
    say(harness.store, ...session1);
    const first = await harness.service.dream('alice', { mode: 'apply', force: true });
    expect(first.status).toBe('applied');
    const merge = first.operations.find((operation) => operation.type === 'merge');
    expect(merge).toMatchObject({ ids: ['fact:t2:0', 'fact:t1:0'] });
    const merged = harness.store.items({ visitor, kinds: ['visitor_fact'] });
    expect(merged).toEqual([expect.objectContaining({ id: expect.stringMatching(/^dream:/), subject: 'dog', attribute: 'name', value: 'Rex', validFrom: session1[0]!.createdAt })]);

    // A later session, then a restart: the journal is read again and the version applied over it.
    const session2 = [turn('t3', 'Actually I renamed my dog Max.', 10, 'c2')];
    const restarted = createMemoryStore({ character: 'alice', now: () => new Date(Date.UTC(2026, 11, 1)) });
    say(restarted, ...session1, ...session2);
    const card = await aliceCard();
    const service = createDreamService({ versions: harness.versions, memory: () => restarted, card: () => card, conversations: () => [], review: 'auto', minNewItems: 0, now: () => new Date(Date.UTC(2026, 11, 1)), logger: { error() {} } });
    await service.load('alice');
    // The version's Rex is back in the store, yet the newer word wins.
    expect(current(restarted)).toEqual(['dog.name=Max']);
    const second = await service.dream('alice', { mode: 'apply', force: true });
    expect(second.operations).toEqual([{ type: 'supersede', oldId: merged[0]!.id, newId: 'fact:t3:0', reason: 'updated by a later fact of the same visitor' }]);
    expect(second.status).toBe('applied');
    expect(restarted.get(merged[0]!.id)?.supersededBy).toBe('fact:t3:0');
  });

  it('supersedes across sessions when the old and new facts both still stand (a fact restored or written by a model)', async () => {
    const harness = await createHarness([], { minNewItems: 0 });
    say(harness.store, turn('t1', 'My dog is called Rex.', 2, 'c1'));
    harness.store.add([{ id: 'model-fact', character: 'alice', kind: 'visitor_fact', text: 'Their dog is called Max now.', createdAt: new Date(Date.UTC(2026, 10, 9)).toISOString(), validFrom: new Date(Date.UTC(2026, 10, 8)).toISOString(), source: ['c2'], visitor, importance: 6 }]);
    const record = await harness.service.dream('alice', { mode: 'apply', force: true });
    expect(record.operations).toContainEqual({ type: 'supersede', oldId: 'fact:t1:0', newId: 'model-fact', reason: 'updated by a later fact of the same visitor' });
  });
});
