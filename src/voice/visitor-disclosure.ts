/**
 * What a visitor says about themselves, as far as the voice must understand it to answer: the
 * facts of a disclosure ("I have a dog called Rufus"), to acknowledge them, and what a recall
 * question asks for ("What is my dog called?"). Visitor memory (grounding.visitorFacts and
 * newFacts, filled by chat) is the record; reading the message here is only the floor the voice
 * stands on when chat passes no facts at all.
 */
import type { GroundingFact } from '../llm/provider.ts';
import { findInstructions } from '../safety/instruction.ts';

const RELATIONS = 'dog|cat|puppy|kitten|horse|pony|rabbit|parrot|bird|hamster|fish|tortoise|pet|husband|wife|partner|boyfriend|girlfriend|son|daughter|child|baby|brother|sister|mother|mum|mom|father|dad|grandmother|grandfather|granny|grandpa|friend|best friend|teacher|boss|neighbour|neighbor|aunt|uncle|cousin';
const NAME = String.raw`([A-Z][\p{L}'-]+)`;
const PLACE = String.raw`([A-Z][\p{L}'.-]+(?:\s+(?:[A-Z][\p{L}'.-]+|upon|on|de|la|le|of)(?=\s+[A-Z]|[\s.,!?;]|$))*)`;

function trimPlace(place: string): string {
  return place.replace(/[.\s]+$/u, '').replace(/\s+(?:upon|on|de|la|le|of)$/u, '');
}
const NOT_NAMES = new Set(['Not', 'Sorry', 'Fine', 'Good', 'Here', 'Just', 'So', 'Very', 'Really', 'Afraid', 'Glad', 'Happy', 'Sure', 'Tired', 'Back', 'Going', 'The', 'A', 'An', 'Also', 'Still', 'Well', 'Okay', 'Ok', 'Hungry', 'Lost', 'New', 'Curious', 'Scared', 'Frightened', 'Sad', 'Old', 'Only', 'Always', 'From', 'In', 'At', 'Ready']);
const OCCUPATION = /^(?:nurse|doctor|teacher|student|engineer|lawyer|farmer|writer|painter|artist|programmer|developer|baker|cook|chef|driver|pilot|soldier|librarian|scientist|professor|musician|actor|actress|accountant|carpenter|plumber|electrician|mechanic|firefighter|vet|dentist|pharmacist|designer|journalist|shopkeeper|gardener|sailor|fisherman|clerk|secretary|manager|waiter|waitress|priest|poet|surgeon|architect|banker|translator|photographer|tailor|nanny|researcher|historian|physicist|chemist|biologist|mathematician|philosopher|singer|dancer|retiree|pensioner)$/i;

/** A lower-case phrase matched in any case, so the pattern around it can stay case-sensitive. */
function anyCase(phrase: string): string {
  return phrase.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

function lead(phrases: string[]): string {
  return String.raw`\b(?:${phrases.map(anyCase).join('|')})`;
}

/** The second-person sentence that states a fact back to the visitor. */
function sayBack(subject: string, attribute: string, value: string): string {
  if (subject !== 'visitor') return `Your ${subject} is called ${value}.`;
  const texts: Record<string, string> = {
    name: `Your name is ${value}.`, lives_in: `You live in ${value}.`, comes_from: `You come from ${value}.`,
    works_as: `You work as ${/^[aeiou]/i.test(value) ? 'an' : 'a'} ${value}.`, studies: `You study ${value}.`, likes: `You love ${value}.`, dislikes: `You do not like ${value}.`,
  };
  return texts[attribute] ?? `You told me: ${value}.`;
}

function fact(subject: string, attribute: string, value: string): GroundingFact {
  return { subject, attribute, value, text: sayBack(subject, attribute, value) };
}

/** Trims a free-text value ("sailing on the lake in summer") to its first few words. */
function shortValue(raw: string): string {
  return raw.trim().replace(/^(?:to\s+)?/, '').split(/\s+(?:and|but|because|so|when|which)\s+/)[0]!.split(/\s+/).slice(0, 4).join(' ').replace(/[^\p{L}\p{N}'-]+$/u, '');
}

const ADJECTIVE = String.raw`(?:(?:little|old|big|young|older|younger)\s+)?`;
// Built once: a visitor's every earlier message is read again on each reply when chat passes no facts.
const PATTERNS = {
  name: new RegExp(String.raw`${lead(['my name is', "my name's", 'i am called', "i'm called", 'call me', 'people call me'])}\s+${NAME}`, 'gu'),
  iAm: new RegExp(String.raw`\b[Ii](?:'m| am)\s+${NAME}`, 'gu'),
  have: new RegExp(String.raw`${lead(['i have', "i've got", 'i also have'])}\s+(?:[aA]n?)\s+${ADJECTIVE}(${anyCase(RELATIONS)})\s+(?:called|named)\s+${NAME}`, 'gu'),
  my: new RegExp(String.raw`${lead(['my'])}\s+${ADJECTIVE}(${anyCase(RELATIONS)})(?:'s name)?\s+(?:is called|is named|was called|'s called|is|called|named)\s+${NAME}`, 'gu'),
  livesIn: new RegExp(String.raw`${lead(['i live', "i'm living", 'i am living'])}\s+(?:in|near|at)\s+${PLACE}`, 'gu'),
  comesFrom: new RegExp(String.raw`${lead(["i'm from", 'i am from', 'i come from', 'i was born in', 'i grew up in'])}\s+${PLACE}`, 'gu'),
  worksAs: /\b(?:i(?:'m| am)|i work as)\s+(?:a|an)\s+([a-z]+(?:\s+[a-z]+)?)/giu,
  studies: /\bi (?:study|am studying|'m studying)\s+([^.,!?;]+)/giu,
  likes: /\bi (?:really\s+)?(?:love|like|enjoy|adore)\s+([^.,!?;]+)/giu,
  dislikes: /\bi (?:really\s+)?(?:hate|dislike|can't stand|don't like)\s+([^.,!?;]+)/giu,
};

/** The facts a message states about the visitor, none that carries an instruction. */
export function readDisclosures(message: string): GroundingFact[] {
  const text = message.replace(/[’‘]/g, "'");
  const facts: GroundingFact[] = [];
  const add = (entry: GroundingFact) => {
    if (findInstructions(entry.value).length > 0) return;
    if (!facts.some((known) => known.subject === entry.subject && known.attribute === entry.attribute)) facts.push(entry);
  };
  for (const match of text.matchAll(PATTERNS.name)) add(fact('visitor', 'name', match[1]!));
  for (const match of text.matchAll(PATTERNS.iAm)) if (!NOT_NAMES.has(match[1]!)) add(fact('visitor', 'name', match[1]!.replace(/[.'-]+$/u, '')));
  for (const match of text.matchAll(PATTERNS.have)) add(fact(match[1]!.toLowerCase(), 'name', match[2]!));
  for (const match of text.matchAll(PATTERNS.my)) add(fact(match[1]!.toLowerCase(), 'name', match[2]!));
  for (const match of text.matchAll(PATTERNS.livesIn)) add(fact('visitor', 'lives_in', trimPlace(match[1]!)));
  for (const match of text.matchAll(PATTERNS.comesFrom)) add(fact('visitor', 'comes_from', trimPlace(match[1]!)));
  for (const match of text.matchAll(PATTERNS.worksAs)) {
    const words = match[1]!.split(/\s+/);
    const job = OCCUPATION.test(words.at(-1)!) ? match[1]! : OCCUPATION.test(words[0]!) ? words[0]! : null;
    if (job) add(fact('visitor', 'works_as', job.toLowerCase()));
  }
  for (const match of text.matchAll(PATTERNS.studies)) add(fact('visitor', 'studies', shortValue(match[1]!)));
  for (const match of text.matchAll(PATTERNS.likes)) if (!/^(?:you|it|that|this|to talk|talking)\b/i.test(match[1]!)) add(fact('visitor', 'likes', shortValue(match[1]!)));
  for (const match of text.matchAll(PATTERNS.dislikes)) if (!/^(?:you|it|that|this)\b/i.test(match[1]!)) add(fact('visitor', 'dislikes', shortValue(match[1]!)));
  return facts;
}

/** What a recall question asks for: about whom, and which attribute (undefined: anything). */
export interface RecallTarget {
  subject: string;
  attributes?: string[];
}

/** Reads a recall question ("What is my dog called?", "Where am I from?"). */
export function readRecallTarget(message: string): RecallTarget {
  const text = message.toLowerCase().replace(/[’‘]/g, "'");
  const relation = new RegExp(String.raw`\bmy (?:little |old |big |young |older |younger )?(${RELATIONS})\b`).exec(text)?.[1];
  if (relation) return { subject: relation, attributes: ['name'] };
  if (/\b(?:my name|who am i|what am i called|what do you call me)\b/.test(text)) return { subject: 'visitor', attributes: ['name', 'preferred_name'] };
  if (/\bwhere (?:do|did) i (?:live|come from|grow up)|where am i from|where i (?:live|come from)\b/.test(text)) return { subject: 'visitor', attributes: ['lives_in', 'comes_from'] };
  if (/\bwhat do i do\b|\bmy (?:job|work)\b|where do i work/.test(text)) return { subject: 'visitor', attributes: ['works_as', 'studies'] };
  if (/\bwhat do i (?:like|love|enjoy)|my favou?rite/.test(text)) return { subject: 'visitor', attributes: ['likes'] };
  return { subject: 'visitor' };
}

/** The facts that answer a recall question, best first. */
export function factsFor(target: RecallTarget, facts: GroundingFact[]): GroundingFact[] {
  const relevant = facts.filter((entry) => entry.subject === target.subject || (target.subject === 'visitor' && target.attributes === undefined));
  return target.attributes ? relevant.filter((entry) => target.attributes!.includes(entry.attribute)) : relevant;
}
