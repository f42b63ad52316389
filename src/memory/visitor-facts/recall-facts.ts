import type { MemoryItem } from '../types.ts';
import { factFieldsOf } from './fact-items.ts';
import { describeFact, describeFormerFact, type FactPerson } from './fact-text.ts';
import { factSlot, normalizeValue, VISITOR_SUBJECT, type FactFields } from './fact-types.ts';

/** A visitor fact as the chat uses it: its fields, a sentence for the visitor, and what it replaced. */
export interface FactView extends FactFields {
  id: string;
  /** Second person ("Your dog is called Max."), safe to show the visitor it belongs to. */
  text: string;
  /** ISO time it was said. */
  validFrom: string;
  /** ISO time the visitor's words retired it, for former facts. */
  validTo?: string;
  /** The value it replaced ("Rex" for "Max"). */
  previous?: string;
}

/** The facts a visitor told, as they stand now and as they were. */
export interface VisitorFacts {
  /** What holds now: one value per slot, newest first within a slot. */
  current: FactView[];
  /** What the visitor said before and changed, newest first. */
  former: FactView[];
}

function view(item: MemoryItem, fields: FactFields, person: FactPerson = 'second'): FactView {
  return {
    ...fields,
    id: item.id,
    text: person === 'second' && item.subject ? item.text : describeFact(fields, person),
    validFrom: item.validFrom ?? item.createdAt,
    ...(item.validTo ? { validTo: item.validTo } : {}),
  };
}

const newestFirst = (left: FactView, right: FactView): number => right.validFrom.localeCompare(left.validFrom) || right.id.localeCompare(left.id);

/**
 * Sorts a visitor's fact items (superseded ones included) into current and former facts. A slot
 * holds one current value even when marks were lost (a memory version written before the change
 * was said): the newest wins. The same value said twice is one fact.
 */
export function sortVisitorFacts(items: readonly MemoryItem[]): VisitorFacts {
  const views = items.flatMap((item) => {
    const fields = factFieldsOf(item);
    return fields ? [{ item, view: view(item, fields) }] : [];
  });
  const isRetired = (entry: { item: MemoryItem }) => entry.item.supersededBy !== undefined;
  const current: FactView[] = [];
  // Per slot: the values said last (several when said together: "two cats, Tom and Jerry").
  const seenSlots = new Map<string, { values: Set<string>; saidAt: string }>();
  const former = views.filter(isRetired).map((entry) => entry.view).sort(newestFirst);
  for (const { view: fact } of views.filter((entry) => !isRetired(entry)).sort((left, right) => newestFirst(left.view, right.view))) {
    const slot = factSlot(fact);
    const value = normalizeValue(fact.value);
    const held = seenSlots.get(slot);
    if (held === undefined) seenSlots.set(slot, { values: new Set([value]), saidAt: fact.validFrom });
    else if (held.values.has(value)) continue;
    else if (held.saidAt === fact.validFrom) held.values.add(value);
    else {
      former.push({ ...fact, validTo: fact.validTo ?? held.saidAt });
      continue;
    }
    current.push(fact);
  }
  former.sort(newestFirst);
  for (const fact of current) {
    const replaced = views.find((entry) => entry.item.supersededBy === fact.id && normalizeValue(entry.view.value) !== normalizeValue(fact.value))?.view
      ?? former.find((old) => factSlot(old) === factSlot(fact) && normalizeValue(old.value) !== normalizeValue(fact.value));
    if (replaced) fact.previous = replaced.value;
  }
  return { current: current.sort((left, right) => order(left) - order(right) || newestFirst(left, right)), former };
}

const attributeOrder = ['name', 'preferred_name', 'comes_from', 'lives_in', 'works_as', 'works_at', 'studies', 'studies_at', 'age', 'birthday', 'event', 'likes', 'dislikes'];
function order(fact: FactFields): number {
  const position = attributeOrder.indexOf(fact.attribute);
  return (fact.subject === VISITOR_SUBJECT ? 0 : 100) + (position < 0 ? 50 : position);
}

const pastCue = /\b(?:before|previously|used to|formerly|originally|at first|in the past|earlier|old name|former|first name you knew|back then|until)\b|\bwhat was\b.*\bbefore\b/i;

/** Whether a question asks about what used to hold ("what was my dog called before?"). */
export function asksAboutThePast(question: string): boolean {
  return pastCue.test(question);
}

// Words of a question that point at an attribute.
const attributeCues: Array<[RegExp, string[]]> = [
  [/\b(?:name|called|call me|who am i|named)\b/i, ['name', 'preferred_name']],
  [/\b(?:live|living|home|where am i|moved|address)\b/i, ['lives_in', 'no_longer_lives_in']],
  [/\b(?:from|come from|born|grew up|hometown|origin)\b/i, ['comes_from']],
  [/\b(?:work|job|do for a living|profession|career|occupation)\b|\bwhat (?:do )?i do\b(?! (?:now|next|about|with|if|when|then)\b)/i, ['works_as', 'works_at', 'no_longer_works_as']],
  [/\b(?:study|studies|studying|university|college|school|degree|major)\b/i, ['studies', 'studies_at']],
  [/\b(?:like|love|enjoy|favou?rite|into|drink|eat|hobby|hobbies|fan)\b/i, ['likes', 'no_longer_likes']],
  [/\b(?:hate|dislike|can't stand)\b/i, ['dislikes']],
  [/\b(?:when|exam|test|plan|plans|coming up|appointment|wedding|trip|interview|event)\b/i, ['event', 'birthday']],
  [/\b(?:old|age)\b/i, ['age']],
  [/\b(?:birthday)\b/i, ['birthday']],
  [/\b(?:pet|pets|animal|have)\b/i, ['has']],
];

/** How much a question asks about a fact: its subject named, or a word pointing at its attribute. */
export function relevanceTo(question: string, fact: FactFields): number {
  const lower = question.toLowerCase();
  let score = 0;
  if (fact.subject !== VISITOR_SUBJECT && new RegExp(`\\b${fact.subject.split(' ').at(-1)!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?\\b`).test(lower)) score += 2;
  for (const [cue, attributes] of attributeCues) if (cue.test(question) && attributes.includes(fact.attribute)) score += 1;
  if (lower.includes(normalizeValue(fact.value)) && normalizeValue(fact.value).length > 2) score += 1;
  return score;
}

/** The facts that answer a question first, then the rest as they were; former ones only when the past is asked. */
export function recallForQuestion(facts: VisitorFacts, question: string): { current: FactView[]; former: FactView[] } {
  const ranked = facts.current.map((fact, index) => ({ fact, index, score: relevanceTo(question, fact) })).sort((left, right) => right.score - left.score || left.index - right.index);
  const former = asksAboutThePast(question)
    ? facts.former.map((fact) => ({ fact, score: relevanceTo(question, fact) })).filter((entry) => entry.score > 0).sort((left, right) => right.score - left.score).map((entry) => entry.fact)
    : [];
  return { current: ranked.map((entry) => entry.fact), former };
}

/** What to call the visitor: the name they asked to be called by, else their name. */
export function visitorName(facts: VisitorFacts): string | undefined {
  const find = (attribute: string) => facts.current.find((fact) => fact.subject === VISITOR_SUBJECT && fact.attribute === attribute)?.value;
  return find('preferred_name') ?? find('name');
}

/** A former fact as a sentence, in the second or third person. */
export function describeFormer(fact: FactView, person: FactPerson): string {
  return describeFormerFact(fact, person);
}
