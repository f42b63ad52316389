/** Token counts for one reply; cache fields are zero where a provider has no prompt cache. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Why a model is being called; background purposes spend the background budget. */
export type Purpose = 'chat' | 'reflection' | 'dream';

/** A part of the system prompt; `isCacheable` marks the stable prefix (card, constitution, book). */
export interface SystemBlock {
  text: string;
  isCacheable: boolean;
}

/** One message of the conversation so far. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A piece of retrieved context, kept structured so the offline voice can answer from it. */
export interface GroundingItem {
  id: string;
  kind: 'passage' | 'line' | 'reflection' | 'insight' | 'visitor_fact' | 'turn';
  text: string;
  chapterTitle?: string;
  /** For turns: who said it, so no voice presents the character's own words as the visitor's. */
  role?: 'visitor' | 'character';
}

/**
 * One thing the visitor told the character about themselves, current value only: the contract
 * between visitor memory (memory/, which extracts and keeps facts) and the voices that use them.
 */
export interface GroundingFact {
  /** Whom it is about: "visitor" for the visitor, or a relation of theirs ("dog", "sister"). */
  subject: string;
  /** What about them: "name", "preferred_name", "lives_in", "comes_from", "works_as", "studies", "likes", "dislikes", "event", ... */
  attribute: string;
  /** The value as the visitor said it ("Rex", "Lyon", "sailing", "my exam on Friday"). */
  value: string;
  /** A short second-person statement of it, safe to show the visitor ("Your dog is called Rex."). */
  text: string;
  /** The value this one replaced, when the visitor changed it ("Rex" before "Max"). */
  previous?: string;
}

/**
 * A rule about how the character talks to visitors, dreamt from how its conversations went (a
 * strategy), read once at the start of a conversation and the same for all of it.
 */
export interface GroundingStrategy {
  text: string;
  /** The voice parameter it sets ("max_words", "max_quote_words", "answer_first", "mention_facts"). */
  rule?: string;
  /** Its value ("40", "question", "yes"). */
  value?: string;
}

/** What the offline voice needs to answer without a model. */
export interface Grounding {
  /** The character's id, so the offline voice can read its card and book. */
  characterId?: string;
  characterName: string;
  greeting: string;
  /** Short phrases of manner from the card ("curious", "grave"). */
  manner: string[];
  /** Passages, the character's own lines and memories, most relevant first. */
  items: GroundingItem[];
  /** How many earlier replies this visitor has had, to vary the wording. */
  turnIndex: number;
  /** What this visitor has told the character (current values), for every voice to use. */
  visitorFacts?: GroundingFact[];
  /** The facts taken from the message being answered, so the reply can acknowledge them. */
  newFacts?: GroundingFact[];
  /**
   * The whole conversation before this message, oldest first (`messages` may hold only its last
   * turns), so the offline voice never repeats itself nor mistakes whose words were whose.
   */
  conversation?: Array<{ role: 'visitor' | 'character'; text: string }>;
  /** The strategies of this conversation (its snapshot); none when strategies are off. */
  strategies?: GroundingStrategy[];
  /**
   * Share of replies (0 to 1) in which the offline voice tries the other side of one of its
   * choices (answer first, bring in what the visitor told), so outcomes can tell which is liked.
   */
  exploreRate?: number;
}

/** One call to a model. */
export interface ChatRequest {
  system: SystemBlock[];
  messages: ChatMessage[];
  grounding: Grounding;
  purpose: Purpose;
  maxOutputTokens: number;
  signal?: AbortSignal;
  temperature?: number;
}

/** Stream events, noun-verb as in the AI SDK. */
export type ChatChunk =
  | { type: 'text-delta'; text: string }
  | {
      type: 'finish';
      provider: string;
      model: string;
      usage: Usage;
      /** True when the provider failed after words reached the visitor: the reply is cut short. */
      isPartial?: boolean;
      /** Why a partial reply was cut short. */
      error?: string;
    };

/** A source of replies. `isPaid` providers spend the background token budget. */
export interface Provider {
  name: string;
  model: string;
  isPaid: boolean;
  stream(request: ChatRequest): AsyncIterable<ChatChunk>;
}

/** How a provider failure should be treated by the cascade. */
export type ProviderErrorKind =
  | 'auth'
  | 'bad-request'
  | 'rate-limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'aborted'
  | 'unknown';

/** A provider failure, classified once inside the provider's own file. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly provider: string;

  constructor(message: string, options: { kind: ProviderErrorKind; provider: string; status?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.kind = options.kind;
    this.status = options.status;
    this.provider = options.provider;
  }

  /** Whether the next provider should be tried (rate limits, overload, 5xx, timeouts, connection errors). */
  get isRetryable(): boolean {
    return this.kind !== 'auth' && this.kind !== 'bad-request' && this.kind !== 'aborted';
  }
}

/** Zero usage, for providers that count nothing. */
export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}
