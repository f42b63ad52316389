import { randomUUID } from 'node:crypto';
import type { Character } from '../characters/card.ts';
import type { Grounding, GroundingItem, GroundingStrategy, Provider, Usage } from '../llm/provider.ts';
import { emptyUsage } from '../llm/provider.ts';
import type { MemoryHit, MemoryItem, RetrievalFilter, TurnRecord } from '../memory/types.ts';
import { planQuestion, type CharacterFrame, type QuestionPlan } from '../memory/character-query.ts';
import { factsOfTurn, readTurnFacts } from '../memory/visitor-facts/fact-items.ts';
import { planFactChanges, type FactChanges } from '../memory/visitor-facts/remember-facts.ts';
import type { ConversationLog } from './conversations.ts';
import type { ReplySignal } from './feedback.ts';
import { detectImplicitSignals } from './implicit-signals.ts';
import { buildContextLines, buildStrategyLines, buildSystemBlocks, type BookContext } from './prompt.ts';
import { buildVisitorContext, type CharacterLinesCache, type VisitorContext } from './visitor-context.ts';
import { turnMemoryItems } from './turn-items.ts';

/** What chat needs from a character's memory store. */
export interface ChatMemory {
  retrieve(query: string | QuestionPlan, options: { visitor?: string; bookId?: string; passages: number; memories: number }): { passages: MemoryHit[]; memories: MemoryHit[] };
  search(query: string | QuestionPlan, filter: RetrievalFilter, limit: number): MemoryHit[];
  add(items: MemoryItem[]): void;
  items(filter?: RetrievalFilter, options?: { includeSuperseded?: boolean }): MemoryItem[];
}

/** A character ready to talk: its card, its book, its memory and an index of its own lines. */
export interface ChatCharacter {
  character: Character;
  book: BookContext & { id: string };
  /** The cacheable prompt prefix for a visitor whose name is not known (see buildCharacterLines). */
  characterLines: string[];
  memory: ChatMemory;
  lines: ChatMemory;
  /** Who "you" is in a question, and the book's names (see memory/character-query.ts). */
  frame: CharacterFrame;
}

/** What a reply's context is drawn from: the passages and memories retrieval finds, and the character's own lines. */
export interface ChatRetrieval {
  plan: QuestionPlan;
  passages: MemoryHit[];
  memories: MemoryHit[];
  lines: MemoryHit[];
}

/**
 * Retrieval for one message, as the chat does it: the question planned against the character
 * (who "you" is, names, the topic of a follow-up from `earlier` visitor messages, oldest first),
 * then the book's passages, the memories (this visitor's own included) and the character's lines.
 */
export function retrieveForMessage(entry: ChatCharacter, message: string, options: { visitor?: string; earlier?: readonly string[]; passages?: number; memories?: number; lines?: number }): ChatRetrieval {
  const plan = planQuestion(message, entry.frame, options.earlier ?? []);
  const retrieved = entry.memory.retrieve(plan, { ...(options.visitor !== undefined ? { visitor: options.visitor } : {}), bookId: entry.book.id, passages: options.passages ?? 4, memories: options.memories ?? 4 });
  return { plan, ...retrieved, lines: entry.lines.search(plan, {}, options.lines ?? 6) };
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
  /** Told about the facts a message added and retired, to publish them (HF_PUBLISH_CONVERSATIONS); never awaited. */
  onFacts?: (characterId: string, changes: FactChanges) => Promise<void>;
  /** Called before a visitor's message is handled, so facts restored under their pseudonym become theirs again. */
  claimRestored?: (characterId: string, visitorId: string) => void;
  /** Where background failures are told. */
  log?: (line: string) => void;
  /**
   * The character's current strategies, read once when a conversation starts (its snapshot: a
   * dream during the conversation changes the next one); strategies are off without it.
   */
  strategies?: (characterId: string) => GroundingStrategy[];
  /** Share of replies in which the offline voice tries another choice (VOICE_EXPLORE_RATE); 0 or unset: none. */
  exploreRate?: number;
  /** Where implicit signals (a correction, the same question again) about the last reply go; never awaited. */
  feedback?: { record(signal: Omit<ReplySignal, 'id' | 'createdAt'>): Promise<unknown> };
  /** Told when a turn starts and stops being written to the journal and the store (memory/source-marks.ts). */
  marks?: { begin(character: string): void; end(character: string): void };
}

/** Conversations whose strategy snapshot is kept; the oldest goes first beyond it. */
const STRATEGY_SNAPSHOTS = 10_000;

/** One conversation turn: retrieval, prompt, stream, persist. */
export interface ChatService {
  /** Stores the visitor's message (fsynced) and returns the reply to stream. */
  accept(input: { characterId: string; visitorId: string; message: string; isNewConversation?: boolean }): Promise<PendingReply>;
}

/** The most turns of the conversation so far the grounding carries for the offline voice. */
const GROUNDING_TURNS = 200;

function grounding(entry: ChatCharacter, visitor: VisitorContext, passages: MemoryHit[], memories: MemoryHit[], lines: MemoryHit[], turnIndex: number, conversation: TurnRecord[], strategies: GroundingStrategy[], exploreRate: number): Grounding {
  const card = visitor.card.data;
  const titles = entry.book.chapterTitles;
  const items: GroundingItem[] = [
    ...passages.map((hit): GroundingItem => ({ id: hit.item.id, kind: 'passage', text: hit.item.text, chapterTitle: titles[(hit.item.chapter ?? 0) - 1] })),
    ...lines.map((hit): GroundingItem => ({ id: hit.item.id, kind: 'line', text: hit.item.text })),
    // What the visitor asks about themselves comes first among memories, as it stands now.
    ...visitor.factItems,
    ...memories.flatMap((hit): GroundingItem[] => (hit.item.kind === 'strategy' ? [] : [{ id: hit.item.id, kind: hit.item.kind, text: visitor.expand(hit.item.text), ...(hit.item.role ? { role: hit.item.role } : {}) }])),
  ];
  return {
    characterId: entry.character.id,
    characterName: card.name,
    greeting: card.first_mes,
    manner: card.extensions.reverie.manner,
    items,
    turnIndex,
    visitorFacts: visitor.visitorFacts,
    newFacts: visitor.newFacts,
    conversation: conversation.slice(-GROUNDING_TURNS).map((turn) => ({ role: turn.role, text: turn.text })),
    ...(strategies.length > 0 ? { strategies } : {}),
    ...(exploreRate > 0 ? { exploreRate } : {}),
  };
}

/** Creates the chat service; see ARCHITECTURE.md, "The flow of one visitor message". */
export function createChatService(options: ChatServiceOptions): ChatService {
  const now = options.now ?? (() => new Date());
  const historyTurns = options.historyTurns ?? 12;
  const log = options.log ?? ((line: string) => console.error(line));
  const linesCache: CharacterLinesCache = new Map();
  const snapshots = new Map<string, GroundingStrategy[]>();

  /** The strategies of a conversation: read when it starts, then the same for all of it. */
  function strategiesOf(characterId: string, conversationId: string): GroundingStrategy[] {
    const held = snapshots.get(conversationId);
    if (held) return held;
    const snapshot = options.strategies?.(characterId).map((strategy) => ({ ...strategy })) ?? [];
    if (snapshots.size >= STRATEGY_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value!);
    snapshots.set(conversationId, snapshot);
    return snapshot;
  }

  /** A correction or the same question again says the last reply missed: noted against it. */
  function noteImplicitSignals(conversation: readonly TurnRecord[], message: string): void {
    const reply = conversation.at(-1);
    if (!options.feedback || !reply || reply.role !== 'character') return;
    const question = conversation.slice(0, -1).filter((turn) => turn.role === 'visitor').at(-1)?.text;
    for (const kind of detectImplicitSignals({ ...(question !== undefined ? { question } : {}), reply: reply.text, message })) {
      void options.feedback
        .record({ character: reply.character, visitor: reply.visitor, conversationId: reply.conversationId, turnId: reply.id, kind, rating: -1 })
        .catch((error: unknown) => log(`chat: could not store a ${kind} signal: ${(error as Error).message}`));
    }
  }

  // The journal first, then the store: what the store holds is always durable. `andThen` runs in
  // the same step as the add (the facts of a visitor's turn), inside the marks' brackets.
  async function persist(turn: TurnRecord, entry: ChatCharacter, andThen?: () => void): Promise<void> {
    options.marks?.begin(turn.character);
    try {
      await options.journal.append(turn);
      options.conversations.record(turn);
      entry.memory.add(turnMemoryItems([turn]));
      andThen?.();
    } finally {
      options.marks?.end(turn.character);
    }
  }

  return {
    async accept(input) {
      const entry = options.characters.get(input.characterId);
      if (!entry) throw new Error(`Unknown character ${input.characterId}`);
      options.activity?.noteMessage();
      options.claimRestored?.(input.characterId, input.visitorId);
      const history = options.conversations.turnsFor(input.characterId, input.visitorId);
      const conversationId = options.conversations.currentConversation(input.characterId, input.visitorId, {
        isNew: input.isNewConversation ?? false,
        now: now().getTime(),
      });
      const conversationSoFar = history.filter((turn) => turn.conversationId === conversationId);
      const strategies = strategiesOf(input.characterId, conversationId);
      noteImplicitSignals(conversationSoFar, input.message);
      const earlier = conversationSoFar.slice(-historyTurns);
      const visitorTurn: TurnRecord = {
        id: randomUUID(),
        character: input.characterId,
        visitor: input.visitorId,
        conversationId,
        role: 'visitor',
        text: input.message,
        createdAt: now().toISOString(),
        // Read once, kept with the turn in the journal.
        ...readTurnFacts(input.message),
      };
      // Retrieve before storing the new turn, so the visitor's own words do not come back as memory.
      const earlierQuestions = earlier.filter((turn) => turn.role === 'visitor').map((turn) => turn.text);
      const retrieved = retrieveForMessage(entry, input.message, { visitor: input.visitorId, earlier: earlierQuestions });
      const lines = retrieved.lines;
      // The facts of the message are remembered at once, once the turn they rest on is durable.
      // One read of the visitor's facts serves both the change and the reply.
      let held: MemoryItem[] = [];
      let changes: FactChanges = { added: [], retired: [] };
      await persist(visitorTurn, entry, () => {
        held = entry.memory.items({ visitor: input.visitorId, kinds: ['visitor_fact'] }, { includeSuperseded: true }).filter((item) => item.visitor === input.visitorId);
        changes = planFactChanges(held, factsOfTurn(visitorTurn));
        if (changes.added.length > 0) entry.memory.add([...changes.retired, ...changes.added]);
      });
      if (options.onFacts && changes.added.length > 0) {
        void options.onFacts(input.characterId, changes).catch((error: unknown) => log(`chat: could not publish visitor facts: ${(error as Error).message}`));
      }
      const changed = new Map([...changes.retired, ...changes.added].map((item) => [item.id, item]));
      const visitorItems = [...held.map((item) => changed.get(item.id) ?? item), ...changes.added];
      const visitor = buildVisitorContext({ card: entry.character.card, book: entry.book, visitorItems, message: input.message, changes, cache: linesCache });
      const memories = retrieved.memories.filter((hit) => visitor.isStillTrue(hit.item));

      return {
        conversationId,
        visitorTurn,
        async *events(signal) {
          const endStream = options.activity?.beginStream();
          const titles = entry.book.chapterTitles;
          const context = buildContextLines(retrieved.passages, memories.map((hit) => ({ ...hit, item: { ...hit.item, text: visitor.expand(hit.item.text) } })), (chapter) => titles[(chapter ?? 0) - 1] ?? entry.book.title);
          const request = {
            system: buildSystemBlocks(visitor.characterLines, [...visitor.visitorLines, ...context], buildStrategyLines(strategies)),
            messages: [
              ...earlier.map((turn) => ({ role: turn.role === 'visitor' ? ('user' as const) : ('assistant' as const), content: turn.text })),
              { role: 'user' as const, content: input.message },
            ],
            grounding: grounding(entry, visitor, retrieved.passages, memories, lines, history.filter((turn) => turn.role === 'character').length, conversationSoFar, strategies, options.exploreRate ?? 0),
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
