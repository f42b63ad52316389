import path from 'node:path';
import type { Book } from './book/types.ts';
import { findNames } from './book/find-names.ts';
import { loadBook } from './book/load-corpus.ts';
import type { Character } from './characters/card.ts';
import { expandCard, expandMacros } from './characters/card-macros.ts';
import { lorebookToItems } from './characters/lorebook.ts';
import type { ChatCharacter } from './chat/chat-service.ts';
import { buildCharacterLines } from './chat/prompt.ts';
import { createMemoryStore, DEFAULT_PRESENCE_WEIGHTS, type MemoryStore, type MemoryStoreOptions } from './memory/memory-store.ts';
import type { CharacterFrame } from './memory/character-query.ts';
import type { MemoryItem } from './memory/types.ts';

/** A character with everything it lives on: its book, its memory, its own lines. */
export interface CharacterRuntime extends ChatCharacter {
  memory: MemoryStore;
  lines: MemoryStore;
  fullBook: Book;
}

/** The epoch stamp for book passages: they are not memories, their age never matters. */
const bookTime = new Date(0).toISOString();

/** Where in each passage the character's own quotations are, as `ownSpeech` offsets, by passage id. */
function ownSpeechSpans(character: Character, book: Book): Map<string, number[]> {
  const name = character.card.data.name;
  const texts = new Map(book.passages.map((passage) => [passage.id, passage.text]));
  const spans = new Map<string, number[]>();
  for (const speech of book.speeches) {
    if (speech.speaker !== name) continue;
    const text = texts.get(speech.passageId);
    const found = spans.get(speech.passageId) ?? [];
    const start = text?.indexOf(speech.text, found.at(-1) ?? 0) ?? -1;
    if (start === -1) continue;
    found.push(start, start + speech.text.length);
    spans.set(speech.passageId, found);
  }
  return spans;
}

/** The book passages a character may know, as memory items (its knowledge boundary applies). */
export function passageItems(character: Character, book: Book): MemoryItem[] {
  const lastChapter = character.card.data.extensions.reverie.knowledge.lastChapter ?? Number.POSITIVE_INFINITY;
  const spans = ownSpeechSpans(character, book);
  return book.passages
    .map((passage, position) => ({ passage, position }))
    .filter(({ passage }) => passage.chapter <= lastChapter)
    .map(({ passage, position }) => ({
      id: passage.id,
      character: character.id,
      kind: 'passage',
      text: passage.text,
      createdAt: bookTime,
      source: [passage.id],
      importance: 5,
      bookId: book.id,
      chapter: passage.chapter,
      position,
      ...(passage.present ? { present: passage.present } : {}),
      ...(spans.has(passage.id) ? { ownSpeech: spans.get(passage.id)! } : {}),
    }));
}

/** How a character's memory stores retrieve: the pages it is in first, nothing past what it knows. */
export function memoryOptionsFor(character: Character): Pick<MemoryStoreOptions, 'presence' | 'lastChapter'> {
  const lastChapter = character.card.data.extensions.reverie.knowledge.lastChapter;
  return {
    presence: { name: character.card.data.name, weights: DEFAULT_PRESENCE_WEIGHTS },
    ...(lastChapter !== undefined ? { lastChapter } : {}),
  };
}

/** The character's own quoted lines in the book, as items of a separate store. */
function lineItems(character: Character, book: Book): MemoryItem[] {
  const name = character.card.data.name;
  return book.speeches
    .filter((speech) => speech.speaker === name && speech.text.split(/\s+/).length >= 3)
    .map((speech) => ({
      id: speech.id,
      character: character.id,
      kind: 'passage',
      text: speech.text,
      createdAt: bookTime,
      source: [speech.passageId],
      importance: 5,
      bookId: book.id,
      chapter: speech.chapter,
    }));
}

/** Loads every book the characters need, once each, resolving speakers through the cards' aliases. */
export async function loadBooks(characters: Character[], corpusDir: string): Promise<Map<string, Book>> {
  const books = new Map<string, Book>();
  for (const bookId of new Set(characters.map((character) => character.card.data.extensions.reverie.book))) {
    const speakers = characters
      .filter((character) => character.card.data.extensions.reverie.book === bookId)
      .map((character) => ({ name: character.card.data.name, aliases: character.card.data.extensions.reverie.aliases }));
    books.set(bookId, await loadBook(path.join(corpusDir, bookId), { speakers }));
  }
  return books;
}

/**
 * Builds a character's runtime: a memory store seeded with its book (`memory` when given, e.g.
 * opened from its index checkpoint), and its lines.
 */
export function createCharacterRuntime(character: Character, book: Book, memory: MemoryStore = createMemoryStore({ character: character.id, ...memoryOptionsFor(character) })): CharacterRuntime {
  memory.add(passageItems(character, book));
  // Lorebook entries are indexed under the character's name; {{user}} waits for the visitor's (see chat).
  const name = character.card.data.name;
  memory.add(lorebookToItems(character.card, character.id).map((item) => ({ ...item, text: expandMacros(item.text, { char: name, user: '{{user}}' }) })));
  const lines = createMemoryStore({ character: character.id, ...memoryOptionsFor(character) });
  lines.add(lineItems(character, book));
  const bookContext = { id: book.id, title: book.title, author: book.author, chapterTitles: book.chapters.map((chapter) => chapter.title) };
  return { character, book: bookContext, fullBook: book, characterLines: buildCharacterLines(expandCard(character.card), bookContext), memory, lines, frame: characterFrame(character, book) };
}

/** A capitalised word counts as a name when it stands mid-sentence this often, and more often so than in lower case. */
const MIN_MID_SENTENCE_USES = 2;

const bookNames = new WeakMap<Book, string[]>();

/**
 * The people and places a book names: capitalised words that stand mid-sentence, where only a
 * name is capitalised, more often than they appear in lower case (book/find-names.ts).
 */
function namesOfBook(book: Book): string[] {
  let names = bookNames.get(book);
  if (!names) {
    const found = findNames(book.chapters);
    names = [...new Set([...found.names.values()]
      .filter((count) => count.midSentence >= MIN_MID_SENTENCE_USES && count.words.every((word) => (found.lowercaseCounts.get(word.toLowerCase()) ?? 0) < count.midSentence))
      .map((count) => count.words.join(' ')))];
    bookNames.set(book, names);
  }
  return names;
}

/** Who "you" is for a character, and the names of its book, for planning questions (memory/character-query.ts). */
export function characterFrame(character: Character, book: Book): CharacterFrame {
  const { name, extensions } = character.card.data;
  const narrates = book.passages.some((passage) => passage.present?.some((present) => present.name === name && present.kinds.includes('narrating')) ?? false);
  // The book's other narrators, by their names and each word of them ("Victor", "Frankenstein").
  const tellers = [...new Set((book.narrators ?? []).map((range) => range.speaker))]
    .filter((speaker) => speaker !== name)
    .map((speaker) => {
      const given = book.narratorNames?.find((entry) => entry.name === speaker)?.aliases ?? [];
      const words = speaker.split(/\s+/).filter((word) => word.length > 2 && !/^the$/i.test(word));
      return { name: speaker, aliases: [...new Set([...given, ...words])] };
    });
  return { name, aliases: extensions.reverie.aliases, names: [...new Set([...namesOfBook(book), name, ...extensions.reverie.aliases])], narrates, tellers };
}
