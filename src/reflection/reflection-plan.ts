import type { Book } from '../book/types.ts';
import type { Character } from '../characters/card.ts';
import { gatherChapterMaterial, splitChapterIntoParts, type ChapterMaterial } from './chapter-material.ts';
import { gatherChatMaterial, type ChatMaterial, type ConversationSummary } from './chat-material.ts';
import type { CharacterReflectionState } from './reflection-state.ts';
import { bookTfIdf } from './chapter-material.ts';

/** A chapter reading chosen for this tick, with where the cursor goes once it is done. */
export interface ChapterPlan {
  kind: 'chapter';
  book: Book;
  material: ChapterMaterial;
  cursor: { chapter: number; part: number; cycle: number };
}

/** A conversation chosen for this tick, with the turn count to remember once it is done. */
export interface ChatPlan {
  kind: 'chat';
  book: Book | undefined;
  material: ChatMaterial;
  turnCount: number;
}

/** What one tick will reflect on. */
export type ReflectionPlan = ChapterPlan | ChatPlan;

/** The names the book may give the character's speeches under. */
export function speakerNames(character: Character): string[] {
  return [character.card.data.name, ...character.card.data.extensions.reverie.aliases];
}

/**
 * Picks the next chapter part after the character's cursor. Knowledge boundary rule: chapters
 * after the card's `knowledge.lastChapter` are never read; the cursor wraps from the last
 * chapter the character knows back to the first (counting one more cycle).
 */
export function planChapter(character: Character, state: CharacterReflectionState, book: Book, maxInputChars: number): ChapterPlan | null {
  const lastChapter = character.card.data.extensions.reverie.knowledge.lastChapter;
  const known = book.chapters.filter((chapter) => lastChapter === undefined || chapter.number <= lastChapter);
  const first = known[0];
  if (!first) return null;
  let chapter = first;
  let part = 0;
  let cycle = state.cycle;
  const currentIndex = state.chapter === null ? -1 : known.findIndex((candidate) => candidate.number === state.chapter);
  const current = known[currentIndex];
  if (current) {
    const partCount = splitChapterIntoParts(current, maxInputChars).length;
    if (state.part + 1 < partCount) {
      chapter = current;
      part = state.part + 1;
    } else if (currentIndex + 1 < known.length) {
      chapter = known[currentIndex + 1] ?? first;
    } else {
      cycle += 1;
    }
  } else if (state.chapter !== null) {
    // The cursor points past the boundary (the card changed): start again from the beginning.
    cycle += 1;
  }
  const parts = splitChapterIntoParts(chapter, maxInputChars);
  const text = parts[part] ?? parts[0] ?? '';
  const material = gatherChapterMaterial(book, { chapter, part, partCount: parts.length, text }, speakerNames(character));
  return { kind: 'chapter', book, material, cursor: { chapter: chapter.number, part, cycle } };
}

/**
 * Picks the conversation that ended longest ago among those not yet reflected on, or that got new
 * turns since; conversations without a visitor turn are passed over.
 */
export function planChat(state: CharacterReflectionState, conversations: ConversationSummary[], book: Book | undefined): ChatPlan | null {
  const candidates = conversations
    .filter((conversation) => conversation.turns.some((turn) => turn.role === 'visitor'))
    .filter((conversation) => conversation.turns.length > (state.conversations[conversation.conversationId] ?? 0))
    .sort((a, b) => a.lastAt.localeCompare(b.lastAt) || a.conversationId.localeCompare(b.conversationId));
  const oldest = candidates[0];
  if (!oldest) return null;
  const model = book ? bookTfIdf(book) : emptyModel(oldest);
  return { kind: 'chat', book, material: gatherChatMaterial(oldest, model), turnCount: oldest.turns.length };
}

// Without a book, salience is measured against the conversation's own turns.
function emptyModel(conversation: ConversationSummary) {
  return bookTfIdf({ id: '', title: '', author: '', passages: [], speeches: [], warnings: [], chapters: conversation.turns.map((turn, index) => ({ number: index + 1, label: '', title: '', kind: 'chapter' as const, paragraphs: [turn.text], words: 0 })) });
}
