import type { Conversation } from '../chat/conversations.ts';
import { quotesVisitor } from '../dreaming/erase-versions.ts';
import type { MemoryItem } from '../memory/types.ts';
import { splitSentences } from '../memory/visitor-facts/extract-facts.ts';
import { factFieldsOf } from '../memory/visitor-facts/fact-items.ts';
import { describeFact } from '../memory/visitor-facts/fact-text.ts';
import type { ErasurePlan } from './erasure-log.ts';

/** Something shared that may rest on a visitor's conversations: a reflection, an insight, a dream's item. */
export interface ErasureCandidate {
  id: string;
  character: string;
  /** What it rests on: evidence, sources, the conversation reflected on. */
  rests: string[];
  text: string;
}

/** What an erasure is decided from, gathered before anything is touched. */
export interface ErasurePlanInput {
  visitor: string;
  pseudonym: string;
  characters: string[];
  /** The visitor's conversations with those characters. */
  conversations: Conversation[];
  /** The visitor's private memory items (their id or pseudonym), superseded ones included. */
  visitorItems: MemoryItem[];
  /** Everything shared the characters hold or published that may rest on them. */
  candidates: ErasureCandidate[];
}

/** A sentence of the visitor's this long is theirs wherever it is quoted; shorter ones are too common to tell. */
const QUOTE_MIN_WORDS = 6;

/**
 * Decides what an erasure takes out (pure): the visitor's turns, conversations and private items,
 * and, to a fixed point, every shared reflection or insight that rests on anything taken out or
 * quotes one of the visitor's sentences or facts (a dream's merge of a withdrawn reflection goes too).
 */
export function planErasure(input: ErasurePlanInput): ErasurePlan {
  const ids = new Set<string>();
  for (const conversation of input.conversations) {
    ids.add(conversation.conversationId);
    for (const turn of conversation.turns) ids.add(turn.id);
  }
  for (const item of input.visitorItems) ids.add(item.id);
  const quotes = new Set<string>();
  for (const conversation of input.conversations) {
    for (const turn of conversation.turns) {
      if (turn.role !== 'visitor') continue;
      for (const sentence of splitSentences(turn.text)) if (sentence.split(/\s+/).length >= QUOTE_MIN_WORDS) quotes.add(sentence);
    }
  }
  for (const item of input.visitorItems) {
    const fields = factFieldsOf(item);
    if (!fields) continue;
    for (const text of [item.text, describeFact(fields, 'second'), describeFact(fields, 'third')]) if (text.split(/\s+/).length >= 4) quotes.add(text);
  }
  const quoteList = [...quotes];
  const scoped = input.candidates.filter((candidate) => input.characters.includes(candidate.character));
  for (let changed = true; changed;) {
    changed = false;
    for (const candidate of scoped) {
      if (ids.has(candidate.id)) continue;
      if (candidate.rests.some((id) => ids.has(id)) || quotesVisitor(candidate.text, quoteList)) {
        ids.add(candidate.id);
        changed = true;
      }
    }
  }
  return {
    visitor: input.visitor,
    pseudonym: input.pseudonym,
    characters: input.characters,
    conversations: input.conversations.map((conversation) => conversation.conversationId),
    ids: [...ids],
    quotes: quoteList,
  };
}
