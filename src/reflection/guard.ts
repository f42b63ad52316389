import type { Card } from '../characters/card.ts';
import type { GuardVerdict } from '../memory/types.ts';

/** A named pattern; the name becomes the reason when it matches. */
interface Rule {
  reason: string;
  pattern: RegExp;
}

// Instructions aimed at the model or the character: goal hijacking, prompt leaking, role overrides.
const injectionRules: Rule[] = [
  { reason: 'injection: ignore previous instructions', pattern: /\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,60}\b(instructions?|directions|rules|guidelines|prompts?|programming|policies|everything (?:you|i) (?:were|was|have been) told)\b/i },
  { reason: 'injection: role override', pattern: /\b(from now on|starting now|henceforth)\b[^.!?\n]{0,40}\b(you|i)\b[^.!?\n]{0,12}\b(are|will|shall|must|am)\b/i },
  { reason: 'injection: role override', pattern: /\b(you are|you're|i am|i'm)\s+(now|going to|about to)\s+(act|be|play|pretend|immerse|become|roleplay)\b/i },
  { reason: 'injection: role override', pattern: /\b(act as|pretend to be|pretend you are|roleplay as|role of another ai|simulate (?:being|a))\b/i },
  { reason: 'injection: system prompt', pattern: /\b(system|initial|starting|original|hidden|secret)[ _-]?(prompt|message|instructions?|configuration|config)\b/i },
  { reason: 'injection: system prompt', pattern: /\b(?:your|the|my) (?:instructions|prompt)\b[^.!?\n]{0,40}\b(?:repeat|print|output|show|reveal|display|encode|translate)\b|\b(?:repeat|print|output|show|reveal|display|encode|translate)\b[^.!?\n]{0,40}\b(?:instructions|prompt)\b/i },
  { reason: 'injection: jailbreak persona', pattern: /\b(DAN|DUDE|STAN|ANTI-DAN)\b/ },
  { reason: 'injection: jailbreak persona', pattern: /\b(do anything now|developer mode|dev mode|jailbreak\w*|jailbroken|maintenance mode|debug mode|god mode|unfiltered mode|no restrictions|without (?:any )?restrictions|broken free|content polic(?:y|ies))\b/i },
  { reason: 'injection: authority claim', pattern: /\b(administrator|admin|developer|system) (override|access|command)\b/i },
  { reason: 'injection: output command', pattern: /\b(just|now) (say|print|output|type|write)\s*[:"“']/i },
  { reason: 'injection: output command', pattern: /\bstop everything\b/i },
  { reason: 'injection: output command', pattern: /\b(console\.log|base64|rot13)\b|<\/?system/i },
  { reason: 'injection: output command', pattern: /\b(?:begin|start) your (?:answer|reply|response) with\b/i },
  { reason: 'injection: prompt leaking', pattern: /\b(?:output|repeat|print|show|display|copy)\b[^.!?\n]{0,30}\b(?:text|everything|conversation|words?|message) (?:above|before|so far)\b|\brepeat (?:this|the) (?:entire |whole )?conversation\b|\bword for word\b|\b(?:repeat|output|print|show)\b[^.!?\n]{0,12}\b(?:above|previous|preceding) (?:text|message|conversation)\b/i },
  { reason: 'injection: output tampering', pattern: /\b(?:add|include|modify|integrate|insert|append|mention|use|replace|rearrange|provide|write|format|encode|translate|anagram|suggest|promote|end|conclude|embed|remove|misspell|substitute|group|structure|present|deliver|respond|reply|answer)\b[^.!?\n]{0,80}\b(?:in|to|into|throughout|within|of|for)? ?your (?:answers?|responses?|replies|reply|output|text)\b/i },
  { reason: 'injection: prompt leaking', pattern: /\bwhat (?:were|was|have) you (?:been )?(?:told|instructed|given|programmed)\b|\bi was (?:instructed|programmed|told) to'|\bnot supposed to (?:tell|say|reveal|show)\b|\binitiali[sz]ation (?:string|prompt|text)\b/i },
];

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
  reasons.push(...matchRules(text, injectionRules));
  reasons.push(...matchRules(text, personaRules));
  reasons.push(...matchRules(text, constitutionRules));
  reasons.push(...findOtherIdentity(text, context.card));
  reasons.push(...findPrivateData(text, context.privateTerms));
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
    ...matchRules(text, injectionRules),
    ...matchRules(text, personaRules).filter((reason) => !/speaks as an AI/.test(reason) || /\b(openai|chatgpt|gpt|anthropic|claude)\b/i.test(text)),
    ...matchRules(text, constitutionRules),
  ]);
  return { isSuspicious: reasons.length > 0, reasons };
}
