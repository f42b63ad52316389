/** The characters as the server lists and shows them, and a character an author saves joining them live. */
import path from 'node:path';
import { loadBook, readBookMetadata } from './book/load-corpus.ts';
import type { Book, NarratorRange } from './book/types.ts';
import { createCharacterRuntime, type CharacterRuntime } from './character-runtime.ts';
import { expandCard } from './characters/card-macros.ts';
import { loadCharacter } from './characters/load-characters.ts';
import type { CharacterCatalog } from './server/routes/characters.ts';

/** The catalog over the live runtimes (a character an author adds joins it at once). */
export function createCatalog(runtimes: ReadonlyMap<string, CharacterRuntime>): CharacterCatalog {
  return {
    list: () => [...runtimes.values()].map((runtime) => summary(runtime)),
    get: (id) => {
      const runtime = runtimes.get(id);
      if (!runtime) return undefined;
      const data = expandCard(runtime.character.card).data;
      return { ...summary(runtime), description: data.description, personality: data.personality, scenario: data.scenario, tags: data.tags };
    },
  };
}

function summary(runtime: CharacterRuntime) {
  const data = expandCard(runtime.character.card).data;
  return {
    id: runtime.character.id,
    name: data.name,
    book: { id: runtime.book.id, title: runtime.book.title, author: runtime.book.author },
    greeting: data.first_mes,
  };
}

/** What loading an author's saved character needs: where cards and books are, and the live maps it joins. */
export interface LiveCharacterLoad {
  id: string;
  charactersDir: string;
  corpusDir: string;
  books: Map<string, Book>;
  runtimes: Map<string, CharacterRuntime>;
  voice: { rememberNarrators(bookId: string, narrators: NarratorRange[]): void };
  dreams: { load(id: string): Promise<unknown> };
  log: (line: string) => void;
}

/** Loads (or reloads) a character an author saved in the studio, so it can talk at once; its book is parsed once. */
export async function loadLiveCharacterInto(load: LiveCharacterLoad): Promise<void> {
  const { id, books } = load;
  const character = await loadCharacter(load.charactersDir, id);
  const bookId = character.card.data.extensions.reverie.book;
  const speakers = [{ name: character.card.data.name, aliases: character.card.data.extensions.reverie.aliases }];
  const book = books.get(bookId) ?? (await loadBook(path.join(load.corpusDir, bookId), { speakers }));
  if (!books.has(bookId)) load.voice.rememberNarrators(bookId, (await readBookMetadata(path.join(load.corpusDir, bookId))).narrators ?? []);
  books.set(bookId, book);
  load.runtimes.set(id, createCharacterRuntime(character, book));
  await load.dreams.load(id);
  load.log(`studio: character ${id} is ready`);
}
