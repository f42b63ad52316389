import { findInstructions } from '../../safety/instruction.ts';
import type { FactRule } from './fact-rule.ts';
import { factSlot, normalizeValue, type SpokenFact } from './fact-types.ts';
import { eventRules, likingRules, placeAndWorkRules } from './life-rules.ts';
import { peopleRules } from './people-rules.ts';

const rules: FactRule[] = [...peopleRules, ...placeAndWorkRules, ...likingRules, ...eventRules];

/** Splits a message into sentences at ., ! and ? followed by space, and at line breaks. */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?…]["”’')\]]*)\s+/u))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

const clauseStarts = String.raw`(?:i|i'm|i've|i'd|i'll|im|my|we|we're|we've|our|it|it's|its|now|then|what|what's|who|where|when|how|why|do|does|did|are|is|can|could|would|will|have|has|you|that|this|since|because|though|although|not|but|please|everyone|everybody|people|call)`;
const clauseBoundary = new RegExp(
  String.raw`\s*[;:]\s+|\s+[–—-]\s+|,\s*(?=(?:and\s+|but\s+|so\s+|though\s+|although\s+)?${clauseStarts}\b)|\s+(?:and|so|because|though|although|whereas|while|yet|or)\s+(?=(?:i|i'm|i've|i'd|im|my|we|we're|we've|our|now|then|it's|it is)\b)|\s+but\s+`,
  'i',
);

/** A clause: part of a sentence that states one thing, with what is known of how it is said. */
interface Clause {
  text: string;
  isQuestion: boolean;
}

/** The clauses of a sentence; the last one of a sentence ending in "?" is a question, and so is one that asks. */
export function splitClauses(sentence: string): Clause[] {
  const parts = sentence.split(clauseBoundary).map((part) => part.trim()).filter((part) => part.length > 0);
  const endsInQuestion = /\?["”’')\]]*\s*$/.test(sentence);
  return parts.map((text, index) => ({
    text,
    isQuestion: /\?/.test(text) || (endsInQuestion && index === parts.length - 1) || (endsInQuestion && /^(?:do|does|did|is|are|was|were|can|could|would|will|shall|should|have|has|may|am|what|who|where|when|why|how|which)\b/i.test(text)),
  }));
}

// Before a cue: words that deny it, doubt it, put it in the past or in someone else's mouth.
const negation = /\b(?:not|never|no|nobody|neither|nor|hardly|without)\b|n't\b|\bdont\b|\bcannot\b/i;
const hypothetical = /\b(?:if|unless|would|could|might|maybe|perhaps|wish|wished|hope|hoping|want|wanted|wanna|plan|planning|dream|dreaming|imagine|imagining|suppose|supposing|pretend|pretending|someday|one day|were to|what if|whether|should|may)\b|'d\b/i;
const past = /\b(?:used to|once|when i was|back when|as a (?:child|kid|boy|girl)|years ago|in my youth)\b/i;
const reported = /\b(?:says|said|tells|told|thinks|thought|believes|believed|claims|claimed|reckons|insists)\b/i;

/** Why the words before a cue keep it from being the visitor's fact, or null when nothing does. */
function blockedBy(before: string, rule: FactRule): string | null {
  if (!rule.handlesNegation && negation.test(before)) return 'negated';
  if (!rule.allowsHypothetical && hypothetical.test(before)) return 'hypothetical';
  if (past.test(before) && rule.attribute !== 'no_longer_works_as') return 'past';
  if (reported.test(before)) return 'reported';
  return null;
}

/** A value that itself negates or instructs is no value ("my name is not important"). */
function isUsable(value: string): boolean {
  return value.trim().length > 0 && !/^(?:not|no|never|none)\b/i.test(value) && findInstructions(value).length === 0;
}

/**
 * Changes whenever `extractSpokenFacts` would read other facts from the same message: facts kept
 * in the journal with an older version are read again from their turn's text.
 */
export const FACT_EXTRACTOR_VERSION = 2;

/**
 * The facts a visitor states about themselves in one message, with no model: their name and what
 * they like to be called, their named pets and people, where they live and come from, their work
 * and studies, likes and dislikes (and what they stopped liking), plans with dates, birthday, age.
 * Questions, negations, hypotheticals, the past, reported speech and other people's facts ("my
 * friend lives in Paris") yield nothing, and neither does a sentence that reads as an instruction.
 */
export function extractSpokenFacts(message: string): SpokenFact[] {
  const facts: SpokenFact[] = [];
  const normalised = message
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[ \t]+/g, ' ')
    // Contractions typed without their apostrophe.
    .replace(/\bIm\b|\bim\b(?=\s+(?:a|an|from|the|not|so|very|really|\d))/g, "I'm")
    .replace(/\b(?:i|I)ve\b/g, "I've")
    .replace(/\b(don|can|doesn|isn|won)t\b/gi, "$1't");
  for (const sentence of splitSentences(normalised)) {
    if (findInstructions(sentence).length > 0) continue;
    for (const clause of splitClauses(sentence)) {
      if (clause.isQuestion) continue;
      for (const rule of rules) {
        rule.cue.lastIndex = 0;
        for (const match of clause.text.matchAll(rule.cue)) {
          const start = match.index ?? 0;
          if (blockedBy(clause.text.slice(0, start), rule)) continue;
          const rest = clause.text.slice(start + match[0].length);
          for (const read of rule.read(rest, match as RegExpExecArray)) {
            if (!isUsable(read.value)) continue;
            facts.push({ ...read, attribute: read.attribute ?? rule.attribute, isUpdate: read.isUpdate ?? rule.isUpdate ?? false, value: read.value.trim() });
          }
        }
      }
    }
  }
  return linkReplacements(dedupe(facts));
}

/** One fact per subject, attribute and value; a name read by two cues is one name. */
function dedupe(facts: SpokenFact[]): SpokenFact[] {
  const byKey = new Map<string, SpokenFact>();
  for (const fact of facts) {
    const key = `${fact.subject}\u0000${fact.attribute}\u0000${normalizeValue(fact.value)}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, fact);
    else if (fact.isUpdate || fact.replaces) byKey.set(key, { ...known, isUpdate: known.isUpdate || fact.isUpdate, ...(fact.replaces ? { replaces: fact.replaces } : {}) });
  }
  // "I like tea" inside "I don't like tea any more" is the same words read by a weaker cue.
  const retracted = new Set([...byKey.values()].filter((fact) => fact.attribute.startsWith('no_longer_') || fact.attribute === 'dislikes').map((fact) => normalizeValue(fact.value)));
  const kept = [...byKey.values()].filter((fact) => fact.attribute !== 'likes' || !retracted.has(normalizeValue(fact.value)) || fact.isUpdate);
  // "I'm a teacher, I teach French": one slot said twice, the fuller value stays.
  return kept.filter((fact) => !kept.some((other) => other !== fact && factSlot(other) === factSlot(fact) && isFuller(other.value, fact.value)));
}

function isFuller(longer: string, shorter: string): boolean {
  const [big, small] = [normalizeValue(longer), normalizeValue(shorter)];
  return big.length > small.length && new RegExp(`(?:^|\\s)${small.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|\\s)`).test(big);
}

/**
 * "I stopped drinking tea, it is only lemonade now": the new liking replaces the one stopped, said
 * in the same breath, and the stopping itself needs no memory of its own.
 */
function linkReplacements(facts: SpokenFact[]): SpokenFact[] {
  // "I'm not a teacher any more, I'm a nurse now": the new job says it all, and retires the old one.
  const replaced = (base: string) => facts.some((fact) => fact.attribute === base);
  facts = facts.filter((fact) => !(fact.attribute === 'no_longer_works_as' && replaced('works_as')) && !(fact.attribute === 'no_longer_lives_in' && replaced('lives_in')));
  const stopped = facts.filter((fact) => fact.attribute === 'no_longer_likes');
  const replacement = facts.find((fact) => fact.attribute === 'likes' && fact.isUpdate && !fact.replaces);
  if (stopped.length !== 1 || !replacement) return facts;
  const [old] = stopped;
  return facts
    .filter((fact) => fact !== old)
    .map((fact) => (fact === replacement ? { ...fact, replaces: { attribute: 'likes' as const, value: old!.value } } : fact));
}
