import { randomUUID } from 'node:crypto';
import type { Character } from '../characters/card.ts';
import type { Grounding, GroundingItem, Provider, Usage } from '../llm/provider.ts';
import { emptyUsage } from '../llm/provider.ts';
import type { MemoryHit, MemoryItem, RetrievalFilter, TurnRecord } from '../memory/types.ts';
import type { ConversationLog } from './conversations.ts';
import { buildContextLines, buildSystemBlocks, type BookContext } from './prompt.ts';

/** What chat needs from a character's memory store. */
export interface ChatMemory {
  retrieve(query: string, options: { visitor?: string; bookId?: string; passages: number; memories: number }): { passages: MemoryHit[]; memories: MemoryHit[] };
  search(query: string, filter: RetrievalFilter, limit: number): MemoryHit[];
  add(items: MemoryItem[]): void;
}

/** A character ready to talk: its card, its book, its memory and an index of its own lines. */
export interface ChatCharacter {
  character: Character;
  book: BookContext & { id: string };
  /** The cacheable prompt prefix (see buildCharacterLines). */
  characterLines: string[];
  memory: ChatMemory;
  lines: ChatMemory;
}

/** Events of one reply, as the server sends them. */
export type ChatEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'done'; provider: string; model: string; turnId: string; conversationId: string; usage: Usage; isPartial: boolean; error?: string };

/** A visitor message that has been durably stored; `events()` streams the reply. */
export interface PendingReply {
  conversationId: string;
  visitorTurn: TurnRecord;
  events(signal: AbortSignal): AsyncIterable<ChatEvent>;
}

/** Dependencies of the chat service. */
export interface ChatServiceOptions {
  characters: ReadonlyMap<string, ChatCharacter>;
  journal: { append(turn: TurnRecord): Promise<void> };
  conversations: ConversationLog;
  /** The cascade (or any single provider). */
  provider: Pick<Provider, 'stream'>;
  activity?: { beginStream(): () => void; noteMessage(): void };
  now?: () => Date;
  /** Earlier turns of the conversation sent to the model. */
  historyTurns?: number;
  maxOutputTokens?: number;
}

/** One conversation turn: retrieval, prompt, stream, persist. */
export interface ChatService {
  /** Stores the visitor's message (fsynced) and returns the reply to stream. */
  accept(input: { characterId: string; visitorId: string; message: string; isNewConversation?: boolean }): Promise<PendingReply>;
}

function turnItem(turn: TurnRecord): MemoryItem {
  return {
    id: turn.id,
    character: turn.character,
    kind: 'turn',
    text: turn.role === 'visitor' ? `The visitor said: ${turn.text}` : `I said: ${turn.text}`,
    createdAt: turn.createdAt,
    source: [turn.conversationId],
    visitor: turn.visitor,
    importance: turn.role === 'visitor' ? 4 : 3,
    role: turn.role,
    conversationId: turn.conversationId,
  };
}

/** Turns a stored turn into the memory item that makes it retrievable for its visitor only. */
export { turnItem as turnToMemoryItem };

/** The most turns of the conversation so far the grounding carries for the offline voice. */
const GROUNDING_TURNS = 200;

function grounding(entry: ChatCharacter, passages: MemoryHit[], memories: MemoryHit[], lines: MemoryHit[], turnIndex: number, conversation: TurnRecord[]): Grounding {
  const card = entry.character.card.data;
  const titles = entry.book.chapterTitles;
  const items: GroundingItem[] = [
    ...passages.map((hit): GroundingItem => ({ id: hit.item.id, kind: 'passage', text: hit.item.text, chapterTitle: titles[(hit.item.chapter ?? 0) - 1] })),
    ...lines.map((hit): GroundingItem => ({ id: hit.item.id, kind: 'line', text: hit.item.text })),
    ...memories.map((hit): GroundingItem => ({ id: hit.item.id, kind: hit.item.kind === 'passage' ? 'passage' : hit.item.kind, text: hit.item.text, ...(hit.item.role ? { role: hit.item.role } : {}) })),
  ];
  return {
    characterId: entry.character.id,
    characterName: card.name,
    greeting: card.first_mes,
    manner: card.extensions.reverie.manner,
    items,
    turnIndex,
    conversation: conversation.slice(-GROUNDING_TURNS).map((turn) => ({ role: turn.role, text: turn.text })),
  };
}

/** Creates the chat service; see ARCHITECTURE.md, "The flow of one visitor message". */
export function createChatService(options: ChatServiceOptions): ChatService {
  const now = options.now ?? (() => new Date());
  const historyTurns = options.historyTurns ?? 12;

  async function persist(turn: TurnRecord, entry: ChatCharacter): Promise<void> {
    await options.journal.append(turn);
    options.conversations.record(turn);
    entry.memory.add([turnItem(turn)]);
  }

  return {
    async accept(input) {
      const entry = options.characters.get(input.characterId);
      if (!entry) throw new Error(`Unknown character ${input.characterId}`);
      options.activity?.noteMessage();
      const history = options.conversations.turnsFor(input.characterId, input.visitorId);
      const conversationId = options.conversations.currentConversation(input.characterId, input.visitorId, {
        isNew: input.isNewConversation ?? false,
        now: now().getTime(),
      });
      const conversationSoFar = history.filter((turn) => turn.conversationId === conversationId);
      const earlier = conversationSoFar.slice(-historyTurns);
      const visitorTurn: TurnRecord = {
        id: randomUUID(),
        character: input.characterId,
        visitor: input.visitorId,
        conversationId,
        role: 'visitor',
        text: input.message,
        createdAt: now().toISOString(),
      };
      // Retrieve before storing the new turn, so the visitor's own words do not come back as memory.
      const retrieved = entry.memory.retrieve(input.message, { visitor: input.visitorId, bookId: entry.book.id, passages: 4, memories: 4 });
      const lines = entry.lines.search(input.message, {}, 6);
      await persist(visitorTurn, entry);

      return {
        conversationId,
        visitorTurn,
        async *events(signal) {
          const endStream = options.activity?.beginStream();
          const titles = entry.book.chapterTitles;
          const request = {
            system: buildSystemBlocks(entry.characterLines, buildContextLines(retrieved.passages, retrieved.memories, (chapter) => titles[(chapter ?? 0) - 1] ?? entry.book.title)),
            messages: [
              ...earlier.map((turn) => ({ role: turn.role === 'visitor' ? ('user' as const) : ('assistant' as const), content: turn.text })),
              { role: 'user' as const, content: input.message },
            ],
            grounding: grounding(entry, retrieved.passages, retrieved.memories, lines, history.filter((turn) => turn.role === 'character').length, conversationSoFar),
            purpose: 'chat' as const,
            maxOutputTokens: options.maxOutputTokens ?? 400,
            signal,
          };
          let text = '';
          let finish: { provider: string; model: string; usage: Usage; isPartial?: boolean; error?: string } | undefined;
          let failure: unknown;
          try {
            for await (const chunk of options.provider.stream(request)) {
              if (chunk.type === 'text-delta') {
                text += chunk.text;
                yield { type: 'text-delta', text: chunk.text };
              } else {
                finish = chunk;
              }
            }
          } catch (error) {
            failure = error;
          } finally {
            endStream?.();
          }
          if (text.trim() === '') {
            // Nothing reached the visitor: store nothing for the character, report the failure.
            if (failure) throw failure;
            return;
          }
          const characterTurn: TurnRecord = {
            id: randomUUID(),
            character: input.characterId,
            visitor: input.visitorId,
            conversationId,
            role: 'character',
            text: text.trim(),
            createdAt: now().toISOString(),
            provider: finish?.provider ?? 'unknown',
            model: finish?.model ?? 'unknown',
            usage: finish?.usage ?? emptyUsage(),
            ...(failure || finish?.isPartial ? { isPartial: true, error: finish?.error ?? String((failure as Error | undefined)?.message ?? failure) } : {}),
          };
          await persist(characterTurn, entry);
          yield {
            type: 'done',
            provider: characterTurn.provider!,
            model: characterTurn.model!,
            turnId: characterTurn.id,
            conversationId,
            usage: characterTurn.usage!,
            isPartial: characterTurn.isPartial ?? false,
            ...(characterTurn.error ? { error: characterTurn.error } : {}),
          };
        },
      };
    },
  };
}
