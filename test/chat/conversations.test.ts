import { describe, expect, it } from 'vitest';
import { createConversationLog } from '../../src/chat/conversations.ts';
import type { TurnRecord } from '../../src/memory/types.ts';

const turn = (id: string, conversationId: string, minute: number, overrides: Partial<TurnRecord> = {}): TurnRecord => ({
  id, character: 'alice', visitor: 'v1', conversationId, role: minute % 2 === 0 ? 'visitor' : 'character', text: `words ${id}`, createdAt: new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString(), ...overrides,
});

describe('the conversation log', () => {
  it('holds turns a lazy replay left unparsed, and parses a conversation only when its turns are read', () => {
    const all = [turn('a1', 'c1', 0), turn('a2', 'c1', 1), turn('b1', 'c2', 2, { visitor: 'v2' }), turn('a3', 'c3', 3), turn('b2', 'c2', 4, { visitor: 'v2' })];
    const loaded: number[] = [];
    const load = (index: number) => {
      loaded.push(index);
      return structuredClone(all[index]!);
    };
    const log = createConversationLog();
    all.slice(0, 4).forEach((entry, index) => log.recordUnparsed(entry, index, load));
    // A turn after them (a message since the checkpoint) joins its conversation parsed.
    log.record(structuredClone(all[4]!));
    expect(log.counts()).toEqual({ conversations: 3, turns: 5 });
    expect(log.listConversations('alice').map((conversation) => conversation.conversationId)).toEqual(['c1', 'c2', 'c3']);
    expect(log.currentConversation('alice', 'v2', { isNew: false, now: Date.parse(all[4]!.createdAt) })).toBe('c2');
    expect(loaded).toEqual([]);
    expect(log.turnsFor('alice', 'v2')).toEqual([all[2], all[4]]);
    expect(loaded).toEqual([2]);
    expect(log.turnsFor('alice', 'v1').map((entry) => entry.id)).toEqual(['a1', 'a2', 'a3']);
    expect(loaded.sort()).toEqual([0, 1, 2, 3]);
    // Read again, nothing is parsed twice; a spread conversation carries its turns.
    expect({ ...log.conversationsOf('v1')[0]! }.turns.map((entry) => entry.id)).toEqual(['a1', 'a2']);
    expect(loaded).toHaveLength(4);
    expect(log.forget('v1')).toBe(3);
    expect(log.counts()).toEqual({ conversations: 1, turns: 2 });
  });

  it('keeps one copy of a visitor id, whether its turns were parsed or not', () => {
    const log = createConversationLog();
    const first = turn('a1', 'c1', 0);
    const second = turn('a2', 'c1', 2);
    log.recordUnparsed(first, 0, () => structuredClone(first));
    log.record(structuredClone(second));
    const [one, two] = log.turnsFor('alice', 'v1');
    expect(one!.visitor).toBe('v1');
    expect(two!.visitor).toBe(one!.visitor);
    expect(log.conversationsOf('v1')[0]!.lastAt).toBe(second.createdAt);
  });
});
