/**
 * How a card makes its character sound like itself: a tone chosen by its manner words, and its
 * own words lifted from the card (the greeting's exclamations, the personality's quoted lines,
 * the example dialogues, the description and scenario told in the first person).
 */
import { toFirstPerson, type SelfReference } from './first-person.ts';
import { contentTerms, splitSentences } from './text.ts';
import { curiousTone, rudeTone, slyTone, type TonePhrases } from './tone-phrases.ts';
import { ardentTone, graveTone, plainTone, sorrowfulTone } from './tone-phrases-grave.ts';
import type { VoiceCharacter } from './voice-character.ts';

/** A question of the card's example dialogue and the character's answer to it. */
export interface ExampleExchange {
  question: string;
  answer: string;
  terms: Set<string>;
}

/** Everything the composer takes from a card. */
export interface CardVoice {
  tone: TonePhrases;
  /** Short exclamations the character uses ("No room! No room!", "Peace, peace!"). */
  exclamations: string[];
  /** Lines the personality quotes in the character's own words. */
  signatures: string[];
  examples: ExampleExchange[];
  /** The description and personality, sentence by sentence, in the first person. */
  selfLines: string[];
  /** The scenario in the first person: where it is and what it is doing now. */
  scenarioLines: string[];
  greeting: string;
}

const TONES = [curiousTone, slyTone, rudeTone, graveTone, sorrowfulTone, ardentTone];

/** The tone whose trigger words the manner words match most (the plain tone when none do). */
export function chooseTone(manner: string[]): TonePhrases {
  let best: { tone: TonePhrases; score: number } = { tone: plainTone, score: 0 };
  for (const tone of TONES) {
    // Earlier manner words weigh more: a card lists its leading manner first.
    const score = manner.reduce((sum, word, index) => sum + (tone.triggers.includes(word.toLowerCase().trim()) ? 1 + (manner.length - index) / 10 : 0), 0);
    if (score > best.score) best = { tone, score };
  }
  return best.tone;
}

/** Replaces the card macros of SillyTavern cards ({{char}}, {{user}}, <BOT>, <USER>). */
export function replaceMacros(text: string, characterName: string, visitorName?: string): string {
  return text
    .replace(/\{\{\s*char\s*\}\}|<BOT>/gi, characterName)
    .replace(/\{\{\s*user\s*\}\}|<USER>/gi, visitorName ?? 'you')
    .replace(/\{\{\s*original\s*\}\}/gi, '');
}

/** Reads `<START>` blocks of `{{user}}:` and `{{char}}:` lines into question and answer pairs. */
export function readExamples(text: string, characterName: string): ExampleExchange[] {
  const exchanges: ExampleExchange[] = [];
  for (const block of text.split(/<START>/i)) {
    let question: string | null = null;
    for (const line of block.split('\n')) {
      const user = /^\s*(?:\{\{\s*user\s*\}\}|<USER>)\s*:\s*(.+)$/i.exec(line);
      const reply = /^\s*(?:\{\{\s*char\s*\}\}|<BOT>)\s*:\s*(.+)$/i.exec(line);
      if (user) question = user[1]!.trim();
      else if (reply && question) {
        const answer = replaceMacros(reply[1]!.trim(), characterName);
        exchanges.push({ question, answer, terms: new Set(contentTerms(question)) });
        question = null;
      }
    }
  }
  return exchanges;
}

// "it" opening a clause, followed by its verb.
const LEFT_NEUTER_SUBJECT = /(?:[;,:]\s+|\b(?:and|but|where|when|while|until|so|then)\s+)it\s+(?!is\b|was\b|seems\b|seemed\b)\p{Ll}+/u;

function firstPersonLines(text: string, self: SelfReference, options: { isDescription: boolean; rivals: string[]; needsSubject?: boolean }): string[] {
  const lines: string[] = [];
  for (const [index, sentence] of splitSentences(text).entries()) {
    // A description opens with what the character is: "Victor Frankenstein, of one of the most
    // distinguished families...", "The Duchess's cat, a large cat...", "The being Victor made...".
    let prepared = sentence;
    if (options.isDescription && index === 0) {
      const form = self.forms.find((candidate) => new RegExp(String.raw`^(?:The\s+)?${candidate}\b`, 'i').test(sentence));
      const after = form ? sentence.replace(new RegExp(String.raw`^(?:The\s+)?${form}\s*`, 'i'), '') : '';
      const isNamedSubject = form !== undefined && /^(?:[a-z]+s|is|has|was|had)\b/.test(after);
      if (!isNamedSubject && (form !== undefined || /^(?:The|A|An)\s/.test(sentence))) prepared = `I am ${/^(?:The|A|An)\s/.test(sentence) ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence}`;
    }
    if (/^(?:A|The) visitor\b/i.test(prepared)) continue;
    const converted = toFirstPerson(prepared, self, { pronouns: 'always', rivals: options.rivals });
    // An apposition after "I" ("I, rescued from a floe, lies...") or a clause whose subject was
    // left out ("Longs for sympathy...") leaves a verb that does not agree.
    if (!converted.isComplete || converted.isAmbiguous || /\bI,/.test(converted.text) || /^\p{Lu}\p{Ll}+s\b/u.test(converted.text) || !/\bI\b/.test(converted.text)) continue;
    // A character called "it" that became "I" in one clause and is still "it" in the next ("When I
    // revealed myself…, Felix beat it away; it burned the cottage", "…and it bargains"): the
    // converter could not tell it from a thing there, and the line would say both.
    if (self.gender === 'neuter' && LEFT_NEUTER_SUBJECT.test(converted.text.replace(/“[^”]*”?/g, ' '))) continue;
    // A quotation in a card's line may be someone else's in the book: keep the clauses before it.
    const text = converted.text.replace(/\b(?:a|the) (?:passing )?visitor\b/g, 'you');
    const beforeQuote = text.includes('“') ? text.slice(0, text.indexOf('“')).split(/(?<=[;:])\s/).filter((clause) => /[;:]$/.test(clause)).join(' ') : text;
    // A personality's clause without its "I" is a fragment ("Polite by training and indignant by nature").
    if (beforeQuote.split(/\s+/).length >= 5 && (!options.needsSubject || /\bI\b/.test(beforeQuote))) lines.push(beforeQuote.replace(/[;:]$/, '.'));
  }
  return lines;
}

// A scenario that sets the scene without a verb ("Aboard Walton's ship, in September of 17—…",
// "Among the mountains above Chamounix, not long after…"), as cards often begin.
const SCENE_PREPOSITION = /^(?:aboard|among|amid|amidst|in|on|at|near|beside|by|under|beneath|above|below|inside|outside|within|before|after|during|upon|beyond|across)\s/i;
const MAIN_CLAUSE = /\b(?:i|he|she|it|they|we|you|there)\s+\w+|\b(?:is|are|was|were|am|has|have|had)\b/i;
const RELATIVE_PART = /,\s*(?:where|which|who|whom|whose|when|while)\b/i;

/**
 * A scene-setting fragment said as a sentence: "I am aboard my ship, in September of 17—…". A
 * line that has a subject and verb before any relative clause ("In the morning I walk…") stays.
 */
export function asSituation(line: string): string {
  if (!SCENE_PREPOSITION.test(line)) return line;
  const head = line.split(RELATIVE_PART)[0]!;
  if (MAIN_CLAUSE.test(head)) return line;
  return `I am ${line[0]!.toLowerCase()}${line.slice(1)}`;
}

/** Builds a character's card voice; `rivals` name others its pronouns could stand for. */
export function createCardVoice(character: VoiceCharacter, self: SelfReference, rivals: string[] = []): CardVoice {
  const examples = readExamples(character.messageExamples, character.name);
  const spoken = [replaceMacros(character.firstMessage, character.name), ...examples.map((example) => example.answer)].join(' ');
  const exclamations = [...new Set((spoken.replace(/\*[^*]*\*/g, ' ').match(/(?:^|(?<=[.!?]\s))[^.!?*]{2,30}!/g) ?? []).map((text) => text.trim()))]
    .filter((text) => text.split(/\s+/).length <= 4);
  const signatures = (character.personality.match(/“([^”]{8,120})”/g) ?? [])
    .map((quote) => quote.slice(1, -1).trim())
    .filter((quote) => quote.split(/\s+/).length >= 3 && !/\b(?:she|he|her|his|him|it|its)\b/i.test(quote));
  return {
    tone: chooseTone(character.manner),
    exclamations,
    signatures,
    examples,
    selfLines: [...firstPersonLines(character.description, self, { isDescription: true, rivals }), ...firstPersonLines(character.personality, self, { isDescription: false, rivals, needsSubject: true })],
    scenarioLines: firstPersonLines(character.scenario, self, { isDescription: false, rivals }).map(asSituation),
    greeting: replaceMacros(character.firstMessage, character.name),
  };
}
