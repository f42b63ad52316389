import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBook } from '../../src/book/parse-book.ts';
import type { Book } from '../../src/book/types.ts';
import { cardSchema, type Card, type Character } from '../../src/characters/card.ts';
import type { ChatChunk, ChatRequest, Provider } from '../../src/llm/provider.ts';
import type { MemoryHit, MemoryItem, ReflectionRecord, RetrievalFilter, TurnRecord } from '../../src/memory/types.ts';
import type { ConversationSummary } from '../../src/reflection/chat-material.ts';
import { createQuarantineLog } from '../../src/reflection/quarantine.ts';
import type { ReflectionDeps, ReflectionMemory, ReflectionSink } from '../../src/reflection/reflect-once.ts';

const root = join(import.meta.dirname, '..', '..');

let aliceBook: Book | undefined;
/** Alice, parsed from the corpus copy in the repository. */
export function loadAliceBook(): Book {
  aliceBook ??= parseBook(readFileSync(join(root, 'corpus/alice/text.txt'), 'utf8'), { id: 'alice', title: "Alice's Adventures in Wonderland", author: 'Lewis Carroll' });
  return aliceBook;
}

/** A card as committed under characters/. */
export function loadCard(id: string): Card {
  return cardSchema.parse(JSON.parse(readFileSync(join(root, 'characters', id, 'card.json'), 'utf8')));
}

/** A copy of a card with another id-worthy name and a knowledge boundary. */
export function variantCard(card: Card, name: string, lastChapter?: number): Card {
  const copy = structuredClone(card);
  copy.data.name = name;
  copy.data.extensions.reverie.aliases = [name];
  if (lastChapter === undefined) delete copy.data.extensions.reverie.knowledge.lastChapter;
  else copy.data.extensions.reverie.knowledge.lastChapter = lastChapter;
  return copy;
}

/** An in-process memory: keyword overlap search, filter honoured, private items only for their visitor. */
export function createFakeMemory(character: string): ReflectionMemory & { items: MemoryItem[] } {
  const items: MemoryItem[] = [];
  return {
    items,
    add(added) {
      items.push(...added);
    },
    search(query: string, filter: RetrievalFilter, limit: number): MemoryHit[] {
      const words = new Set(query.toLowerCase().split(/\W+/).filter((word) => word.length > 2));
      return items
        .filter((item) => item.character === character && (!filter.kinds || filter.kinds.includes(item.kind)) && (!filter.bookId || item.bookId === filter.bookId) && (!item.visitor || item.visitor === filter.visitor))
        .map((item) => ({ item, score: item.text.toLowerCase().split(/\W+/).filter((word) => words.has(word)).length }))
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },
  };
}

/** A sink that keeps records in an array. */
export function createFakeSink(): ReflectionSink & { records: ReflectionRecord[] } {
  const records: ReflectionRecord[] = [];
  return { records, async append(record) { records.push(record); } };
}

/** A temporary folder for state and quarantine files. */
export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'reverie-reflection-'));
}

/** Builds a conversation from alternating visitor / character lines. */
export function conversation(character: string, conversationId: string, visitor: string, lastAt: string, lines: string[]): ConversationSummary {
  const turns: TurnRecord[] = lines.map((text, index) => ({
    id: `${conversationId}:${index}`, character, visitor, conversationId, role: index % 2 === 0 ? 'visitor' : 'character', text,
    createdAt: new Date(Date.parse(lastAt) - (lines.length - index) * 1000).toISOString(),
  }));
  return { conversationId, visitor, turns, lastAt };
}

/** Everything reflectOnce needs, in memory, for the given characters and conversations. */
export function createTestDeps(options: { characters: Character[]; book?: Book; conversations?: Map<string, ConversationSummary[]>; provider?: Provider | null; directory?: string; maxInputChars?: number }) {
  const directory = options.directory ?? temporaryDirectory();
  const memories = new Map<string, ReturnType<typeof createFakeMemory>>();
  const sink = createFakeSink();
  const quarantine = createQuarantineLog({ path: join(directory, 'quarantine.jsonl') });
  let counter = 0;
  const deps: ReflectionDeps = {
    characters: options.characters,
    getBook: (bookId) => (options.book && options.book.id === bookId ? options.book : undefined),
    memoryFor(character) {
      let memory = memories.get(character);
      if (!memory) memories.set(character, (memory = createFakeMemory(character)));
      return memory;
    },
    listConversations: (character) => options.conversations?.get(character) ?? [],
    provider: options.provider ?? null,
    sink,
    quarantine,
    statePath: join(directory, 'reflection-state.json'),
    ...(options.maxInputChars ? { maxInputChars: options.maxInputChars } : {}),
    now: () => new Date(Date.UTC(2025, 0, 1, 12, 0, counter)),
    createId: () => `reflection-${++counter}`,
  };
  return { deps, sink, quarantine, directory, memory: (character: string) => deps.memoryFor(character) as ReturnType<typeof createFakeMemory> };
}

/** A provider that streams a fixed text word by word, slowly, honouring the abort signal. */
export function createSlowProvider(text: string, options: { delayMs: number; name?: string }): Provider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name: options.name ?? 'slow-fake', model: 'slow-fake-1', isPaid: false, requests,
    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      requests.push(request);
      const words = text.split(' ');
      for (const [index, word] of words.entries()) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, options.delayMs);
          request.signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new DOMException('aborted', 'AbortError')); }, { once: true });
        });
        yield { type: 'text-delta', text: index === 0 ? word : ` ${word}` };
      }
      yield { type: 'finish', provider: options.name ?? 'slow-fake', model: 'slow-fake-1', usage: { inputTokens: 100, outputTokens: words.length, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    },
  };
}
