import type { z } from 'zod';
import { cardSchema, type Card } from './card.ts';
import { CardError, type CardProblem } from './card-error.ts';

/** Turns zod issues into card problems whose path is dotted (`data.tags.3`). */
export function issuesToProblems(source: string, issues: readonly z.core.$ZodIssue[]): CardProblem[] {
  return issues.map((issue) => ({
    source,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses JSON text, throwing a CardError that names the source when it is not JSON. */
export function parseCardJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw CardError.of(source, '', `not valid JSON (${reason})`, error);
  }
}

/**
 * Validates parsed card JSON against the Character Card V3 schema with our extension.
 * Throws a CardError listing every problem, each as `source: field.path: what is wrong`.
 */
export function validateCard(json: unknown, source: string): Card {
  const result = cardSchema.safeParse(json);
  if (!result.success) {
    throw new CardError(issuesToProblems(source, result.error.issues), { cause: result.error });
  }
  return result.data;
}
