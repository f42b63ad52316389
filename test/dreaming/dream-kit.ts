import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Card } from '../../src/characters/card.ts';
import { loadCharacter } from '../../src/characters/load-characters.ts';
import type { Conversation } from '../../src/chat/conversations.ts';
import { createDreamService, type DreamService, type DreamServiceOptions } from '../../src/dreaming/dream-service.ts';
import type { DreamAuditRow, DreamSink } from '../../src/dreaming/dream-audit.ts';
import { createMemoryVersions, type MemoryVersions } from '../../src/dreaming/memory-versions.ts';
import { createMemoryStore, type MemoryStore } from '../../src/memory/memory-store.ts';
import type { MemoryItem, TurnRecord } from '../../src/memory/types.ts';

/** Alice's bundled card, for the guard. */
export async function aliceCard(): Promise<Card> {
  return (await loadCharacter(path.resolve(import.meta.dirname, '../../characters'), 'alice')).card;
}

let counter = 0;

/** A memory item of Alice's, dated by day of November 2026. */
export function item(partial: Partial<MemoryItem> & { text: string }, day = 1): MemoryItem {
  counter += 1;
  return {
    id: `item-${counter}`,
    character: 'alice',
    kind: 'reflection',
    createdAt: new Date(Date.UTC(2026, 10, day, 12, counter % 60)).toISOString(),
    source: [],
    importance: 5,
    ...partial,
  };
}

/** A conversation whose visitor says the given lines (each answered briefly). */
export function conversation(id: string, visitor: string, lines: string[], day = 1): Conversation {
  const turns: TurnRecord[] = [];
  lines.forEach((text, index) => {
    const createdAt = new Date(Date.UTC(2026, 10, day, 10, index * 2)).toISOString();
    turns.push({ id: `${id}:v${index}`, character: 'alice', visitor, conversationId: id, role: 'visitor', text, createdAt });
    turns.push({ id: `${id}:c${index}`, character: 'alice', visitor, conversationId: id, role: 'character', text: 'Oh, I hardly know, sir.', createdAt });
  });
  return { conversationId: id, character: 'alice', visitor, turns, lastAt: turns.at(-1)!.createdAt };
}

/** A sink that keeps what it is given. */
export function createRecordingSink(): DreamSink & { items: MemoryItem[]; rows: DreamAuditRow[] } {
  const items: MemoryItem[] = [];
  const rows: DreamAuditRow[] = [];
  return {
    items,
    rows,
    async writeItems(written) {
      items.push(...written);
    },
    async writeAudit(written) {
      rows.push(...written);
    },
  };
}

/** Everything a service test needs: a temp folder, a live store, conversations, the service. */
export interface DreamHarness {
  directory: string;
  store: MemoryStore;
  versions: MemoryVersions;
  conversations: Conversation[];
  sink: ReturnType<typeof createRecordingSink>;
  service: DreamService;
}

/** Builds a service over a fresh store holding `items`. */
export async function createHarness(items: MemoryItem[], overrides: Partial<Omit<DreamServiceOptions, 'conversations'>> & { conversations?: Conversation[] } = {}): Promise<DreamHarness> {
  const directory = await mkdtemp(path.join(tmpdir(), 'reverie-dream-'));
  const now = () => new Date(Date.UTC(2026, 11, 1));
  const store = createMemoryStore({ character: 'alice', now });
  store.add(items);
  const versions = createMemoryVersions({ directory });
  const { conversations: given, ...rest } = overrides;
  const conversations = given ?? [];
  const sink = createRecordingSink();
  const card = await aliceCard();
  const service = createDreamService({
    versions,
    memory: () => store,
    card: () => card,
    conversations: () => conversations,
    sink,
    review: 'auto',
    now,
    logger: { error() {} },
    ...rest,
  });
  return { directory, store, versions, conversations, sink, service };
}
