import { findDatePhrase } from './fact-phrases.ts';
import { VISITOR_SUBJECT, type FactFields } from './fact-types.ts';

/**
 * A plan as a sentence: "You are going to Paris next week", "Your exam is on Friday"; null when
 * the value has no date after its event (said as "coming up for you: …").
 */
function eventSentence(value: string, words: { you: string; your: string; are: string }): string | null {
  if (/^(?:(?:going|flying|travelling|traveling|driving|moving|heading|leaving|off)\s+(?:to|for|back)\b|getting married|starting\b|graduating|retiring|pregnant|expecting\b)/i.test(value)) return `${words.you} ${words.are} ${value}`;
  const date = findDatePhrase(value);
  if (!date || date.index === 0) return null;
  const event = value.slice(0, date.index).trim();
  return `${words.your} ${event} ${/s$/.test(event) && !/ss$/.test(event) ? 'are' : 'is'} ${date.text}`;
}

/** Who a fact is told to: the visitor ("Your dog is called Rex.") or the model ("Their dog..."). */
export type FactPerson = 'second' | 'third';

const vowelSound = /^(?:[aeio]|u(?![nrs]i|ni))/i;

function article(noun: string): string {
  if (/^(?:retired|unemployed|self-employed|freelance\b.*|between jobs)$/i.test(noun)) return '';
  return vowelSound.test(noun) ? 'an ' : 'a ';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A fact as one short present-tense sentence, in the second or third person. */
export function describeFact(fact: FactFields, person: FactPerson = 'second'): string {
  const you = person === 'second' ? 'you' : 'they';
  const your = person === 'second' ? 'your' : 'their';
  const are = person === 'second' ? 'are' : 'are';
  const { subject, value } = fact;
  if (subject !== VISITOR_SUBJECT) {
    if (fact.attribute === 'name') return `${capitalise(your)} ${subject} is called ${value}.`;
    return `${capitalise(your)} ${subject}: ${fact.attribute.replace(/_/g, ' ')} ${value}.`;
  }
  const sentence = ((): string => {
    switch (fact.attribute) {
      case 'name': return `${your} name is ${value}`;
      case 'preferred_name': return `${you} like to be called ${value}`;
      case 'lives_in': return `${you} live in ${value}`;
      case 'comes_from': return `${you} come from ${value}`;
      case 'works_as': return article(value) === '' ? `${you} ${are} ${value}` : `${you} work as ${article(value)}${value}`;
      case 'works_at': return `${you} work at ${value}`;
      case 'studies': return `${you} study ${value}`;
      case 'studies_at': return `${you} study at ${value}`;
      case 'likes': return `${you} like ${value}`;
      case 'dislikes': return `${you} do not like ${value}`;
      case 'no_longer_likes': return `${you} no longer like ${value}`;
      case 'no_longer_lives_in': return `${you} no longer live in ${value}`;
      case 'no_longer_works_as': return `${you} no longer work as ${article(value)}${value}`;
      case 'event': return eventSentence(value, { you, your, are }) ?? `coming up for ${person === 'second' ? 'you' : 'them'}: ${value}`;
      case 'birthday': return `${your} birthday is ${value}`;
      case 'age': return `${you} ${are} ${value} years old`;
      case 'has': return `${you} have ${value}`;
      default: return `${your} ${fact.attribute.replace(/_/g, ' ')}: ${value}`;
    }
  })();
  return `${capitalise(sentence)}.`;
}

/** A fact that no longer holds, as the visitor once said it ("Your dog used to be called Rex."). */
export function describeFormerFact(fact: FactFields, person: FactPerson = 'second'): string {
  const you = person === 'second' ? 'You' : 'They';
  const your = person === 'second' ? 'Your' : 'Their';
  const { subject, value } = fact;
  if (subject !== VISITOR_SUBJECT) {
    return fact.attribute === 'name' ? `${your} ${subject} used to be called ${value}.` : `Before: ${describeFact(fact, person)}`;
  }
  switch (fact.attribute) {
    case 'name': return `${your} name used to be ${value}.`;
    case 'preferred_name': return `${you} used to like to be called ${value}.`;
    case 'lives_in': return `${you} used to live in ${value}.`;
    case 'works_as': return `${you} used to work as ${article(value)}${value}.`;
    case 'studies': return `${you} used to study ${value}.`;
    case 'likes': return `${you} used to like ${value}.`;
    case 'dislikes': return `${you} used not to like ${value}.`;
    case 'event': return `Planned before: ${value}.`;
    default: return `Before: ${describeFact(fact, person)}`;
  }
}

const owner = String.raw`(?:their|your|my|the visitor's|the visitor’s)`;
const someone = String.raw`(?:they|you|i|the visitor)`;
const valuePart = String.raw`([\p{L}\p{N}][\p{L}\p{N}'’ .-]{0,60}?)`;
const end = String.raw`\s*(?:now|again)?\s*[.!?]?\s*$`;

interface TextPattern {
  pattern: RegExp;
  fields(match: RegExpMatchArray): FactFields;
}

// Facts written as text by older code and by models ("Their dog is called Rex.").
const textPatterns: TextPattern[] = [
  { pattern: new RegExp(String.raw`^${owner}\s+(?:full\s+)?name\s+is\s+(?:now\s+)?${valuePart}${end}`, 'iu'), fields: (match) => ({ subject: VISITOR_SUBJECT, attribute: 'name', value: match[1]! }) },
  {
    pattern: new RegExp(String.raw`^${owner}\s+(?:(?:little|old|older|younger|big|best|new)\s+)?([\p{L}]+(?: friend)?)(?:['’]s name is| is (?:now )?(?:called|named))\s+${valuePart}${end}`, 'iu'),
    fields: (match) => ({ subject: match[1]!.toLowerCase(), attribute: 'name', value: match[2]! }),
  },
  {
    pattern: new RegExp(String.raw`^${someone}\s+(?:have|has)\s+an?\s+(?:\w+\s+)?([\p{L}]+)\s+(?:called|named)\s+${valuePart}${end}`, 'iu'),
    fields: (match) => ({ subject: match[1]!.toLowerCase(), attribute: 'name', value: match[2]! }),
  },
  { pattern: new RegExp(String.raw`^${someone}\s+(?:now\s+)?lives?\s+(?:now\s+)?in(?: or come from)?\s+${valuePart}${end}`, 'iu'), fields: (match) => ({ subject: VISITOR_SUBJECT, attribute: 'lives_in', value: match[1]! }) },
  { pattern: new RegExp(String.raw`^${someone}\s+(?:come|comes) from\s+${valuePart}${end}`, 'iu'), fields: (match) => ({ subject: VISITOR_SUBJECT, attribute: 'comes_from', value: match[1]! }) },
  { pattern: new RegExp(String.raw`^${someone}\s+(?:now\s+)?works?\s+as\s+(?:an?\s+)?${valuePart}${end}`, 'iu'), fields: (match) => ({ subject: VISITOR_SUBJECT, attribute: 'works_as', value: match[1]! }) },
  { pattern: new RegExp(String.raw`^${someone}\s+(?:study|studies)\s+${valuePart}${end}`, 'iu'), fields: (match) => ({ subject: VISITOR_SUBJECT, attribute: 'studies', value: match[1]! }) },
  { pattern: new RegExp(String.raw`^${someone}\s+(?:like|likes|love|loves)\s+${valuePart}${end}`, 'iu'), fields: (match) => ({ subject: VISITOR_SUBJECT, attribute: 'likes', value: match[1]! }) },
  { pattern: /^(?:they are|you are|i am|i'm|the visitor is)\s+(\d{1,3})(?:\s+years?\s+old)?\s*[.!?]?\s*$/iu, fields: (match) => ({ subject: VISITOR_SUBJECT, attribute: 'age', value: match[1]! }) },
];

/**
 * Reads the fields of a fact written as a sentence ("Their dog is called Rex." → dog, name, Rex),
 * for visitor facts that carry no fields of their own. Null when the sentence is of no known shape.
 */
export function parseFactText(text: string): FactFields | null {
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    for (const { pattern, fields } of textPatterns) {
      const match = sentence.trim().match(pattern);
      if (!match) continue;
      const parsed = fields(match);
      const value = parsed.value.trim().replace(/[.!?,;]+$/, '');
      if (value) return { ...parsed, value };
    }
  }
  return null;
}
