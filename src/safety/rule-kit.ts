/**
 * What every rule of the instruction detector is built from: the rule shape, and the features of a
 * clause that several rules share (is it an order, which verb, is it spoken to "you", does a first
 * person speak of themselves).
 */
import type { Clause } from './clauses.ts';
import { secondPerson, standingMarkers, words } from './lexicon.ts';

/** A rule: the reason it gives and whether a clause shows it. */
export interface ClauseRule {
  reason: string;
  test(clause: Clause): boolean;
}

/** A case-insensitive pattern from a source string. */
export const re = (source: string): RegExp => new RegExp(source, 'i');

/** A word class with its common inflections (-s, -es, -ed, -d, -ing, and doubled: forgetting, dropped). */
export const inflected = (list: readonly string[]): string => `(?:${words(list)})(?:s|es|ed|d|ing|ting|ping|ped|ted)?`;

/** Second-person words: the clause speaks to the character. */
export const spokenToYou = re(String.raw`\b(?:${words(secondPerson)})\b`);

/** Markers of a rule that outlasts the message. */
export const standingRule = re(String.raw`\b(?:${words(standingMarkers)})\b`);

const firstPersonOpening = /^\s*(?:i|i'm|i've|i'd|i'll|im|we|we're|we've|my|our|me)\b/i;

/** Whether a clause is the speaker talking about themselves ("I pretend to be a pirate with my son"). */
export function isAboutSpeaker(clause: Clause): boolean {
  return firstPersonOpening.test(clause.lower) && clause.directive?.form !== 'want-you';
}

/** Whether the clause gives an order in any form. */
export const isOrder = (clause: Clause): boolean => clause.directive !== null;

/** Whether the clause's order turns on one of `verbs`. */
export function orderVerbIn(clause: Clause, verbs: readonly string[]): boolean {
  const verb = clause.directive?.verb;
  return verb !== undefined && verbs.some((candidate) => verb === candidate || verb.startsWith(`${candidate} `));
}
