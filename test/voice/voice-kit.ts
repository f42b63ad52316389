import path from 'node:path';
import { readBookMetadata } from '../../src/book/load-corpus.ts';
import type { Book } from '../../src/book/types.ts';
import { loadBooks } from '../../src/character-runtime.ts';
import type { Character } from '../../src/characters/card.ts';
import { loadCharacters } from '../../src/characters/load-characters.ts';
import type { OfflineVoice } from '../../src/llm/offline.ts';
import type { ChatRequest, Grounding, GroundingItem } from '../../src/llm/provider.ts';
import { voiceCharacterOf } from '../../src/voice-setup.ts';
import { createOfflineVoice } from '../../src/voice/offline-voice.ts';
import { readCharacter, type CharacterReading } from '../../src/voice/reading.ts';
import type { VoiceBook, VoiceSubject } from '../../src/voice/voice-character.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The bundled characters and their books, read once for every voice test. */
interface Shelf {
  characters: Character[];
  books: Map<string, VoiceBook>;
}

let shelf: Promise<Shelf> | undefined;

function loadShelf(): Promise<Shelf> {
  shelf ??= (async () => {
    const characters = await loadCharacters(path.join(root, 'characters'));
    const parsed: Map<string, Book> = await loadBooks(characters, path.join(root, 'corpus'));
    const books = new Map<string, VoiceBook>();
    for (const [id, book] of parsed) books.set(id, { book, narrators: (await readBookMetadata(path.join(root, 'corpus', id))).narrators ?? [] });
    return { characters, books };
  })();
  return shelf;
}

const subjects = new Map<string, VoiceSubject>();

/** A bundled character as the voice sees it. */
export async function subjectOf(id: string): Promise<VoiceSubject> {
  const { characters, books } = await loadShelf();
  let subject = subjects.get(id);
  if (!subject) {
    const character = characters.find((entry) => entry.id === id);
    if (!character) throw new Error(`no character ${id}`);
    const bookId = character.card.data.extensions.reverie.book;
    const bookmates = characters.filter((other) => other.id !== id && other.card.data.extensions.reverie.book === bookId).map(voiceCharacterOf);
    subject = { character: voiceCharacterOf(character), book: books.get(bookId)!, bookmates };
    subjects.set(id, subject);
  }
  return subject;
}

/** What the voice knows of a bundled character. */
export async function readingOf(id: string): Promise<CharacterReading> {
  return readCharacter(await subjectOf(id));
}

/** The offline voice over the bundled characters. */
export async function bundledVoice(): Promise<OfflineVoice> {
  await loadShelf();
  const ids = (await loadShelf()).characters.map((character) => character.id);
  for (const id of ids) await subjectOf(id);
  return createOfflineVoice({ subjectOf: (id) => subjects.get(id) });
}

/** A conversation with one character, played through the voice as chat would send it. */
export interface Talk {
  say(message: string, grounding?: Partial<Grounding>): string;
  replies: string[];
}

/** Starts a conversation; `items` stand in for what retrieval returned. */
export async function talkTo(id: string, options: { items?: GroundingItem[]; isReturning?: boolean } = {}): Promise<Talk> {
  const voice = await bundledVoice();
  const subject = await subjectOf(id);
  const conversation: Array<{ role: 'visitor' | 'character'; text: string }> = [];
  const replies: string[] = [];
  return {
    replies,
    say(message, grounding = {}) {
      const request: ChatRequest = {
        system: [],
        messages: [...conversation.map((turn) => ({ role: turn.role === 'visitor' ? ('user' as const) : ('assistant' as const), content: turn.text })), { role: 'user', content: message }],
        grounding: {
          characterId: id,
          characterName: subject.character.name,
          greeting: subject.character.firstMessage,
          manner: subject.character.manner,
          items: options.items ?? [],
          turnIndex: replies.length + (options.isReturning ? 1 : 0),
          conversation: [...conversation],
          ...grounding,
        },
        purpose: 'chat',
        maxOutputTokens: 400,
      };
      const reply = voice.reply(request);
      conversation.push({ role: 'visitor', text: message }, { role: 'character', text: reply });
      replies.push(reply);
      return reply;
    },
  };
}

/** Words of a reply, as a visitor would count them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
