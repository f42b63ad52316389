/**
 * Drafting a character card from the book alone, offline, for the author to edit: the description
 * from the narration's sentences that name the character (introductions first), the personality
 * from the manner words the narration uses around them and their speech, example messages from
 * their own most characteristic lines (each answering the line spoken just before it), a greeting
 * that is one of their lines, a knowledge boundary at the last chapter they appear in, and the
 * baseline constitution. The result always validates against the card schema.
 */
import type { Book, Speech } from '../book/types.ts';
import { isSpokenBy, type DiscoveredCharacter } from '../book/discover-characters.ts';
import type { Card } from './card.ts';
import { baselineConstitution } from './card-import.ts';
import { validateCard } from './validate-card.ts';

/** Options for `draftCard`. */
export interface DraftCardOptions {
  /** The creator written on the card (default "Reverie draft"). */
  creator?: string;
  /** How many example exchanges to include (default 3). */
  examples?: number;
  /**
   * The character's lines, as discovery assigned them (`assignLines`): with names shared between
   * characters resolved by context and the author's merges and splits applied. Default: the
   * speeches whose speaker is one of the character's names.
   */
  lines?: readonly Speech[];
}

/** Adverbs of manner in speech tags and narration, and the word the card uses for each. */
const MANNER_WORDS: Record<string, string> = {
  angrily: 'angry', anxiously: 'anxious', eagerly: 'eager', gravely: 'grave', gently: 'gentle', kindly: 'kind',
  timidly: 'timid', impatiently: 'impatient', sulkily: 'sulky', solemnly: 'solemn', sharply: 'sharp',
  sadly: 'sad', mournfully: 'mournful', cheerfully: 'cheerful', coldly: 'cold', calmly: 'calm', proudly: 'proud',
  fiercely: 'fierce', thoughtfully: 'thoughtful', politely: 'polite', hastily: 'hasty', earnestly: 'earnest',
  bitterly: 'bitter', tenderly: 'tender', warmly: 'warm', haughtily: 'haughty', nervously: 'nervous',
  indignantly: 'indignant', melancholy: 'melancholy', curious: 'curious', curiously: 'curious', wretched: 'wretched',
  furious: 'furious', furiously: 'furious', miserable: 'miserable', despair: 'despairing', passionately: 'passionate',
  wildly: 'wild', softly: 'soft-spoken', loudly: 'loud', decidedly: 'decided', severely: 'severe',
  contemptuously: 'contemptuous', triumphantly: 'triumphant', humbly: 'humble', sternly: 'stern', quietly: 'quiet',
  cautiously: 'cautious', affectionately: 'affectionate', sorrowfully: 'sorrowful', gloomily: 'gloomy',
};

const SENTENCE = /[^.!?]+[.!?]+['’"”)]*/g;
const QUOTED = /[“"‘][^“”"‘’]*[”"’]/g;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function namePattern(character: DiscoveredCharacter): RegExp {
  const names = [character.name, ...character.aliases]
    // "the Hatter" matches "Hatter"; an epithet ("the monster") keeps its article so "being" alone does not match.
    .map((name) => (/^the\s+\p{Ll}/u.test(name) ? name : name.replace(/^the\s+/i, '')))
    .filter((name) => name.length > 1)
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\b(?:${names.join('|')})\\b`, 'i');
}

/** Narration sentences (quotations removed) that name the character, in book order. */
function sentencesAbout(book: Book, character: DiscoveredCharacter): string[] {
  const pattern = namePattern(character);
  const found: string[] = [];
  for (const chapter of book.chapters) {
    for (const paragraph of chapter.paragraphs) {
      if (!pattern.test(paragraph)) continue;
      const narration = paragraph.replace(QUOTED, ' … ').replace(/\s+/g, ' ');
      for (const match of narration.matchAll(SENTENCE)) {
        const sentence = match[0].trim();
        const words = sentence.split(/\s+/).length;
        if (words >= 8 && words <= 60 && pattern.test(sentence) && !sentence.includes('…')) found.push(sentence);
      }
      if (found.length > 400) return found;
    }
  }
  return found;
}

/** Sentences that describe: "X was…", "X had…", "X looked…", preferring early ones. */
function salient(sentences: string[], count: number): string[] {
  const scored = sentences.map((sentence, index) => ({
    sentence,
    index,
    score: (/\b(was|is|had|has|seemed|looked|appeared|wore|felt|loved|hated|feared)\b/.test(sentence) ? 3 : 0) - index / 50,
  }));
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.sentence);
}

function mannerOf(book: Book, character: DiscoveredCharacter, about: string[]): string[] {
  const counts = new Map<string, number>();
  const pattern = namePattern(character);
  const texts = [...about];
  for (const passage of book.passages) {
    // Speech tags near the name: "said the Hatter angrily", "Alice said timidly".
    for (const match of passage.text.matchAll(/[”’"]\s*[^“‘"]{0,60}/g)) if (pattern.test(match[0])) texts.push(match[0]);
  }
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/\b[a-z]+\b/g) ?? []) {
      const manner = MANNER_WORDS[word];
      if (manner) counts.set(manner, (counts.get(manner) ?? 0) + 1);
    }
  }
  const words = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([word]) => word);
  return words.length > 0 ? words : ['plain-spoken'];
}

/** Lines that sound like the character: first person, a full sentence, not too long. */
function characteristicLines(lines: Speech[]): Speech[] {
  return lines
    .map((speech) => {
      const words = speech.text.split(/\s+/).length;
      const firstPerson = /\b(I|I’m|I'm|me|my|myself)\b/.test(speech.text) ? 2 : 0;
      return { speech, score: firstPerson + (words >= 8 && words <= 60 ? 3 : words >= 4 ? 1 : -5) + Math.min(words, 40) / 40 };
    })
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.speech);
}

function exampleMessages(book: Book, character: DiscoveredCharacter, lines: Speech[], count: number): string {
  const index = new Map(book.speeches.map((speech, position) => [speech.id, position]));
  const chosen = characteristicLines(lines).slice(0, count);
  return chosen
    .map((speech) => {
      const position = index.get(speech.id) ?? 0;
      const before = book.speeches[position - 1];
      const prompt = before && before.chapter === speech.chapter && !isSpokenBy(before, character) ? before.text : 'What do you make of all this?';
      return `<START>\n{{user}}: ${clip(prompt, 400)}\n{{char}}: ${clip(speech.text, 1200)}`;
    })
    .join('\n');
}

/** Drafts a card for a discovered character; the author edits it before saving. */
export function draftCard(book: Book, discovered: DiscoveredCharacter, options: DraftCardOptions = {}): Card {
  const lines = options.lines ? [...options.lines] : book.speeches.filter((speech) => isSpokenBy(speech, discovered));
  const about = sentencesAbout(book, discovered);
  const lastChapter = discovered.chapters.at(-1) ?? book.chapters.at(-1)?.number ?? 1;
  const lastTitle = book.chapters.find((chapter) => chapter.number === lastChapter)?.title ?? `chapter ${lastChapter}`;
  const manner = mannerOf(book, discovered, about);
  const name = clip(discovered.name, 100);
  const greetingLine = characteristicLines(lines).find((speech) => speech.text.split(/\s+/).length >= 5);
  const description = [
    `${name} is a character in ${book.title} by ${book.author}${discovered.isNarrator ? ', and tells part of the story in the first person' : ''}.`,
    ...salient(about, 6),
  ].join(' ');

  const card = {
    spec: 'chara_card_v3',
    spec_version: '3.0',
    data: {
      name,
      description: clip(description, 4000),
      personality: clip(`${manner.join(', ')}. ${salient(about.slice(Math.floor(about.length / 2)), 2).join(' ')}`.trim(), 2000),
      scenario: clip(`A visitor meets ${name} in the world of ${book.title}, after the events of "${lastTitle}".`, 1000),
      first_mes: clip(greetingLine?.text ?? `*${about[0] ?? `${name} looks up as you come near.`}*`, 2000),
      mes_example: exampleMessages(book, discovered, lines, options.examples ?? 3),
      system_prompt: clip(`You are {{char}}, from ${book.author}'s ${book.title}, talking with {{user}}. Speak as the book has you speak; draw on what happened in it up to "${lastTitle}".`, 2000),
      tags: [book.id.slice(0, 60), 'draft'],
      creator_notes: clip(`Drafted automatically from ${book.title}: ${discovered.lines} lines and ${discovered.mentions} mentions in ${discovered.chapters.length} chapters. Read and edit every field before publishing.`, 2000),
      creator: options.creator ?? 'Reverie draft',
      character_version: '0.1',
      extensions: {
        reverie: {
          book: book.id,
          aliases: discovered.aliases.slice(0, 50).map((alias) => clip(alias, 100)),
          constitution: [
            ...baselineConstitution(name),
            `Speak only of what ${name} saw, heard or was told in the book up to "${clip(lastTitle, 200)}"; say so plainly when you do not know.`,
          ],
          knowledge: {
            lastChapter,
            doesNotKnow: [clip(`What happens in ${book.title} after "${lastTitle}".`, 500), 'That they are a character in a book.'],
          },
          manner,
        },
      },
    },
  };
  return validateCard(card, `draft card for ${name}`);
}
