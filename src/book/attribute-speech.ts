/**
 * Who says a quotation: the speech tag after it ("said Alice", "the Hatter went on", "said I"),
 * or before it ("Alice said, ‘…’", "but all he said was, ‘…’"), names resolved through the
 * caller's aliases, first person mapped to the chapter's narrator, and pronouns to the
 * character named most recently.
 */
import type { SpeakerAliases } from './types.ts';

const VERBS = [
  'said', 'says', 'replied', 'replies', 'answered', 'cried', 'exclaimed', 'asked', 'inquired', 'enquired',
  'added', 'continued', 'went on', 'began', 'shouted', 'screamed', 'whispered', 'muttered', 'murmured',
  'remarked', 'observed', 'thought', 'repeated', 'returned', 'interrupted', 'called out', 'called', 'sobbed',
  'sighed', 'growled', 'pleaded', 'urged', 'explained', 'retorted', 'roared', 'yelled', 'grumbled', 'panted',
  'stammered', 'faltered', 'declared', 'demanded', 'resumed', 'rejoined', 'ventured', 'suggested', 'insisted',
  'protested', 'concluded', 'persisted', 'gasped', 'shrieked', 'squeaked', 'bawled', 'thundered', 'sang',
  'recited', 'read out', 'said to herself', 'said to himself', 'said to itself', 'thought to herself',
  'thought to himself', 'cried out', 'shouted out', 'put in', 'struck in', 'broke in',
];
// Longer phrases first so "went on" wins over a shorter prefix.
const VERB = `(?:${[...VERBS].sort((a, b) => b.length - a.length).map((verb) => verb.replace(/ /g, '\\s+')).join('|')})`;
const CAPITAL_WORD = String.raw`[A-Z][\p{L}'-]*(?:’(?!s\b)\p{L}+)*`;
const CAPITAL_NAME = String.raw`(?:[Tt]he\s+|(?:Mr|Mrs|Dr|St|M)\.\s+)?${CAPITAL_WORD}(?:\s+(?:(?:de|of|von|van|la|le)\s+)?${CAPITAL_WORD})*`;
const PRONOUN = String.raw`(?:he|she|it|they|I|we|He|She|It|They|We)`;
const LOWER_PHRASE = String.raw`(?:the|my|his|her|our|their)\s+(?:\p{Ll}+\s+){0,2}\p{Ll}+`;
const TRAILING_LINK_WORDS = /(?:\s+(?:in|to|with|at|and|as|who|from|for|on|of|but|then|after|before|when|while|very|quite|again))+$/;
const ADVERBS = String.raw`(?:(?:\p{L}+ly|then|again|now|at\s+last|at\s+length|once\s+more|in\s+a\s+\p{L}+\s+\p{L}+)\s+){0,2}`;

const TAIL_VERB_FIRST = new RegExp(
  String.raw`^[\s,;:—–-]*${ADVERBS}${VERB}\s+(${CAPITAL_NAME}|${PRONOUN}|${LOWER_PHRASE})(?=$|[\s,.;:!?—–’”)])`,
  'u',
);
const TAIL_NAME_FIRST = new RegExp(
  String.raw`^[\s,;:—–-]*(${CAPITAL_NAME}|${PRONOUN})\s+${ADVERBS}${VERB}\b`,
  'u',
);
const HEAD_NAME_VERB = new RegExp(
  String.raw`(?:^|[\s(—–;,.!?])(${CAPITAL_NAME}|${PRONOUN})\s+${ADVERBS}${VERB}\b[^.!?“”"‘]{0,60}[,:—–]\s*$`,
  'u',
);
const HEAD_VERB_NAME = new RegExp(
  String.raw`(?:^|[\s(—–;,.!?])${VERB}\s+(${CAPITAL_NAME}|${PRONOUN})[^.!?“”"‘]{0,40}[,:—–]\s*$`,
  'u',
);
const SPEECH_WORD = new RegExp(String.raw`\b(?:${VERB}|say|saying|speak|speaking|spoke|tell|told|ask|asking|talking)\b`, 'u');
const ENDS_WITH_VERB = new RegExp(String.raw`\b${VERB}$`, 'u');
const AFTER_PREPOSITION = /\b(?:with|to|at|by|from|of|for|about|upon|on|in|into|towards?)\s+$/i;
const SPEAKING_NOW = /\b(?:talking|saying|speaking|began|went on|continued|thought|exclaimed|cried|remarked)\b/u;
const CANDIDATE = new RegExp(String.raw`(${CAPITAL_NAME}|\b${PRONOUN}\b)`, 'gu');

/** Capitalised words that start sentences but never name a speaker. */
const NOT_NAMES = new Set(
  ('a an and as at but by for from how if in is it its no not nor now oh of on or so that the then there these ' +
    'this those though thus to what when where which while who why with yes you your alas ah well here ' +
    'perhaps presently soon suddenly however sir madam miss dear god heaven poor very indeed young old ' +
    'my his her our their yesterday today tomorrow upon unhappy wretched')
    .split(' '),
);
const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'we', 'i']);
const SPOKEN_TITLES = new Set(
  ('miss madam madame mademoiselle lady lord sir captain colonel major general doctor professor aunt uncle judge widow ' +
    'squire count countess mistress master mother father sister brother cousin parson reverend king queen prince princess')
    .split(' '),
);
const SENTENCE_ADVERBS = new Set(
  ('finally presently suddenly instantly immediately directly afterwards afterward meanwhile accordingly slowly quickly ' +
    'gradually eventually lastly soon then now here there by-and-by still yet again once next later perhaps surely ' +
    'certainly truly really only at last gently softly hastily')
    .split(' '),
);

/** What kind of speaker mention a tag found, before resolution. */
export type SpeakerMention =
  | { type: 'name'; name: string }
  | { type: 'first-person' }
  | { type: 'pronoun'; pronoun: string };

function toMention(raw: string): SpeakerMention | null {
  // "said the old man in a whisper" matched three words after "the"; keep the noun phrase.
  const trimmed = raw.trim().replace(TRAILING_LINK_WORDS, '');
  const lower = trimmed.toLowerCase();
  if (lower === 'i' || lower === 'we') return { type: 'first-person' };
  if (PRONOUNS.has(lower)) return { type: 'pronoun', pronoun: lower };
  // "Finally Tom said", "By-and-by Tom said": a sentence adverb before the name is not part of it.
  const words = trimmed.split(/\s+/);
  if (words.length > 1 && SENTENCE_ADVERBS.has(words[0]!.toLowerCase()) && /^\p{Lu}/u.test(words[1]!)) return toMention(words.slice(1).join(' '));
  const firstWord = trimmed.replace(/^the\s+/i, '').split(/\s+/)[0] ?? '';
  if (firstWord.length === 0) return null;
  // Capitalised sentence openers ("Then", "Poor") are not names; "the old man" is a speaker.
  const isCapitalised = /^\p{Lu}/u.test(firstWord);
  // "Miss Harwood", "Captain Lydgate": a title before a capitalised word is part of a name.
  const isTitled = words.length > 1 && SPOKEN_TITLES.has(firstWord.toLowerCase()) && /^\p{Lu}/u.test(words[1]!);
  if (isCapitalised && !isTitled && (NOT_NAMES.has(firstWord.toLowerCase()) || (words.length === 1 && SENTENCE_ADVERBS.has(firstWord.toLowerCase())))) return null;
  if (!isCapitalised && /^(?:my|his|her|our|their)$/.test(firstWord)) return { type: 'name', name: trimmed };
  return { type: 'name', name: trimmed };
}

/** Finds the speaker tag right after a quote ("said Alice", "Alice said"). */
export function mentionAfter(rawTail: string): SpeakerMention | null {
  const tail = rawTail.replace(/_/g, '');
  const verbFirst = TAIL_VERB_FIRST.exec(tail);
  if (verbFirst) return toMention(verbFirst[1]!);
  const nameFirst = TAIL_NAME_FIRST.exec(tail);
  return nameFirst ? toMention(nameFirst[1]!) : null;
}

/** Finds the speaker named before a quote ("Alice said, ", "but all he said was, "). */
export function mentionBefore(rawHead: string): SpeakerMention | null {
  // Emphasis markers ("all he _said_ was") would hide the words from the patterns.
  const head = rawHead.replace(/_/g, '');
  const nameVerb = HEAD_NAME_VERB.exec(head) ?? HEAD_VERB_NAME.exec(head);
  const direct = nameVerb ? toMention(nameVerb[1]!) : null;
  if (direct !== null && direct.type !== 'pronoun') return direct;
  const fromSentence = speakerOfLeadingSentence(head);
  return fromSentence?.type === 'name' ? fromSentence : (direct ?? fromSentence);
}

function speakerOfLeadingSentence(head: string): SpeakerMention | null {
  // "The Hatter opened his eyes very wide on hearing this; but all he said was, ": the subject
  // of the sentence that leads into the quote, when that sentence speaks and ends in , or :.
  // "Alice soon began talking again. ‘…’": a sentence that says someone is speaking also counts.
  const trimmed = head.replace(/\s+$/, '');
  // "…, screamed ‘Off with her head!’": a head ending on a speech verb leads into the quote too.
  const ending = /[,:—–]$/.test(trimmed) || ENDS_WITH_VERB.test(trimmed) ? 'open' : /[.!?]$/.test(trimmed) ? 'closed' : null;
  // The last sentence, found from the end: a regex anchored at the end rescans long heads from every position.
  const body = ending === 'closed' ? trimmed.slice(0, -1) : trimmed;
  const sentence = trimmed.slice(Math.max(body.lastIndexOf('.'), body.lastIndexOf('!'), body.lastIndexOf('?')) + 1);
  const speechWord = ending === 'open' ? SPEECH_WORD : ending === 'closed' ? SPEAKING_NOW : null;
  if (speechWord === null) return null;
  let verbAt = -1;
  for (const match of sentence.matchAll(new RegExp(speechWord.source, 'gu'))) verbAt = match.index;
  if (verbAt < 0) return null;
  // The speaker is the last name or pronoun before the speech word: "to hear the Rabbit say".
  let speaker: SpeakerMention | null = null;
  let lastName: SpeakerMention | null = null;
  const lead = sentence.slice(0, verbAt);
  for (const match of lead.matchAll(CANDIDATE)) {
    // "hand in hand with Dinah, and saying": a name after a preposition is not the one speaking.
    if (AFTER_PREPOSITION.test(lead.slice(Math.max(0, match.index - 12), match.index))) continue;
    const mention = toMention(match[1]!);
    if (mention) speaker = mention;
    if (mention?.type === 'name') lastName = mention;
  }
  // "The Hatter opened his eyes …; but all he said was": the pronoun's antecedent is in the sentence.
  if (speaker?.type === 'pronoun' && lastName !== null) return lastName;
  return speaker;
}

/** Resolves names to canonical speakers through aliases; unknown names lose "the " and gain a capital. */
export interface SpeakerResolver {
  resolve(name: string): string;
  /** Whether a capitalised word names someone the caller listed. */
  isKnown(name: string): boolean;
}

function normalise(name: string): string {
  // "the dæmon" is "the daemon": the ligature is a letter NFKC keeps, and cards spell it out.
  return name.toLowerCase().replace(/æ/g, 'ae').replace(/œ/g, 'oe').replace(/[’']s$/, '').replace(/\s+/g, ' ').trim();
}

/** Builds the alias table from the caller's speaker list. */
export function createSpeakerResolver(speakers: SpeakerAliases[] = []): SpeakerResolver {
  const table = new Map<string, string>();
  for (const speaker of speakers) {
    for (const alias of [speaker.name, ...speaker.aliases]) {
      const key = normalise(alias);
      table.set(key, speaker.name);
      table.set(key.replace(/^the /, ''), speaker.name);
    }
  }
  return {
    resolve(name) {
      const key = normalise(name);
      const known = table.get(key) ?? table.get(key.replace(/^the /, ''));
      if (known) return known;
      const bare = name.trim().replace(/^the\s+/i, '').replace(/\s+/g, ' ');
      return bare.charAt(0).toUpperCase() + bare.slice(1);
    },
    isKnown(name) {
      const key = normalise(name);
      return table.has(key) || table.has(key.replace(/^the /, ''));
    },
  };
}

/** The names a stretch of narration mentions, in order, for resolving later pronouns. */
export function namesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const mention = toMention(match[1]!);
    if (mention?.type === 'name') names.push(mention.name);
  }
  return names;
}
