import type { NarratorRange } from './book/extract-speeches.ts';
import type { Book } from './book/types.ts';
import type { CharacterRuntime } from './character-runtime.ts';
import type { Character } from './characters/card.ts';
import type { OfflineVoice } from './llm/offline.ts';
import { createDiaryPhrasing, type DiaryPhrasing } from './voice/diary-phrasing.ts';
import { createOfflineVoice } from './voice/offline-voice.ts';
import type { VoiceBook, VoiceCharacter, VoiceSubject } from './voice/voice-character.ts';

/** The offline voice wired to the running characters, and where it learns each book's narrators. */
export interface VoiceSetup {
  voice: OfflineVoice;
  /** Records who narrates which chapters of a book (book.json `narrators`). */
  rememberNarrators(bookId: string, narrators: NarratorRange[]): void;
  /** What the offline diary of a character phrases with (undefined for an unknown id). */
  diaryPhrasing(characterId: string): DiaryPhrasing | undefined;
}

/** The card's fields the voice speaks from. */
export function voiceCharacterOf(character: Character): VoiceCharacter {
  const data = character.card.data;
  const reverie = data.extensions.reverie;
  return {
    id: character.id,
    name: data.name,
    aliases: reverie.aliases,
    description: data.description,
    personality: data.personality,
    scenario: data.scenario,
    firstMessage: data.first_mes,
    messageExamples: data.mes_example,
    manner: reverie.manner,
    ...(reverie.knowledge.lastChapter !== undefined ? { lastChapter: reverie.knowledge.lastChapter } : {}),
    doesNotKnow: reverie.knowledge.doesNotKnow,
  };
}

/** Hands the voice each character with its book; a character saved in the studio is found at once. */
export function createVoiceSetup(runtimes: ReadonlyMap<string, CharacterRuntime>): VoiceSetup {
  const narrators = new Map<string, NarratorRange[]>();
  // The voice keeps its reading of a character and a book by object: one object per runtime and book.
  const characters = new WeakMap<CharacterRuntime, VoiceCharacter>();
  const books = new WeakMap<Book, VoiceBook>();
  const characterOf = (runtime: CharacterRuntime): VoiceCharacter => {
    let character = characters.get(runtime);
    if (!character) {
      character = voiceCharacterOf(runtime.character);
      characters.set(runtime, character);
    }
    return character;
  };
  const bookOf = (book: Book): VoiceBook => {
    let voiceBook = books.get(book);
    if (!voiceBook) {
      // The narrators the book was parsed with (book.json's, or found in the text), else those told.
      voiceBook = { book, narrators: book.narrators ?? narrators.get(book.id) ?? [] };
      books.set(book, voiceBook);
    }
    return voiceBook;
  };
  const subjectOf = (characterId: string): VoiceSubject | undefined => {
    const runtime = runtimes.get(characterId);
    if (!runtime) return undefined;
    const bookmates = [...runtimes.values()].filter((other) => other !== runtime && other.fullBook.id === runtime.fullBook.id).map(characterOf);
    return { character: characterOf(runtime), book: bookOf(runtime.fullBook), bookmates };
  };
  return {
    voice: createOfflineVoice({ subjectOf }),
    rememberNarrators: (bookId, ranges) => narrators.set(bookId, ranges),
    diaryPhrasing(characterId) {
      const subject = subjectOf(characterId);
      return subject ? createDiaryPhrasing(subject) : undefined;
    },
  };
}
