/** What a memory item is. */
export type MemoryKind = 'passage' | 'turn' | 'reflection' | 'insight' | 'visitor_fact' | 'strategy';

/** One thing a character can remember. Private items carry the visitor they belong to. */
export interface MemoryItem {
  id: string;
  character: string;
  kind: MemoryKind;
  text: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** Ids of what it rests on: passage ids, turn ids, a conversation id, a chapter. */
  source: string[];
  /** The visitor a private item belongs to (turns and visitor facts). */
  visitor?: string;
  /** 1 (trivial) to 10 (defining). */
  importance: number;
  /** The memory version that introduced it. */
  version?: number;
  /** Set when a newer item replaced this one. */
  supersededBy?: string;
  /** The book and chapter an item is about, when it is about one. */
  bookId?: string;
  chapter?: number;
  /** For passages: their place in the book (0 for the first), for what happened before or after an event. */
  position?: number;
  /** For passages: the characters in it, and how (see book/presence.ts). */
  present?: Array<{ name: string; kinds: Array<'named' | 'speaking' | 'narrating'> }>;
  /**
   * For passages in a character's own store: where its own quoted words are (`[start, end, ...]`
   * character offsets into `text`), so their "I" and "my" are indexed as its own where another
   * narrates the page.
   */
  ownSpeech?: number[];
  /** For turns: who spoke, and the conversation it belongs to. */
  role?: 'visitor' | 'character';
  conversationId?: string;
  /**
   * For visitor facts: whom it is about ("visitor", or a relation such as "dog" or "sister"),
   * what about them ("name", "lives_in", "likes"...), and the value as the visitor said it.
   * For strategies (rules dreamt from how conversations went): `attribute` is the voice parameter
   * it sets and `value` its value ("max_words", "40"); `source` holds the turns it rests on.
   */
  subject?: string;
  attribute?: string;
  value?: string;
  /** ISO time the visitor said it (it became true for us then). */
  validFrom?: string;
  /** ISO time the visitor's own words retired it ("I moved to Lyon"); dreams never set it. */
  validTo?: string;
}

/** A retrieved item with its final score. */
export interface MemoryHit {
  item: MemoryItem;
  score: number;
}

/** What a retrieval may return. `visitor` admits that visitor's private items; without it none. */
export interface RetrievalFilter {
  kinds?: MemoryKind[];
  bookId?: string;
  visitor?: string;
  /** Only items created at or before this time (ISO), for replaying the past. */
  before?: string;
}

/** One conversation turn as the journal stores it. */
export interface TurnRecord {
  id: string;
  character: string;
  visitor: string;
  conversationId: string;
  role: 'visitor' | 'character';
  text: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** For character turns: the voice that answered. */
  provider?: string;
  model?: string;
  usage?: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number };
  /** Set when the voice faltered after words reached the visitor. */
  isPartial?: boolean;
  error?: string;
  /**
   * For visitor turns: the facts the message states, as the extractor read them when it was said
   * (memory/visitor-facts), kept with the turn so a restart does not read every message again.
   */
  facts?: Array<{ subject: string; attribute: string; value: string; isUpdate: boolean; replaces?: { attribute: string; value: string } }>;
  /** The extractor version that read `facts` (FACT_EXTRACTOR_VERSION); another version reads the text again. */
  factsVersion?: number;
}

/** The guard's decision on a draft. */
export type GuardVerdict = 'accepted' | 'quarantined';

/** One reflection as stored in the dataset's `reflections` config. */
export interface ReflectionRecord {
  id: string;
  character: string;
  kind: 'chapter' | 'chat';
  text: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** The chapter re-read (1-based position), for chapter reflections. */
  chapter?: number;
  /** The conversation reflected on, for chat reflections. */
  conversationId?: string;
  /** Passage or turn ids it drew on. */
  evidence: string[];
  /** AFINN sentiment score, normalised per word. */
  mood: number;
  importance: number;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  verdict: GuardVerdict;
  /** Why a quarantined draft was refused. */
  reason?: string;
}
