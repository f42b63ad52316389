import { describe, expect, it } from 'vitest';
import { FACT_EXTRACTOR_VERSION } from '../../src/memory/visitor-facts/extract-facts.ts';
import { factsOfTurn, readTurnFacts } from '../../src/memory/visitor-facts/fact-items.ts';
import type { TurnRecord } from '../../src/memory/types.ts';

const turn = (text: string, extra: Partial<TurnRecord> = {}): TurnRecord => ({
  id: 't1', character: 'alice', visitor: 'v1', conversationId: 'c1', role: 'visitor', text, createdAt: '2026-12-01T10:00:00.000Z', ...extra,
});

describe('facts kept with their turn', () => {
  it('reads a message once and uses the kept facts on replay, without reading the text again', () => {
    const kept = readTurnFacts('My dog is called Rex.');
    expect(kept.factsVersion).toBe(FACT_EXTRACTOR_VERSION);
    expect(kept.facts).toEqual([expect.objectContaining({ subject: 'dog', attribute: 'name', value: 'Rex' })]);
    // The kept facts are what counts: a turn whose text would now read otherwise keeps what was read when it was said.
    const items = factsOfTurn(turn('(text no longer read)', kept));
    expect(items.map((entry) => entry.item.value)).toEqual(['Rex']);
    expect(items[0]!.item.id).toBe('fact:t1:0');
  });

  it('reads the text again when the facts were kept by another extractor version, or not kept at all', () => {
    const stale = factsOfTurn(turn('My dog is called Rex.', { facts: [{ subject: 'cat', attribute: 'name', value: 'Tom', isUpdate: false }], factsVersion: FACT_EXTRACTOR_VERSION - 1 }));
    expect(stale.map((entry) => entry.item.value)).toEqual(['Rex']);
    expect(factsOfTurn(turn('My dog is called Rex.')).map((entry) => entry.item.value)).toEqual(['Rex']);
    expect(readTurnFacts('What a lovely day.')).toEqual({ factsVersion: FACT_EXTRACTOR_VERSION });
    expect(factsOfTurn(turn('My dog is called Rex.', { role: 'character' }))).toEqual([]);
  });
});
