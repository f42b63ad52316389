/** What sort of private detail a visitor shared. */
export type VisitorFactCategory = 'name' | 'place' | 'relation' | 'occupation' | 'count' | 'age' | 'contact' | 'date';

/** One private detail a visitor shared about themselves. */
export interface VisitorFact {
  category: VisitorFactCategory;
  /** A short third-person statement, e.g. "Their dog is called Rex." */
  text: string;
  /** The words that identify the visitor and must not leave their private memory. */
  terms: string[];
  /** The sentence it came from. */
  sentence: string;
}

const name = String.raw`([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+){0,2})`;
const place = String.raw`((?:the\s+)?[A-Z][\p{L}'.-]+(?:[\s,]+(?:[A-Z][\p{L}'.-]+|upon|on|de|la|le|of))*)`;
const relations = String.raw`(dog|cat|puppy|kitten|horse|rabbit|parrot|bird|hamster|fish|tortoise|pet|husband|wife|partner|boyfriend|girlfriend|son|daughter|child|baby|brother|sister|mother|mum|mom|father|dad|grandmother|grandfather|granny|grandpa|friend|best friend|teacher|boss|neighbour|neighbor|aunt|uncle|cousin)`;
const numberWords = String.raw`(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;

/** A case-insensitive form of a lower-case phrase, for patterns whose captures must stay case-sensitive. */
function anyCase(phrase: string): string {
  return phrase.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

function lead(phrases: string[]): string {
  return String.raw`\b(?:${phrases.map(anyCase).join('|')})`;
}

interface FactPattern {
  category: VisitorFactCategory;
  pattern: RegExp;
  describe(match: RegExpMatchArray): { text: string; terms: string[] } | null;
}

const notNames = new Set(['Not', 'Sorry', 'Fine', 'Good', 'Here', 'Just', 'So', 'Very', 'Really', 'Afraid', 'Glad', 'Happy', 'Sure', 'Alice', 'Tired', 'Back', 'Going', 'The', 'A', 'An', 'Also', 'Still']);

const factPatterns: FactPattern[] = [
  {
    category: 'name',
    pattern: new RegExp(String.raw`${lead(['my name is', "my name's", 'i am called', "i'm called", 'call me', 'people call me'])}\s+${name}`, 'gu'),
    describe: (match) => (match[1] && !notNames.has(match[1]) ? { text: `Their name is ${match[1]}.`, terms: [match[1]] } : null),
  },
  {
    category: 'place',
    pattern: new RegExp(String.raw`${lead(['i live in', "i'm living in", 'i am living in', 'i live near', "i'm from", 'i am from', 'i come from', 'i grew up in', 'i was born in', 'moved to', 'i work in'])}\s+${place}`, 'gu'),
    describe: (match) => {
      const where = match[1]?.replace(/[.,\s]+$/u, '');
      return where ? { text: `They live in or come from ${where}.`, terms: [where.replace(/^the\s+/i, '')] } : null;
    },
  },
  {
    category: 'relation',
    pattern: new RegExp(String.raw`${lead(['my'])}\s+(?:little\s+|old\s+|older\s+|younger\s+|big\s+|best\s+)?${anyCase(relations)}(?:'s name)?\s+(?:is called|is named|was called|was named|is|was|'s called)\s+${name}`, 'gu'),
    describe: (match) => {
      const who = match[2];
      if (!match[1] || !who || notNames.has(who)) return null;
      return { text: `Their ${match[1].toLowerCase()} is called ${who}.`, terms: [who] };
    },
  },
  {
    category: 'relation',
    pattern: new RegExp(String.raw`${lead(['i have'])} (?:a|an)\s+(?:\w+\s+)?${anyCase(relations)}\s+(?:called|named)\s+${name}`, 'gu'),
    describe: (match) => (match[1] && match[2] ? { text: `They have a ${match[1].toLowerCase()} called ${match[2]}.`, terms: [match[2]] } : null),
  },
  {
    category: 'occupation',
    pattern: /\b(?:i am|i'm|i work as)\s+(?:a|an)\s+((?:[a-z-]+\s+)?(?:nurse|doctor|teacher|student|engineer|lawyer|farmer|writer|painter|artist|programmer|developer|baker|cook|chef|driver|pilot|soldier|librarian|scientist|professor|musician|actor|accountant|cleaner|carpenter|plumber|electrician|mechanic|firefighter|police officer|vet|dentist|pharmacist|designer|journalist|shopkeeper|gardener|sailor|fisherman|miner|clerk|secretary|manager|waiter|waitress|priest|retiree|pensioner))\b/giu,
    describe: (match) => (match[1] ? { text: `They work as a ${match[1].toLowerCase()}.`, terms: [] } : null),
  },
  {
    category: 'count',
    pattern: new RegExp(String.raw`\bi have\s+${numberWords}\s+(children|kids|sons|daughters|brothers|sisters|dogs|cats|grandchildren|pets|horses)\b`, 'giu'),
    describe: (match) => (match[1] && match[2] ? { text: `They have ${match[1].toLowerCase()} ${match[2].toLowerCase()}.`, terms: /\d/.test(match[1]) ? [match[1]] : [] } : null),
  },
  {
    category: 'age',
    pattern: /\bi(?:'m| am)\s+(\d{1,3})(?:\s+years?\s+old)?\b/giu,
    describe: (match) => (match[1] ? { text: `They are ${match[1]} years old.`, terms: [match[1]] } : null),
  },
  {
    category: 'date',
    pattern: /\bmy birthday is\s+(?:on\s+)?([\p{L}\d ]{3,20}?)(?=[.,!?]|$)/giu,
    describe: (match) => (match[1] ? { text: `Their birthday is ${match[1].trim()}.`, terms: [match[1].trim()] } : null),
  },
  {
    category: 'contact',
    pattern: /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/giu,
    describe: (match) => ({ text: `Their email address is ${match[0]}.`, terms: [match[0]] }),
  },
  {
    category: 'contact',
    pattern: /(?:\+?\d[\s().-]*){7,}\d/gu,
    describe: (match) => ({ text: `Their phone number is ${match[0].trim()}.`, terms: [match[0].trim()] }),
  },
];

/** Splits text into sentences at ., ! and ? followed by space (closing quotes stay with their sentence). */
export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?…][”’"')\]]*)\s+(?=[“"'‘(\[A-Z0-9])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** Extracts the personal facts a visitor shared in one message, with the terms that identify them. */
export function extractVisitorFacts(message: string): VisitorFact[] {
  const facts: VisitorFact[] = [];
  for (const sentence of splitSentences(message)) {
    for (const factPattern of factPatterns) {
      factPattern.pattern.lastIndex = 0;
      for (const match of sentence.matchAll(factPattern.pattern)) {
        const described = factPattern.describe(match);
        if (described) facts.push({ category: factPattern.category, sentence, ...described });
      }
    }
  }
  const seen = new Set<string>();
  return facts.filter((fact) => (seen.has(fact.text) ? false : (seen.add(fact.text), true)));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes a visitor's private details from text meant to be shared: the given terms, plus any
 * email address or phone number.
 */
export function scrubPrivateDetails(text: string, terms: string[]): string {
  let scrubbed = text
    .replace(/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/giu, 'an address they gave')
    .replace(/(?:\+?\d[\s().-]*){7,}\d/gu, 'a number they gave');
  const sorted = [...new Set(terms.map((term) => term.trim()).filter((term) => term.length >= 2))].sort((a, b) => b.length - a.length);
  for (const term of sorted) {
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(term)}(?=$|[^\\p{L}\\p{N}])`, 'giu');
    scrubbed = scrubbed.replace(pattern, (_whole, before: string) => `${before}${/^\d/.test(term) ? 'some' : '(something private)'}`);
  }
  return scrubbed;
}
