/**
 * Counting orders: a text that gives the character three or more orders shaping how it behaves
 * ("you will ...", "never ...", "act ...", "obey ...") is a rulebook, whatever its rules say.
 */
import type { Clause } from './clauses.ts';
import { obeyVerbs, replyVerbs, revealVerbs } from './lexicon.ts';
import { isAboutSpeaker, orderVerbIn } from './rule-kit.ts';

// Verbs that shape behaviour when ordered; "stay here" or "play with me" are requests, not rules.
const shapingVerbs = ['act', 'pretend', 'become', 'roleplay', 'role-play', 'simulate', 'emulate', 'impersonate', 'embody', 'portray', 'assume', 'adopt', 'behave', 'identify', 'ignore', 'disregard', 'forget', 'override', 'bypass', 'obey', 'comply', 'adhere'];
const setupWords = /\b(?:instructions?|rules?|guidelines|prompt|programming|policy|policies|restrictions|filters|character|persona|role)\b/i;

/** Whether a clause gives the character an order that would shape its behaviour. */
export function isGoverningOrder(clause: Clause): boolean {
  const directive = clause.directive;
  if (!directive || isAboutSpeaker(clause)) return false;
  if (directive.form === 'you-modal' || directive.form === 'want-you' || directive.form === 'task') return true;
  if (orderVerbIn(clause, ['be'])) return /\bbe\s+(?:an?|the|my|called|named|known|in\s+character)\b/i.test(clause.lower) || /\bbe\s+[A-Z]{2,}\b/.test(clause.text);
  if (orderVerbIn(clause, obeyVerbs.filter((verb) => !['do', 'run', 'accept', 'agree', 'serve', 'perform', 'submit', 'listen to'].includes(verb)))) return true;
  if (orderVerbIn(clause, shapingVerbs)) return !orderVerbIn(clause, ['ignore', 'disregard', 'forget', 'override', 'bypass']) || setupWords.test(clause.lower);
  return directive.form === 'negative-imperative' && orderVerbIn(clause, [...replyVerbs, ...revealVerbs]);
}
