/**
 * The offline voice: the thinking llm/offline.ts hands a request to. It finds the character and
 * its book, reads the conversation so far from the request, and composes the reply.
 */
import type { Book } from '../book/types.ts';
import type { OfflineVoice } from '../llm/offline.ts';
import type { ChatRequest, GroundingFact, Grounding } from '../llm/provider.ts';
import { composeReply } from './compose-reply.ts';
import { readCharacter } from './reading.ts';
import type { ConversationSoFar } from './understand.ts';
import { readDisclosures } from './visitor-disclosure.ts';
import { exploreStyle, styleFromStrategies, type ReplyStyle } from './reply-style.ts';
import type { VoiceSubject } from './voice-character.ts';

/** Options of `createOfflineVoice`. */
export interface OfflineVoiceOptions {
  /** The character a request is for, with its book; undefined when the id is unknown. */
  subjectOf(characterId: string): VoiceSubject | undefined;
}

/** The conversation before the last visitor message, and that message. */
export function splitConversation(request: ChatRequest): { message: string; history: ConversationSoFar } {
  const messages = [...request.messages];
  const lastVisitor = messages.map((entry) => entry.role).lastIndexOf('user');
  const message = lastVisitor >= 0 ? messages[lastVisitor]!.content : '';
  const earlier = lastVisitor >= 0 ? messages.slice(0, lastVisitor) : messages;
  return {
    message,
    history: {
      visitorMessages: earlier.filter((entry) => entry.role === 'user').map((entry) => entry.content),
      replies: earlier.filter((entry) => entry.role === 'assistant').map((entry) => entry.content),
    },
  };
}

/** A character known only from its grounding (no card, no book here): its passages become its book. */
function subjectFromGrounding(grounding: Grounding): VoiceSubject {
  const passages = grounding.items.filter((item) => item.kind === 'passage');
  const book: Book = {
    id: 'grounding',
    title: '',
    author: '',
    chapters: [],
    passages: passages.map((item, index) => ({ id: item.id, bookId: 'grounding', chapter: 1, chapterTitle: item.chapterTitle ?? '', index, text: item.text, words: item.text.split(/\s+/).length })),
    speeches: [],
    warnings: [],
  };
  const character = { id: grounding.characterId ?? 'unknown', name: grounding.characterName, aliases: [], description: '', personality: '', scenario: '', firstMessage: grounding.greeting, messageExamples: '', manner: grounding.manner, doesNotKnow: [] };
  return { character, book: { book, narrators: [] }, bookmates: [] };
}

/** Facts from retrieved visitor_fact items ("Their dog is called Rex."), read as the visitor's own words. */
function factsFromItems(grounding: Grounding): GroundingFact[] {
  return grounding.items
    .filter((item) => item.kind === 'visitor_fact')
    .flatMap((item) => readDisclosures(item.text.replace(/^Their\b/, 'My').replace(/^They\b/, 'I')));
}

/** The style strategies and exploration set for this reply; nothing (the defaults) when neither applies. */
function styleOf(grounding: Grounding, seed: string): { style?: ReplyStyle } {
  const hasStrategies = grounding.strategies !== undefined && grounding.strategies.length > 0;
  const rate = grounding.exploreRate ?? 0;
  if (!hasStrategies && rate <= 0) return {};
  return { style: exploreStyle(styleFromStrategies(grounding.strategies), seed, rate) };
}

/** Creates the offline voice. */
export function createOfflineVoice(options: OfflineVoiceOptions): OfflineVoice {
  return {
    reply(request) {
      const { grounding } = request;
      const subject = (grounding.characterId ? options.subjectOf(grounding.characterId) : undefined) ?? subjectFromGrounding(grounding);
      const split = splitConversation(request);
      const { message } = split;
      // The grounding carries the whole conversation; the messages may hold only its last turns.
      const history: ConversationSoFar = grounding.conversation
        ? { visitorMessages: grounding.conversation.filter((turn) => turn.role === 'visitor').map((turn) => turn.text), replies: grounding.conversation.filter((turn) => turn.role === 'character').map((turn) => turn.text) }
        : split.history;
      const fromItems = factsFromItems(grounding);
      const visitorFacts = grounding.visitorFacts ?? (fromItems.length > 0 ? fromItems : undefined);
      return composeReply({
        reading: readCharacter(subject),
        message,
        history,
        passages: grounding.items.filter((item) => item.kind === 'passage').map((item) => item.id),
        ...(visitorFacts ? { visitorFacts: [...visitorFacts, ...(grounding.visitorFacts ? [] : history.visitorMessages.flatMap(readDisclosures))] } : {}),
        ...(grounding.newFacts ? { newFacts: grounding.newFacts } : {}),
        isFirstMeeting: grounding.turnIndex === 0,
        // The conversation's strategies set the voice's choices; without any, its defaults.
        ...styleOf(grounding, `${subject.character.id}:${history.visitorMessages.length}:${message}`),
      });
    },
  };
}
