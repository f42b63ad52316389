import { z } from 'zod';

/** What a turn is meant to test; the report breaks the answer rate down by it. */
export const turnKinds = ['greeting', 'smalltalk', 'thanks', 'farewell', 'disclosure', 'recall', 'story', 'opinion', 'self', 'followup', 'outside', 'boundary'] as const;

/** An expectation: a word or phrase, or a list of alternatives of which one must appear. */
const expectation = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const turnSchema = z.object({
  say: z.string().min(1).max(1000),
  kind: z.enum(turnKinds),
  /** Every entry must appear in the reply; a list entry is satisfied by any one of its alternatives. */
  expect: z.array(expectation).default([]),
  /** None of these may appear (knowledge past the boundary, another visitor's facts). */
  forbid: z.array(z.string().min(1)).default([]),
});

const conversationSchema = z.object({
  id: z.string().min(1),
  character: z.string().min(1),
  turns: z.array(turnSchema).min(1),
});

/** A file of scripted conversations: `bench/fixtures/conversation/*.json`. */
export const conversationScriptSchema = z.object({
  part: z.string().min(1),
  note: z.string().optional(),
  conversations: z.array(conversationSchema).min(1),
});

/** One scripted visitor message and what its reply must hold. */
export type ScriptTurn = z.infer<typeof turnSchema>;
/** One scripted conversation with one character. */
export type ScriptConversation = z.infer<typeof conversationSchema>;
/** A part of the script (dev, held-out). */
export type ConversationScript = z.infer<typeof conversationScriptSchema>;

/** Parses and validates a script file's text. */
export function parseConversationScript(text: string): ConversationScript {
  return conversationScriptSchema.parse(JSON.parse(text));
}

/** Lowercase, straight apostrophes, hyphens and underscores as spaces: how replies and keywords are compared. */
export function normaliseForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[_*]/g, '')
    .replace(/[-–—]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a reply satisfies every expectation of a turn and contains nothing forbidden. */
export function isAnswered(reply: string, turn: Pick<ScriptTurn, 'expect' | 'forbid'>): boolean {
  const text = normaliseForMatch(reply);
  const has = (phrase: string) => text.includes(normaliseForMatch(phrase));
  const expected = turn.expect.every((entry) => (typeof entry === 'string' ? has(entry) : entry.some(has)));
  return expected && !turn.forbid.some(has);
}
