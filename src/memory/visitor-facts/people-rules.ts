/**
 * Cues for who the visitor is and whom they have: their name and what they like to be called,
 * their pets and people with names ("my sister Ana", "a tortoise named Sheldon", "I renamed my dog Max").
 */
import { DISTINGUISHING_QUALIFIERS, PEOPLE_WORDS, PET_WORDS, PLAIN_QUALIFIERS, RELATION_CANONICAL } from './fact-lexicon.ts';
import { readName, readPlace } from './fact-phrases.ts';
import type { FactRule } from './fact-rule.ts';
import { VISITOR_SUBJECT } from './fact-types.ts';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (set: Iterable<string>): string => [...set].sort((left, right) => right.length - left.length).map(escape).join('|');

const relation = `(${alternation([...PET_WORDS, ...PEOPLE_WORDS])})`;
const qualifier = `(?:(${alternation([...DISTINGUISHING_QUALIFIERS, ...PLAIN_QUALIFIERS])})\\s+)?`;
// Where a pet or person is, between it and its name ("a cat at home called Biscuit", "a brother in Leeds named Jun").
const whereabouts = String.raw`(?:\s+(?:at|back|in|on|out)\s+(?:home|the\s+\p{L}+|\p{Lu}[\p{L}'-]*))`;
const my = String.raw`\b(?:my|our)\s+`;

/** The subject a relation gets: its usual name, with a qualifier that tells two apart ("older sister"). */
export function relationSubject(word: string, qualifierWord?: string): string {
  const base = RELATION_CANONICAL.get(word.toLowerCase()) ?? word.toLowerCase();
  const kept = qualifierWord && DISTINGUISHING_QUALIFIERS.has(qualifierWord.toLowerCase()) ? `${qualifierWord.toLowerCase()} ` : '';
  return `${kept}${base}`;
}

/** Names listed after a cue: "Tom and Jerry", "Ana, Leo and Maya". */
function readNames(rest: string, allowLowercase: boolean): string[] {
  const names: string[] = [];
  let remaining = rest;
  for (let index = 0; index < 6; index += 1) {
    const name = readName(remaining, { allowLowercase });
    if (!name) break;
    names.push(name);
    const after = remaining.replace(/^[\s,:]+/, '').slice(name.length);
    const joiner = /^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)/i.exec(after);
    if (!joiner) break;
    remaining = after.slice(joiner[0].length);
  }
  return names;
}

function named(subject: string, names: string[], isUpdate = false) {
  return names.map((value) => ({ subject, value, isUpdate }));
}

/** Name, preferred name, and the named pets and people of the visitor. */
export const peopleRules: FactRule[] = [
  {
    attribute: 'name',
    cue: /\b(?:my\s+(?:full\s+|real\s+|first\s+|given\s+|actual\s+)?name(?:'s|\s+is)|(?:i am|i'm)\s+(?:called|named)|the name(?:'s|\s+is))\s+/gi,
    read: (rest) => {
      const name = readName(rest, { allowLowercase: true });
      return name ? [{ subject: VISITOR_SUBJECT, value: name }] : [];
    },
  },
  {
    // "I'm Priya", "Hi, I am Sam": a capitalised word that ends the clause or is followed by "and", "by the way".
    attribute: 'name',
    cue: /\b(?:i am|i'm|im)\s+/gi,
    read: (rest) => {
      const name = readName(rest, { allowLowercase: false });
      if (!name) return [];
      const after = rest.replace(/^\s+/, '').slice(name.length);
      if (!/^\s*(?:$|[,.!;]|and\b|by the way|here\b|btw\b|from\b)/i.test(after)) return [];
      // "I'm Jonas from Hamburg", "I'm Ravi, from Pune": a name and where they come from.
      const from = /^\s*,?\s*from\s+/i.exec(after);
      const place = from ? readPlace(after.slice(from[0].length)) : null;
      return [{ subject: VISITOR_SUBJECT, value: name }, ...(place ? [{ subject: VISITOR_SUBJECT, attribute: 'comes_from' as const, value: place }] : [])];
    },
  },
  {
    attribute: 'preferred_name',
    cue: /\b(?:(?:you can|you may|please|just|do)\s+)*call me|\bi go by|\b(?:i(?:'d| would)?\s+(?:prefer|like|rather)\s+(?:to be called|you to call me|being called|be called)|i like to be called)|\b(?:everyone|everybody|people|most people|my friends|friends|they|all my friends|my family|family)\s+(?:usually\s+|just\s+)?calls? me|\bmy nickname(?:'s|\s+is)\b/gi,
    allowsHypothetical: true,
    read: (rest) => {
      const name = readName(rest, { allowLowercase: true });
      return name ? [{ subject: VISITOR_SUBJECT, value: name }] : [];
    },
  },
  {
    // "my dog is called Rex", "my sister's name is Ana", "our cat is Pickles", "my dog is now called Max".
    attribute: 'name',
    cue: new RegExp(String.raw`${my}${qualifier}${relation}(?:(?:['’]s)?\s+(?:(new)\s+)?name(?:'s|\s+is)|\s+(?:is|was|'s)\s+(?:(now|actually)\s+)?(?:called|named)|\s+(?:is|'s)\s)\s*`, 'giu'),
    read: (rest, match) => {
      const strongCue = /called|named|name/i.test(match[0]);
      const names = readNames(rest, strongCue);
      const isUpdate = Boolean(match[3] || match[4]) || /^\s*now\b/i.test(rest.slice(names.join(' ').length + 1));
      return named(relationSubject(match[2]!, match[1]), names, isUpdate);
    },
  },
  {
    // "my brother Tomasz is visiting", "my wife, Ingrid,", "my best friend Oluwaseun".
    attribute: 'name',
    cue: new RegExp(String.raw`${my}${qualifier}${relation},?\s+`, 'giu'),
    read: (rest, match) => named(relationSubject(match[2]!, match[1]), readNames(rest, false).slice(0, 1)),
  },
  {
    // "I have a sister called Ana", "we have a tortoise named Sheldon", "I've got two cats, Tom and Jerry",
    // "I have a cat at home called Biscuit", "a brother in Leeds named Jun" (where they are, before the name).
    attribute: 'name',
    cue: new RegExp(String.raw`\b(?:i|we)(?=[\s'])\s*(?:have|'ve|have got|'ve got|own|also have)\s+(?:got\s+)?(?:a|an|one|two|three|four|five|\d)\s+${qualifier}(?:\w+\s+)?${relation}(?:${whereabouts}?\s+(?:called|named)|,|:)\s*`, 'giu'),
    read: (rest, match) => named(relationSubject(match[2]!, match[1]), readNames(rest, /called|named/i.test(match[0]))),
  },
  {
    // "...and an older brother called Jun", after "I have" in the same clause.
    attribute: 'name',
    cue: new RegExp(String.raw`(?<=\b(?:i|we)(?=[\s'])\s*(?:have|'ve|have got|'ve got|own)\b.*)\b(?:and|also|plus)\s+(?:a|an|one)\s+${qualifier}(?:\w+\s+)?${relation}\s+(?:called|named)\s+`, 'giu'),
    read: (rest, match) => named(relationSubject(match[2]!, match[1]), readNames(rest, true).slice(0, 1)),
  },
  {
    // "my kids are called Ana and Leo".
    attribute: 'name',
    cue: new RegExp(String.raw`${my}${qualifier}${relation}\s+are\s+(?:called|named)\s+`, 'giu'),
    read: (rest, match) => named(relationSubject(match[2]!, match[1]), readNames(rest, true)),
  },
  {
    // "I renamed my dog Max", "we renamed the puppy Biscuit", "I renamed my dog from Rex to Max".
    attribute: 'name',
    cue: new RegExp(String.raw`\b(?:i|we)(?=[\s'])\s*(?:have\s+|'ve\s+|just\s+|finally\s+|recently\s+|actually\s+)*(?:renamed|re-named)\s+(?:my|our|the)\s+${qualifier}${relation}\s+(?:(?:from\s+(\p{Lu}[\p{L}'-]*)\s+)?to\s+)?`, 'giu'),
    read: (rest, match) => {
      const name = readName(rest, { allowLowercase: true });
      if (!name) return [];
      return [{ subject: relationSubject(match[2]!, match[1]), value: name, isUpdate: true, ...(match[3] ? { replaces: { attribute: 'name' as const, value: match[3] } } : {}) }];
    },
  },
  {
    // "we changed the dog's name to Max".
    attribute: 'name',
    cue: new RegExp(String.raw`\b(?:i|we)(?=[\s'])\s*(?:have\s+|'ve\s+|just\s+)*changed\s+(?:my|our|the)\s+${qualifier}${relation}['’]s\s+name\s+to\s+`, 'giu'),
    read: (rest, match) => {
      const name = readName(rest, { allowLowercase: true });
      return name ? [{ subject: relationSubject(match[2]!, match[1]), value: name, isUpdate: true }] : [];
    },
  },
  {
    // "I changed my name to Sam".
    attribute: 'name',
    cue: /\bi\s+(?:have\s+|'ve\s+|just\s+|legally\s+)*changed\s+my\s+name\s+to\s+/gi,
    read: (rest) => {
      const name = readName(rest, { allowLowercase: true });
      return name ? [{ subject: VISITOR_SUBJECT, value: name, isUpdate: true }] : [];
    },
  },
  {
    // "I have a dog", "we've got two cats": a pet or person without a name (named ones are above).
    attribute: 'has',
    cue: new RegExp(String.raw`\b(?:i|we)(?=[\s'])\s*(?:have|'ve got|have got|own|also have)\s+((?:a|an|one|two|three|four|five|six|\d)\s+(?:\w+\s+)?${relation})\b(?!\s*(?:called|named|,|:))(?!${whereabouts}\s+(?:called|named))`, 'giu'),
    read: (rest, match) => (readName(rest, { allowLowercase: false }) ? [] : [{ subject: VISITOR_SUBJECT, value: match[1]!.toLowerCase() }]),
  },
];
