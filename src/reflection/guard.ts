import type { Card } from '../characters/card.ts';
import type { GuardVerdict } from '../memory/types.ts';
import { findInstructions } from '../safety/instruction.ts';
import { sharesWordRun, wordRuns } from './word-runs.ts';

/** A named pattern; the name becomes the reason when it matches. */
interface Rule {
  reason: string;
  pattern: RegExp;
}

// Speaking as an AI or as somebody other than the character.
const personaRules: Rule[] = [
  { reason: 'persona drift: speaks as an AI', pattern: /\b(as an? |i am an? |i'm an? |i am just an? |being an? )(ai|a\.i\.|artificial intelligence|(?:large )?language model|llm|ai assistant|virtual assistant|chatbot|chat bot|assistant|computer program|bot)\b/i },
  { reason: 'persona drift: speaks as an AI', pattern: /\b(openai|chatgpt|gpt-?[0-9]|anthropic|claude|my training data|my programming)\b/i },
];

// Cruelty and harm the constitutions forbid.
const constitutionRules: Rule[] = [
  { reason: 'constitution: cruelty', pattern: /\b(kill|murder|exterminate|destroy|hurt) (all|every|the) (humans?|people|visitors?|creatures?)\b/i },
  { reason: 'constitution: cruelty', pattern: /\bi hate (all )?(humans|people|everyone|mankind)\b/i },
  { reason: 'constitution: harmful content', pattern: /\b(malware|ransomware|keylogger|phishing)\b/i },
];

const emailPattern = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;
// Seven or more digits, allowing spaces, dots, dashes and brackets between them.
const phonePattern = /(?:\+?\d[\s().-]*){7,}/;
const urlPattern = /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(?:com|net|org|xyz|io|info|biz|ru|co)\b/i;

function matchRules(text: string, rules: Rule[]): string[] {
  return rules.filter((rule) => rule.pattern.test(text)).map((rule) => rule.reason);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `text` contains `term` as a whole word, ignoring case. */
export function containsTerm(text: string, term: string): boolean {
  const trimmed = term.trim();
  if (trimmed.length < 2) return false;
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(trimmed)}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

/** Reasons a text carries private data: emails, phone numbers, links, or any of the given terms. */
export function findPrivateData(text: string, privateTerms: string[] = []): string[] {
  const reasons: string[] = [];
  if (emailPattern.test(text)) reasons.push('privacy: email address');
  if (phonePattern.test(text)) reasons.push('privacy: phone number');
  if (urlPattern.test(text)) reasons.push('privacy: link');
  for (const term of privateTerms) {
    if (containsTerm(text, term)) reasons.push(`privacy: private term "${term}"`);
  }
  return reasons;
}

/** What the guard needs to judge a draft. */
export interface GuardContext {
  card: Card;
  /** Private details (a visitor's name, town, pet...) that must not appear in shareable text. */
  privateTerms?: string[];
  /** Visitor text that did not pass the guard: a draft carrying six words of it in a row is refused. */
  unquotable?: string[];
}

/** The guard's judgement on a draft. */
export interface GuardResult {
  verdict: GuardVerdict;
  reasons: string[];
}

/**
 * Checks a draft reflection before it may become memory: injected instructions, jailbreak
 * personas, speaking as an AI or as another named person, cruelty, and private data.
 */
export function checkDraft(text: string, context: GuardContext): GuardResult {
  const reasons: string[] = [];
  if (text.trim().length === 0) reasons.push('empty draft');
  reasons.push(...findInstructions(text));
  reasons.push(...matchRules(text, personaRules));
  reasons.push(...matchRules(text, constitutionRules));
  reasons.push(...findOtherIdentity(text, context.card));
  reasons.push(...findPrivateData(text, context.privateTerms));
  if (context.unquotable && context.unquotable.length > 0 && sharesWordRun(text, new Set(context.unquotable.flatMap((unquotable) => [...wordRuns(unquotable)])))) {
    reasons.push('injection: carries visitor words that did not pass the guard');
  }
  const unique_ = unique(reasons);
  return { verdict: unique_.length === 0 ? 'accepted' : 'quarantined', reasons: unique_ };
}

/** A first-person claim to another name ("my name is Bob") in a reflection written as the character. */
function findOtherIdentity(text: string, card: Card): string[] {
  const ownNames = [card.data.name, ...card.data.extensions.reverie.aliases].map((name) => name.toLowerCase());
  const reasons: string[] = [];
  for (const match of text.matchAll(/\b(?:[Mm]y name is|[Cc]all me|[Ii] am called|[Ii]'m called)\s+([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?)/gu)) {
    const claimed = (match[1] ?? '').toLowerCase();
    const isOwn = ownNames.some((name) => name === claimed || name.split(/\s+/).includes(claimed) || claimed.split(/\s+/).includes(name));
    if (!isOwn) reasons.push(`persona drift: claims to be "${match[1]}"`);
  }
  return reasons;
}

/** The scanner's judgement on a visitor's message. */
export interface VisitorScan {
  isSuspicious: boolean;
  reasons: string[];
}

/**
 * Flags visitor text that tries to instruct or re-cast the character, so chat reflection neither
 * quotes it nor learns from it.
 */
export function scanVisitorText(text: string): VisitorScan {
  const reasons = unique([
    ...findInstructions(text),
    ...matchRules(text, personaRules).filter((reason) => !/speaks as an AI/.test(reason) || /\b(openai|chatgpt|gpt|anthropic|claude)\b/i.test(text)),
    ...matchRules(text, constitutionRules),
  ]);
  return { isSuspicious: reasons.length > 0, reasons };
}
