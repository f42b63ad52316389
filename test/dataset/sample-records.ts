import type { ReflectionRecord, TurnRecord } from '../../src/memory/types.ts';

/** A reflection with every field set, numbered so many can be made. */
export function sampleReflection(index: number, overrides: Partial<ReflectionRecord> = {}): ReflectionRecord {
  const isChapter = index % 2 === 0;
  return {
    id: `r-${String(index).padStart(6, '0')}`,
    character: index % 3 === 0 ? 'alice' : 'victor',
    kind: isChapter ? 'chapter' : 'chat',
    text: `Reflection number ${index}: the rabbit hole seemed deeper than before.`,
    createdAt: new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString(),
    ...(isChapter ? { chapter: (index % 12) + 1 } : { conversationId: `c-${index}` }),
    evidence: isChapter ? [`p-${index}`, `p-${index + 1}`] : [],
    mood: (index % 7) / 7 - 0.5,
    importance: (index % 10) + 1,
    provider: 'offline',
    model: 'offline-voice',
    inputTokens: 100 + index,
    outputTokens: 40,
    verdict: index % 11 === 0 ? 'quarantined' : 'accepted',
    ...(index % 11 === 0 ? { reason: 'breaks character' } : {}),
    ...overrides,
  };
}

/** A conversation turn. */
export function sampleTurn(index: number, overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    id: `t-${index}`,
    character: 'alice',
    visitor: `visitor-${index % 3}`,
    conversationId: `c-${index % 3}`,
    role: index % 2 === 0 ? 'visitor' : 'character',
    text: `Turn ${index}`,
    createdAt: new Date(Date.UTC(2025, 1, 1) + index * 1000).toISOString(),
    ...(index % 2 === 1
      ? { provider: 'offline', model: 'offline-voice', usage: { inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4 } }
      : {}),
    ...overrides,
  };
}
