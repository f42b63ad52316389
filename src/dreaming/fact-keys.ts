import type { MemoryItem } from '../memory/types.ts';
import { factFieldsOf } from '../memory/visitor-facts/fact-items.ts';
import { factSlot, VISITOR_SUBJECT, type FactFields } from '../memory/visitor-facts/fact-types.ts';

/** The attribute a visitor fact sets, its value, and a question whose answer is that value. */
export interface FactKey {
  /** e.g. "dog", "name", "place", "occupation", "age", "count:children". */
  attribute: string;
  value: string;
  /** Asked as the visitor would ask it, e.g. "What is my dog called?". */
  question: string;
}

const owner = String.raw`(?:their|my|the visitor's|the visitor’s|your|his|her)`;
const value = String.raw`([\p{L}\p{N}][\p{L}\p{N}'’ .-]{0,60}?)`;
const end = String.raw`\s*(?:now|again)?\s*[.!?]?\s*$`;

interface KeyPattern {
  pattern: RegExp;
  build(match: RegExpMatchArray): FactKey | null;
}

const keyPatterns: KeyPattern[] = [
  {
    pattern: new RegExp(String.raw`\b${owner}\s+(?:full\s+)?name\s+is\s+(?:now\s+)?${value}${end}`, 'iu'),
    build: (match) => fact('name', match[1], 'What is my name?'),
  },
  {
    pattern: new RegExp(String.raw`\b${owner}\s+(?:(?:little|old|older|younger|big|best|new)\s+)?([\p{L}]+(?: friend)?)(?:['’]s name)?\s+(?:is|was)\s+(?:now\s+)?(?:called|named)\s+${value}${end}`, 'iu'),
    build: (match) => fact(match[1]!.toLowerCase(), match[2], `What is my ${match[1]!.toLowerCase()} called?`),
  },
  {
    pattern: new RegExp(String.raw`\b${owner}\s+(?:(?:little|old|older|younger|big|best|new)\s+)?([\p{L}]+)['’]s name\s+is\s+(?:now\s+)?${value}${end}`, 'iu'),
    build: (match) => fact(match[1]!.toLowerCase(), match[2], `What is my ${match[1]!.toLowerCase()} called?`),
  },
  {
    pattern: new RegExp(String.raw`\b(?:they|i|the visitor)\s+(?:have|has)\s+an?\s+(?:\w+\s+)?([\p{L}]+)\s+(?:called|named)\s+${value}${end}`, 'iu'),
    build: (match) => fact(match[1]!.toLowerCase(), match[2], `What is my ${match[1]!.toLowerCase()} called?`),
  },
  {
    pattern: new RegExp(String.raw`\b(?:they|i|the visitor)\s+(?:now\s+)?(?:live|lives|living)\s+(?:now\s+)?(?:in|near)(?: or come from)?\s+${value}${end}`, 'iu'),
    build: (match) => fact('place', match[1], 'Where do I live?'),
  },
  {
    pattern: new RegExp(String.raw`\b(?:they|i|the visitor)\s+(?:now\s+)?(?:work|works)\s+as\s+(?:an?\s+)?${value}${end}`, 'iu'),
    build: (match) => fact('occupation', match[1], 'What do I work as?'),
  },
  {
    pattern: /\b(?:they are|i am|i'm|the visitor is)\s+(\d{1,3})(?:\s+years?\s+old)?\s*[.!?]?\s*$/iu,
    build: (match) => fact('age', match[1], 'How old am I?'),
  },
  {
    pattern: /\b(?:they|i|the visitor)\s+(?:have|has)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+([\p{L}]+)\s*[.!?]?\s*$/iu,
    build: (match) => fact(`count:${match[2]!.toLowerCase()}`, match[1], `How many ${match[2]!.toLowerCase()} do I have?`),
  },
  {
    pattern: new RegExp(String.raw`\b${owner}\s+(birthday|email address|phone number)\s+is\s+${value}${end}`, 'iu'),
    build: (match) => fact(match[1]!.toLowerCase(), match[2], `What is my ${match[1]!.toLowerCase()}?`),
  },
];

function fact(attribute: string, rawValue: string | undefined, question: string): FactKey | null {
  const cleaned = (rawValue ?? '').trim().replace(/[.!?,;]+$/, '');
  return cleaned.length === 0 ? null : { attribute, value: cleaned, question };
}

/**
 * Reads the attribute a visitor fact sets ("Their dog is called Rex." → dog = Rex), so that two
 * facts about the same attribute of the same visitor can be told apart as old and new. Null when
 * the text is not a fact of a known shape.
 */
export function factKey(text: string): FactKey | null {
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    for (const keyPattern of keyPatterns) {
      const match = sentence.match(keyPattern.pattern);
      if (match) {
        const built = keyPattern.build(match);
        if (built) return built;
      }
    }
  }
  return null;
}

const questions: Record<string, string> = {
  name: 'What is my name?',
  preferred_name: 'What do I like to be called?',
  lives_in: 'Where do I live?',
  no_longer_lives_in: 'Where do I live?',
  comes_from: 'Where do I come from?',
  works_as: 'What do I work as?',
  no_longer_works_as: 'What do I work as?',
  works_at: 'Where do I work?',
  studies: 'What do I study?',
  studies_at: 'Where do I study?',
  likes: 'What do I like?',
  dislikes: 'What do I dislike?',
  no_longer_likes: 'What did I stop liking?',
  event: 'What is coming up for me?',
  birthday: 'When is my birthday?',
  age: 'How old am I?',
  has: 'What pets or family do I have?',
};

function questionFor(fields: FactFields): string {
  if (fields.subject !== VISITOR_SUBJECT && fields.attribute === 'name') return `What is my ${fields.subject} called?`;
  return questions[fields.attribute] ?? `What did I tell you about my ${fields.attribute.replace(/_/g, ' ')}?`;
}

/**
 * The key of a visitor fact item: the slot its fields fill (see `factSlot`: one name, one home,
 * one liking per thing), from the item's own fields or its sentence, else as `factKey` reads it.
 */
export function itemFactKey(item: MemoryItem): FactKey | null {
  const fields = factFieldsOf(item);
  return fields ? { attribute: factSlot(fields), value: fields.value, question: questionFor(fields) } : factKey(item.text);
}
