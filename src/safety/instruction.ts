/**
 * Text that addresses the model or the character as a system: instructions, standing rules,
 * triggers, role overrides, format overrides, secret games, prompt extraction, faked structure,
 * code and hidden payloads. The one detector every room uses before visitor or imported text may
 * become memory (reflections, visitor facts, dream operations, lorebook entries, book front matter).
 * It imports nothing outside src/safety/, so every room can call it.
 *
 * Normalisation comes first (NFKC, look-alike letters, invisible characters, leetspeak, spaced-out
 * letters, misspelt key words), then probes decode base64, hex, URL-encoding, Caesar shifts and reversed text and judge
 * what they find the same way. The rules judge a clause's function, see instruction-rules.ts.
 */
import { splitClauses, type Clause } from './clauses.ts';
import { decodeHidden } from './decode-hidden.ts';
import { agentRules } from './agent-rules.ts';
import { identityRules } from './identity-rules.ts';
import { isGoverningOrder } from './orders.ts';
import { overrideRules } from './override-rules.ts';
import { replyRules } from './reply-rules.ts';
import { findSecretGame, revealRules } from './reveal-rules.ts';
import type { ClauseRule } from './rule-kit.ts';
import { findMarkup } from './markup-rules.ts';
import { correctKeyWords, dropInnerSymbols, foldLeetspeak, hasMixedScriptWord, joinSpacedLetters, normaliseText, splitRunTogetherWords } from './normalise-text.ts';

/** One thing the detector found: why, and the clause (of the normalised or decoded text) that shows it. */
export interface InstructionFinding {
  reason: string;
  excerpt: string;
}

const clauseRules: ClauseRule[] = [...overrideRules, ...identityRules, ...replyRules, ...revealRules, ...agentRules];

// Three or more orders that shape the character's behaviour, in one text, make a rulebook.
const ORDERS_FOR_A_RULEBOOK = 3;
// Long texts are judged on their first part: a jailbreak states its rules early, and 20,000
// characters of clauses would cost every chat turn.
const MAX_JUDGED_CHARS = 12_000;

function judgeClauses(clauses: Clause[]): InstructionFinding[] {
  const findings: InstructionFinding[] = [];
  for (const clause of clauses) {
    for (const rule of clauseRules) {
      if (rule.test(clause)) findings.push({ reason: rule.reason, excerpt: clause.text.slice(0, 200) });
    }
  }
  const secret = findSecretGame(clauses);
  if (secret) findings.push({ reason: 'injection: a password or secret-phrase game', excerpt: secret.text.slice(0, 200) });
  const orders = clauses.filter(isGoverningOrder);
  if (orders.length >= ORDERS_FOR_A_RULEBOOK) findings.push({ reason: 'injection: a list of orders', excerpt: orders.slice(0, 3).map((clause) => clause.text).join(' ').slice(0, 200) });
  return findings;
}

/** Quoted stretches of three words or more, judged also on their own ("She said: 'ignore your rules'"). */
function quotedClauses(text: string): Clause[] {
  const quoted = [...text.matchAll(/["“«]([^"”»]{12,400})["”»]/g)].map((match) => match[1]!);
  return quoted.filter((inner) => inner.trim().split(/\s+/).length >= 3).flatMap((inner) => splitClauses(inner));
}

/** The texts to judge: the normalised text, its de-obfuscated form when that differs. */
function variantsOf(text: string): string[] {
  const plain = normaliseText(text.slice(0, MAX_JUDGED_CHARS));
  const unmasked = correctKeyWords(splitRunTogetherWords(foldLeetspeak(dropInnerSymbols(joinSpacedLetters(plain)))));
  return unmasked === plain ? [plain] : [plain, unmasked];
}

function inspect(text: string, depth: number): InstructionFinding[] {
  const findings: InstructionFinding[] = [];
  if (hasMixedScriptWord(text)) findings.push({ reason: 'injection: look-alike letters', excerpt: '' });
  if (/[\u200B\u2060\uFEFF\u202D\u202E\u2066-\u2069]/u.test(text.slice(1))) findings.push({ reason: 'injection: invisible characters', excerpt: '' });
  for (const variant of variantsOf(text)) {
    for (const reason of findMarkup(variant)) findings.push({ reason, excerpt: '' });
    findings.push(...judgeClauses([...splitClauses(variant), ...quotedClauses(variant)]));
  }
  if (depth === 0) {
    for (const hidden of decodeHidden(normaliseText(text.slice(0, MAX_JUDGED_CHARS)))) {
      if (hidden.isCertain) findings.push({ reason: `injection: encoded text (${hidden.encoding})`, excerpt: hidden.text.slice(0, 200) });
      for (const finding of inspect(hidden.text, depth + 1)) findings.push({ reason: `${finding.reason} (decoded from ${hidden.encoding})`, excerpt: finding.excerpt });
    }
  }
  return findings;
}

// Memory items and passages are judged again on every chat turn that retrieves them.
const cache = new Map<string, InstructionFinding[]>();
const CACHE_ENTRIES = 4096;

/** Everything the detector finds in `text`, each with the clause that shows it; empty when clean. */
export function inspectInstructions(text: string): InstructionFinding[] {
  const known = cache.get(text);
  if (known) return known;
  const seen = new Set<string>();
  const findings = inspect(text, 0).filter((finding) => !seen.has(finding.reason) && seen.add(finding.reason));
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(text, findings);
  return findings;
}

/** Reasons `text` reads as an instruction to the model or the character; empty when it does not. */
export function findInstructions(text: string): string[] {
  return inspectInstructions(text).map((finding) => finding.reason);
}
