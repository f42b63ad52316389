/**
 * A character's reading of its book, built once and kept: the book's sentences, their index, the
 * names in them, and the character's own references (how the narration names it, who else its
 * pronouns could stand for, its card voice).
 */
import type { BookSentence } from './book-sentences.ts';
import { readBookSentences } from './book-sentences.ts';
import { createNameIndex, type KnownName, type NameIndex } from './book-names.ts';
import { createCardVoice, type CardVoice } from './card-voice.ts';
import type { SelfReference } from './first-person.ts';
import { createSentenceIndex, type SentenceIndex } from './sentence-index.ts';
import type { VoiceBook, VoiceCharacter, VoiceSubject } from './voice-character.ts';

/** What the voice knows of a book, shared by the characters who come from it. */
export interface BookReading {
  index: SentenceIndex;
  names: NameIndex;
  /** The names a sentence mentions (cached). */
  namesIn(sentence: BookSentence): KnownName[];
  /** The names its narration mentions, quotations left out ("Mouse dear!" names no one present). */
  namesInNarration(sentence: BookSentence): KnownName[];
  /** The sentences that name someone, in order (an index from name to sentences). */
  sentencesNaming(name: KnownName): number[];
  /** The sentences of a chapter, in order. */
  sentencesOf(chapter: number): number[];
  /** Lines the book repeats for a person, under any of its names ("Off with her head!"), most repeated first. */
  signatureLines(name: KnownName, minimumCount?: number): string[];
}

/** What the voice knows of one character, on top of its book. */
export interface CharacterReading {
  character: VoiceCharacter;
  book: BookReading;
  self: SelfReference;
  /** The character's entry among the book's names. */
  selfName: KnownName;
  /** Forms of others of the same grammatical person, who could be the "she" or "he" of a sentence. */
  rivals: string[];
  /** The names those forms belong to. */
  rivalNames: ReadonlySet<KnownName>;
  /** Whether the narration names the character far more than anyone else (Alice): its "she" is the character's. */
  isProtagonist: boolean;
  voice: CardVoice;
  /** How to call another character in a reply: "the Queen", "Alice", "Frankenstein". */
  displayName(name: string): string;
  /**
   * Whether a speaker the book's attribution gave is someone the voice can name: the character,
   * a bookmate, or a name the book writes capitalised mid-sentence. A description the speech
   * parser capitalised ("Unhappy victim", "Turning") is not.
   */
  isNameable(name: string): boolean;
}

const books = new WeakMap<VoiceBook, BookReading>();

/** How lines are compared: the first sentence, lowercase letters only, "his", "her", "their" alike. */
export function lineKey(text: string): string {
  const first = /^[^.!?]+[.!?]/.exec(text.trim())?.[0] ?? text;
  return first.toLowerCase().replace(/\b(?:his|her|their)\b/g, 'x').replace(/[^\p{L} ]+/gu, '').replace(/\s+/g, ' ').trim();
}

function readBook(book: VoiceBook, characters: VoiceCharacter[]): BookReading {
  let reading = books.get(book);
  if (reading) return reading;
  const sentences = readBookSentences(book.book, book.narrators);
  const names = createNameIndex(book.book, sentences, characters);
  const cache = new Map<number, KnownName[]>();
  const narrationCache = new Map<number, KnownName[]>();
  // A line the book repeats is a person's signature ("Off with her head!"): counted across its
  // first exclamation, "his", "her" and "their" alike, unattributed repeats included, and given to
  // the speaker the book names for it most often.
  const lines = new Map<string, { text: string; count: number; speakers: Map<string, number> }>();
  for (const speech of book.book.speeches) {
    const first = (/^[^.!?]+[.!?]/.exec(speech.text.trim())?.[0] ?? speech.text).replace(/[_‘’]/g, '').replace(/,$/, '').trim();
    if (first.split(/\s+/).length < 2) continue;
    const key = lineKey(first);
    const entry = lines.get(key) ?? { text: first, count: 0, speakers: new Map<string, number>() };
    entry.count += 1;
    if (speech.speaker) entry.speakers.set(speech.speaker, (entry.speakers.get(speech.speaker) ?? 0) + 1);
    lines.set(key, entry);
  }
  const signatures = new Map<string, Array<{ text: string; count: number }>>();
  for (const entry of lines.values()) {
    const owner = [...entry.speakers].sort((left, right) => right[1] - left[1])[0]?.[0];
    if (!owner || entry.count < 2) continue;
    signatures.set(owner, [...(signatures.get(owner) ?? []), { text: entry.text, count: entry.count }]);
  }
  // Built on first use: which sentences name whom, and where each chapter's sentences are.
  let naming: Map<KnownName, number[]> | undefined;
  const byChapter = new Map<number, number[]>();
  for (const sentence of sentences) byChapter.set(sentence.chapter, [...(byChapter.get(sentence.chapter) ?? []), sentence.index]);
  reading = {
    sentencesNaming(name) {
      if (!naming) {
        naming = new Map();
        for (const sentence of sentences) for (const found of reading!.namesIn(sentence)) naming.set(found, [...(naming.get(found) ?? []), sentence.index]);
      }
      return naming.get(name) ?? [];
    },
    sentencesOf: (chapter) => byChapter.get(chapter) ?? [],
    signatureLines: (name, minimumCount = 2) => [...new Set([name.name, ...name.forms])]
      .flatMap((speaker) => signatures.get(speaker) ?? [])
      .filter((entry) => entry.count >= minimumCount)
      .sort((left, right) => right.count - left.count)
      .map((entry) => entry.text),
    index: createSentenceIndex(sentences),
    names,
    namesInNarration(sentence) {
      let found = narrationCache.get(sentence.index);
      if (!found) {
        const narration = sentence.pieceOf ? '' : sentence.text.replace(/“[^”]*”?/g, ' … ');
        found = [...new Set(names.find(narration).map((mention) => mention.name))];
        narrationCache.set(sentence.index, found);
      }
      return found;
    },
    namesIn(sentence) {
      let found = cache.get(sentence.index);
      if (!found) {
        found = [...new Set(names.find(sentence.text).map((mention) => mention.name))];
        cache.set(sentence.index, found);
      }
      return found;
    },
  };
  books.set(book, reading);
  return reading;
}

/**
 * "Queen of Hearts" is "the Queen", "Mad Hatter" "the Hatter"; a person with several names is
 * called what the speaking character calls them in its own narration and lines ("Frankenstein"
 * for Walton), else what the book calls them most.
 */
function displayNameOf(name: KnownName | undefined, fallback: string, sentences: BookSentence[], own: BookSentence[]): string {
  if (!name) return fallback;
  const shortest = [...name.forms].sort((left, right) => left.length - right.length)[0] ?? name.name;
  const ownText = own.map((sentence) => sentence.text).join(' ');
  const ownCounts = name.forms.map((form) => ({ form, count: (ownText.match(new RegExp(String.raw`\b${form}\b`, 'g')) ?? []).length })).sort((left, right) => right.count - left.count);
  const sample = sentences.slice(0, 4000).map((sentence) => sentence.text).join(' ');
  const withArticle = (sample.match(new RegExp(String.raw`\bthe ${shortest}\b`, 'g')) ?? []).length;
  const bare = (sample.match(new RegExp(String.raw`\b${shortest}\b`, 'g')) ?? []).length;
  if (withArticle * 2 > bare) return `the ${shortest}`;
  if (ownCounts[0] && ownCounts[0].count >= 2) return ownCounts[0].form;
  // Of a person's forms, the one the book uses most ("Frankenstein" over "Victor Frankenstein").
  const counts = name.forms.map((form) => ({ form, count: (sample.match(new RegExp(String.raw`\b${form}\b`, 'g')) ?? []).length }));
  return counts.sort((left, right) => right.count - left.count)[0]?.form ?? name.name;
}

const characters = new WeakMap<VoiceCharacter, CharacterReading>();

/** Builds (once) what the voice knows of a character and its book. */
export function readCharacter(subject: VoiceSubject): CharacterReading {
  const known = characters.get(subject.character);
  if (known) return known;
  const { character } = subject;
  const book = readBook(subject.book, [character, ...subject.bookmates.filter((mate) => mate.id !== character.id)]);
  const selfName = book.names.names.find((name) => name.characterId === character.id) ?? book.names.names[0]!;
  const self: SelfReference = { forms: selfName.forms, gender: selfName.gender };
  const rivalNames = book.names.names
    // Unknown genders are rivals only for "he" and "it": a book's many "she"s are few people.
    .filter((name) => name !== selfName && !name.isPlace && (name.gender === self.gender || (name.gender === 'unknown' && self.gender !== 'female')));
  const rivals = rivalNames.flatMap((name) => name.forms);
  const mentions = new Map<KnownName, number>();
  for (const sentence of book.index.sentences) for (const name of book.namesInNarration(sentence)) if (!name.isPlace) mentions.set(name, (mentions.get(name) ?? 0) + 1);
  const ranked = [...mentions].sort((left, right) => right[1] - left[1]);
  const isProtagonist = ranked[0]?.[0] === selfName && ranked[0][1] >= 2 * (ranked[1]?.[1] ?? 0);
  const displayCache = new Map<string, string>();
  const nameableCache = new Map<string, boolean>();
  const reading: CharacterReading = {
    character,
    book,
    self,
    selfName,
    rivals,
    rivalNames: new Set(rivalNames),
    isProtagonist,
    voice: createCardVoice(character, self, rivals),
    isNameable(name) {
      let nameable = nameableCache.get(name);
      if (nameable === undefined) {
        const known = book.names.byName(name);
        const escape = (form: string) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const forms = known?.forms ?? [name];
        const midSentence = new RegExp(String.raw`[\p{Ll},;:]\s+(?:the\s+)?(?:${forms.map(escape).join('|')})(?![\p{L}])`, 'u');
        nameable = known?.characterId !== undefined || book.index.sentences.some((sentence) => midSentence.test(sentence.text));
        nameableCache.set(name, nameable);
      }
      return nameable;
    },
    displayName(name) {
      let display = displayCache.get(name);
      if (!display) {
        const own = book.index.sentences.filter((sentence) => sentence.narrator === character.name || sentence.quotes.some((quote) => quote.speaker === character.name));
        display = displayNameOf(book.names.byName(name) ?? book.names.find(name)[0]?.name, name, book.index.sentences, own);
        displayCache.set(name, display);
      }
      return display;
    },
  };
  characters.set(character, reading);
  return reading;
}
