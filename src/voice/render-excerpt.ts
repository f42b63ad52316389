/**
 * A chosen sentence of the book as the character says it: its own narration as it stands,
 * narration about it turned into the first person, another narrator's words given as theirs
 * ("As Frankenstein told it to me, ..."), and a quotation without its speech tag given with its
 * speaker ("the Duchess said, ..."), "I said" only when the book says the character said it.
 */
import type { BookSentence, SentenceQuote } from './book-sentences.ts';
import { toFirstPerson } from './first-person.ts';
import type { KnownName } from './book-names.ts';
import type { CharacterReading } from './reading.ts';
import { capitalise, countWords, endSentence, splitWords, stemWord } from './text.ts';

/** A rendered excerpt and the sentences it used. */
export interface Excerpt {
  text: string;
  sentences: number[];
}

/** Double quotes inside a quotation become single ones. */
function nest(text: string): string {
  return text.replace(/“/g, '‘').replace(/”/g, '’');
}

/**
 * The names `keep` admits in the nearest of the four sentences before `sentence` (in its passage)
 * that narrates any of them, or null when none does: who a "she" or "he" of it most likely is.
 */
function namedBefore(reading: CharacterReading, sentence: BookSentence, keep: (name: KnownName) => boolean): KnownName[] | null {
  for (let back = 1; back <= 4; back += 1) {
    const previous = reading.book.index.sentences[sentence.index - back];
    if (!previous || previous.passageId !== sentence.passageId) return null;
    const names = reading.book.namesInNarration(previous).filter(keep);
    if (names.length > 0) return names;
  }
  return null;
}

/** Whether the sentences before leave the character as the "she" or "he" of this one: the last of it or its rivals they name. */
function leadsWithSelf(reading: CharacterReading, sentence: BookSentence): boolean {
  const names = namedBefore(reading, sentence, (name) => name === reading.selfName || reading.rivalNames.has(name));
  // No one named since the passage began: the story's "she" is its protagonist.
  return names ? names.at(-1) === reading.selfName : reading.isProtagonist;
}

const SUBJECT_PRONOUNS: Record<string, RegExp> = { female: /\b(?:she|her|herself)\b/i, male: /\b(?:he|him|his|himself)\b/i };

/** "I said", "the Queen said"; null for a speaker the voice cannot name (then whose words they are cannot be said). */
function speakerPhrase(reading: CharacterReading, speaker: string, sentence?: BookSentence): string | null {
  if (speaker === reading.character.name) return 'I said';
  // "My father" of the character's own narration is its father.
  if (/^my\s+\p{Ll}+$/iu.test(speaker) && sentence?.narrator === reading.character.name) return `${speaker.toLowerCase()} said`;
  return reading.isNameable(speaker) ? `${reading.displayName(speaker)} said` : null;
}

const PRONOUN_GENDER: Record<string, string> = { he: 'male', she: 'female', it: 'neuter' };

/**
 * Whether the book's speaker of a tagged quotation agrees with its tag ("he added" is not the
 * Queen); when they disagree the book's attribution is in doubt, and the line is not used.
 */
export function isTagConsistent(reading: CharacterReading, sentence: BookSentence, quote: SentenceQuote): boolean {
  const tag = quote.tag;
  if (!tag || !quote.speaker) return true;
  const speaker = reading.book.names.byName(quote.speaker) ?? reading.book.names.find(quote.speaker)[0]?.name;
  if (tag.type === 'first-person') return sentence.narrator === null || sentence.narrator === quote.speaker;
  if (tag.type === 'pronoun') {
    const gender = PRONOUN_GENDER[tag.pronoun];
    return !gender || !speaker || speaker.gender === 'unknown' || speaker.gender === gender;
  }
  const named = reading.book.names.find(tag.name)[0]?.name;
  return !named || !speaker || named === speaker;
}

/** How many more double quotations `text` opens than it closes. */
function openQuotes(text: string): number {
  return (text.match(/“/g) ?? []).length - (text.match(/”/g) ?? []).length;
}

/** Closes a double quotation left open, so the page never shows a quote that runs on. */
export function balanceQuotes(text: string): string {
  // A quotation inside a quotation opened with the wrong mark, as the book's own text has it
  // (“Repeat, “You are old, Father William,’” said the Caterpillar): its closing ’ says it is single.
  text = text.replace(/(“[^“”]*)“([^“”]*?)’”/gu, '$1‘$2’”');
  const open = Math.max(0, openQuotes(text));
  // A single quotation left open ("I cried, ‘Now is the time!"): no closing ’ after its last
  // opening ‘ (a ’ inside a word, as in "don’t", is an apostrophe).
  const lastSingle = text.lastIndexOf('‘');
  const isSingleOpen = lastSingle !== -1 && !/’(?!\p{L})/u.test(text.slice(lastSingle));
  const trimmed = isSingleOpen || open > 0 ? text.replace(/[,;:—–-]+$/u, '') : text;
  // The single quotation sits inside the double one when both are open.
  return `${trimmed}${isSingleOpen ? '’' : ''}${'”'.repeat(open)}`;
}

/** One sentence in the character's voice, or null when it cannot be said without garbling whose words are whose. */
function renderOne(reading: CharacterReading, sentence: BookSentence): string | null {
  const self = reading.character.name;
  if (sentence.pieceOf) {
    const speaker = sentence.pieceOf.speaker;
    const phrase = speaker ? speakerPhrase(reading, speaker, sentence) : null;
    return phrase ? `${capitalise(phrase)}, “${nest(sentence.text)}”` : null;
  }
  if (sentence.narrator !== null && sentence.narrator !== self) return null;
  if (sentence.quotes.some((quote) => !isTagConsistent(reading, sentence, quote))) return null;
  let text = sentence.text;
  if (sentence.narrator === null) {
    const leads = leadsWithSelf(reading, sentence);
    // Named later in a sentence that names no one like it ("so she went back..., said Alice"), the
    // character is the "she" before its name too.
    const narrated = reading.book.namesInNarration(sentence);
    const isOnlyOne = narrated.includes(reading.selfName) && !narrated.some((name) => reading.rivalNames.has(name));
    const converted = toFirstPerson(text, reading.self, { pronouns: leads || isOnlyOne ? 'from-start' : 'after-name', rivals: reading.rivals });
    if (!converted.isComplete) return null;
    // "So she called softly after it": with no name to go by, a "she" may be the character; leave it out.
    const pronoun = SUBJECT_PRONOUNS[reading.self.gender];
    if (!leads && pronoun && !narrated.includes(reading.selfName) && !narrated.some((name) => reading.rivalNames.has(name)) && pronoun.test(converted.text.replace(/“[^”]*”?/g, ' '))) return null;
    text = converted.text;
  }
  // Quotations the sentence does not tag: name their one speaker in front, or leave the sentence out.
  // A short quotation nobody speaks ("DRINK ME", a title) is a label, not a line.
  const isLabel = (quote: { text: string; speaker: string | null }) => quote.speaker === null && quote.text.split(/\s+/).length <= 4 && !/[?]$/.test(quote.text);
  const untagged = sentence.quotes.filter((quote) => !quote.isTagged && !isLabel(quote));
  if (untagged.length === 0) return text;
  const speaker = untagged[0]!.speaker;
  if (!speaker || untagged.some((quote) => quote.speaker !== speaker) || !text.startsWith(`“${untagged[0]!.text.slice(0, 20)}`)) return null;
  // "“Repeat, ‘You are old…,’” said the Caterpillar": the sentence's own tag names the speaker already.
  if (sentence.quotes.some((quote) => quote.isTagged && quote.speaker === speaker)) return text;
  // "“Why did you call him Tortoise…?” I asked.": a tag after the quotation, one the attribution
  // did not count as one, names the speaker too ("I said, “…” I asked." otherwise).
  if (TRAILING_TAG.test(text)) return text;
  const phrase = speakerPhrase(reading, speaker, sentence);
  return phrase ? `${capitalise(phrase)}, ${text}` : null;
}

// A sentence that is only a speech tag: "I asked.", "the Queen said, very loudly."
const BARE_TAG = /^(?:I|[\p{Lu}][\p{L}’' ]{0,30}?)\s(?:said|asked|cried|replied|answered|exclaimed|whispered|shouted|added|remarked|muttered|screamed|repeated|inquired|enquired|observed|pleaded|interrupted)\b[^“”.!?]{0,40}[.!]$/u;

// The verbs that tag a speech, before it or after it.
const TAG_VERB = String.raw`(?:said|says|asked|asks|cried|replied|answered|exclaimed|whispered|shouted|added|continued|remarked|began|thought|called|muttered|screamed|sobbed|repeated|inquired|enquired|observed|urged|pleaded|interrupted|went on)`;

// A sentence that ends on a speech tag, the speech to follow: "…and cried,", "he said:".
const LEADING_TAG = new RegExp(String.raw`\b${TAG_VERB}(?:\s+[\p{L}’']+){0,4}[,:]$`, 'u');

// A speech verb after the last closing quotation, with no quotation after it.
const TRAILING_TAG = new RegExp(String.raw`”[^“”]*\b${TAG_VERB}\b[^“”]*$`);

/** A rendered line without the "I said, " or "the Queen said, " the voice put in front of its speech. */
function withoutAddedSaid(line: string): string {
  return line.replace(/^[^“]*\bsaid, (?=“)/, '');
}

/** Whether `sentence` is only more of the speech whose tag ended `previous` (same paragraph, same speaker, no tag of its own). */
function continuesSpeech(previous: BookSentence, sentence: BookSentence): boolean {
  const speaker = previous.quotes.at(-1)?.speaker;
  if (!speaker || previous.pieceOf || sentence.paragraph !== previous.paragraph) return false;
  if (sentence.pieceOf) return sentence.pieceOf.speaker === speaker;
  const only = sentence.quotes.length === 1 ? sentence.quotes[0]! : undefined;
  return only !== undefined && !only.isTagged && only.speaker === speaker && sentence.text.trim() === `“${only.text}”`;
}

const PRONOUN_OF_GENDER: Record<string, string> = { female: 'she', male: 'he' };

/**
 * "“It’s really dreadful,” she muttered to herself" said by one who was not the "she": a reply
 * that opens on a pronoun no word of it names is given the name the book's sentences before it
 * use, when they name exactly one person of that gender. Left as it is otherwise.
 */
function nameTheReferent(reading: CharacterReading, sentence: BookSentence, text: string): string {
  const isPerson = (name: KnownName) => !name.isPlace;
  if (sentence.narrator !== null || sentence.pieceOf || reading.book.namesInNarration(sentence).some(isPerson)) return text;
  const people = namedBefore(reading, sentence, isPerson);
  const referent = people?.at(-1);
  const pronoun = referent && PRONOUN_OF_GENDER[referent.gender];
  if (!people || !referent || !pronoun || referent === reading.selfName || people.filter((name) => name.gender === referent.gender).length > 1) return text;
  // The first such pronoun outside quotations.
  for (const match of text.matchAll(new RegExp(String.raw`\b${pronoun}\b`, 'gi'))) {
    if (openQuotes(text.slice(0, match.index)) > 0) continue;
    return `${text.slice(0, match.index)}${reading.displayName(referent.name)}${text.slice(match.index + pronoun.length)}`;
  }
  return text;
}

/** Renders the chosen sentences (consecutive, from one paragraph), or null when the first cannot be said. */
export function renderExcerpt(reading: CharacterReading, sentences: BookSentence[]): Excerpt | null {
  const first = sentences[0];
  if (!first) return null;
  if (first.narrator !== null && first.narrator !== reading.character.name && !first.pieceOf) {
    // Another narrator's words stay theirs: one quotation, with its teller.
    const told = sentences.filter((sentence, index) => sentences.slice(0, index + 1).every((entry) => entry.narrator === first.narrator && !entry.pieceOf));
    return { text: `As ${reading.displayName(first.narrator)} told it, “${nest(balanceQuotes(told.map((sentence) => sentence.text).join(' ')))}”`, sentences: told.map((sentence) => sentence.index) };
  }
  const parts: string[] = [];
  const used: number[] = [];
  for (const [position, sentence] of sentences.entries()) {
    let rendered = renderOne(reading, sentence);
    if (rendered === null) break;
    if (position === 0) rendered = nameTheReferent(reading, sentence, rendered);
    const previous = sentences[position - 1];
    const last = parts.at(-1);
    if (last !== undefined && openQuotes(last) > 0) {
      // "“When younger,” said he, “I believed myself destined…" then more of that speech: it goes
      // on inside the open quotation, its speaker already named. Anything else would be said
      // inside someone's speech ("…enterprise. Frankenstein said, “My feelings…”"): stop there.
      if (!sentence.pieceOf || sentence.paragraph !== previous?.paragraph) break;
      parts.push(`${nest(sentence.text)}”`);
      used.push(sentence.index);
      continue;
    }
    // Two pieces of one speech read as one speech: its speaker is named once.
    if (previous?.pieceOf && sentence.pieceOf && previous.pieceOf.speaker === sentence.pieceOf.speaker && parts.length > 0) {
      parts[parts.length - 1] = parts[parts.length - 1]!.replace(/”$/, '');
      rendered = `${nest(sentence.text)}”`;
    } else if (previous && parts.length > 0 && continuesSpeech(previous, sentence)) {
      // "“What became of the baby?” I said. “I’d nearly forgotten to ask.”": the speech goes on
      // after its tag, and its speaker was just named ("I said. I said, ..." otherwise).
      rendered = sentence.pieceOf ? `“${nest(sentence.text)}”` : sentence.text;
    }
    // "“Why did you call him Tortoise…?” Alice asked.", split after its "?”": the tag that follows
    // names the speaker, so the speech is not given a "said" of its own in front as well.
    if (parts.length > 0 && BARE_TAG.test(rendered) && previous?.text.startsWith('“')) parts[parts.length - 1] = withoutAddedSaid(parts[parts.length - 1]!);
    // "I stretched out my hand to him and cried," then the speech as a paragraph of its own: the
    // tag before it names the speaker ("cried, I said, “…”" otherwise).
    if (parts.length > 0 && LEADING_TAG.test(parts[parts.length - 1]!) && sentence.text.startsWith('“')) rendered = withoutAddedSaid(rendered);
    parts.push(rendered);
    used.push(sentence.index);
  }
  return parts.length === 0 ? null : { text: balanceQuotes(parts.join(' ')), sentences: used };
}

/**
 * The clauses of a long sentence that hold most of the given terms, at most `maxWords` long,
 * cut only at ; : and dashes outside quotations: a long sentence kept short and still whole.
 */
export function selectClauses(text: string, terms: ReadonlySet<string>, maxWords: number): string {
  if (countWords(text) <= maxWords) return text;
  const clauses: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (character === '“') depth += 1;
    else if (character === '”') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (character === ';' || character === ':' || (character === '—' && text[index + 1] === ' '))) {
      clauses.push(text.slice(start, index + 1).trim());
      start = index + 1;
    }
  }
  clauses.push(text.slice(start).trim());
  const weight = (clause: string) => splitWords(clause).filter((word) => terms.has(stemWord(word))).length;
  let best: { from: number; to: number; score: number } | null = null;
  for (let from = 0; from < clauses.length; from += 1) {
    let words = 0;
    let score = 0;
    for (let to = from; to < clauses.length; to += 1) {
      words += countWords(clauses[to]!);
      if (words > maxWords) break;
      score += weight(clauses[to]!);
      if (!best || score > best.score || (score === best.score && to - from > best.to - best.from)) best = { from, to, score };
    }
  }
  if (!best) return text;
  const chosen = clauses.slice(best.from, best.to + 1).join(' ').replace(/^[,;:—–\s]+/u, '');
  const capitalised = chosen.charAt(0).toUpperCase() + chosen.slice(1);
  return endSentence(capitalised.replace(/[;:—]$/u, ''));
}
