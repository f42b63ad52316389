import { PET_WORDS, UNIQUE_RELATIONS } from './fact-lexicon.ts';

/** What a visitor fact says about its subject. */
export type FactAttribute =
  | 'name'
  | 'preferred_name'
  | 'lives_in'
  | 'comes_from'
  | 'works_as'
  | 'works_at'
  | 'studies'
  | 'studies_at'
  | 'likes'
  | 'dislikes'
  | 'event'
  | 'birthday'
  | 'age'
  | 'has'
  | 'no_longer_likes'
  | 'no_longer_lives_in'
  | 'no_longer_works_as';

/** The subject of facts about the visitor themselves. */
export const VISITOR_SUBJECT = 'visitor';

/** One fact as the visitor said it, before it becomes a memory item. */
export interface SpokenFact {
  /** "visitor", or a relation of theirs ("dog", "older sister", "best friend"). */
  subject: string;
  attribute: FactAttribute;
  /** The value as said ("Rex", "Lyon", "sailing", "exam on Friday"). */
  value: string;
  /** Said as a change ("I renamed my dog Max", "I moved to Lyon"): it replaces what was held. */
  isUpdate: boolean;
  /** A value it replaces, said in the same breath ("I stopped drinking tea, it is only lemonade now"). */
  replaces?: { attribute: FactAttribute; value: string };
}

/** The fields of a fact, wherever they come from (a spoken fact, a memory item, a dataset row). */
export interface FactFields {
  subject: string;
  attribute: string;
  value: string;
}

const preferenceAttributes = new Set(['likes', 'dislikes', 'no_longer_likes']);
const singleValuedAttributes = new Set(['name', 'preferred_name', 'lives_in', 'comes_from', 'works_as', 'works_at', 'studies', 'studies_at', 'birthday', 'age']);
const retractionOf: Record<string, string> = { no_longer_lives_in: 'lives_in', no_longer_works_as: 'works_as' };

// The words of a preference that name the thing itself: "drinking tea" and "tea" are one liking.
const activityVerbs = /^(?:drinking|eating|playing|watching|reading|doing|having|listening to|going to|to drink|to eat|to play|to watch|to read|to do|to have|to listen to|to go to)\s+/;

const normalized = new Map<string, string>();

/** A value in the form facts are compared in: lowercase, without articles and leading activity verbs. */
export function normalizeValue(value: string): string {
  let result = normalized.get(value);
  if (result === undefined) {
    result = value
      .toLowerCase()
      .replace(/[’']/g, "'")
      .replace(/[.,!?;:"“”]+/g, ' ')
      .replace(/^\s*(?:the|a|an|some|my)\s+/, '')
      .replace(activityVerbs, '')
      .replace(/\s+/g, ' ')
      .trim();
    // Values repeat (every fact is compared with every other of its visitor); the cache stays bounded.
    if (normalized.size >= 50_000) normalized.clear();
    normalized.set(value, result);
  }
  return result;
}

/** Whether a relation has one holder at a time (a pet, a mother, a husband): a new name replaces the old. */
export function isUniqueSubject(subject: string): boolean {
  return subject === VISITOR_SUBJECT || PET_WORDS.has(subject) || UNIQUE_RELATIONS.has(subject);
}

/**
 * The slot a fact fills. Two facts in one slot with different values contradict each other, and
 * the newer one wins: one name, one home, one job; one liking per thing ("likes tea" and "no longer
 * likes tea" share a slot); one date per event. Names of relations a visitor may have several of
 * (sisters, friends) get one slot per name; see `isSameSlot` for a change said as such.
 */
export function factSlot(fact: FactFields): string {
  const subject = fact.subject.toLowerCase();
  const attribute = retractionOf[fact.attribute] ?? fact.attribute;
  if (preferenceAttributes.has(attribute)) return `${subject}|preference|${normalizeValue(fact.value)}`;
  if (attribute === 'event') return `${subject}|event|${eventName(fact.value)}`;
  if (attribute === 'has') return `${subject}|has|${normalizeValue(fact.value).replace(/^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+/, '')}`;
  if (attribute === 'name' && !isUniqueSubject(subject)) return `${subject}|name|${normalizeValue(fact.value)}`;
  if (singleValuedAttributes.has(attribute)) return `${subject}|${attribute}`;
  return `${subject}|${attribute}|${normalizeValue(fact.value)}`;
}

/** The event a plan is about, without its date: "exam on Friday" → "exam". */
export function eventName(value: string): string {
  return normalizeValue(value).split(/\s+(?:on|in|at|next|this|tomorrow|today|tonight|soon|later|from|until|by)\b/)[0]!.trim();
}

/**
 * Whether a newer fact takes an older one's place: the same slot, or, when the visitor said it as
 * a change ("my sister is now called Ana"), any name of the same relation.
 */
export function isSameSlot(older: FactFields, newer: FactFields & { isUpdate?: boolean }): boolean {
  if (newer.isUpdate && newer.attribute === 'name' && older.attribute === 'name') return older.subject.toLowerCase() === newer.subject.toLowerCase();
  return factSlot(older) === factSlot(newer);
}
