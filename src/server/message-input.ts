import { z } from 'zod';
import { AppError } from './app-error.ts';

// C0 controls other than tab, newline and carriage return, DEL, and lone surrogates.
const forbiddenCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const messageBodySchema = z.object({
  message: z.string({ error: 'message must be a string' }),
  visitorId: z.string().optional(),
  newConversation: z.boolean().optional(),
});

/** A visitor message that passed validation. */
export interface MessageInput {
  message: string;
  visitorId?: string;
  isNewConversation: boolean;
}

/** Validates a message body: a non-blank string of at most `maxChars`, without control characters. */
export function parseMessageInput(body: unknown, maxChars: number): MessageInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError(400, 'Send a JSON object: { "message": "..." }');
  const parsed = messageBodySchema.safeParse(body);
  if (!parsed.success) throw new AppError(400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  const message = parsed.data.message.trim();
  if (message === '') throw new AppError(400, 'message is empty');
  if (message.length > maxChars) throw new AppError(413, `message is too long: ${message.length} characters, the limit is ${maxChars}`);
  if (forbiddenCharacters.test(message) || message.includes('\uFFFD')) throw new AppError(400, 'message contains control characters or invalid UTF-8');
  return { message, ...(parsed.data.visitorId ? { visitorId: parsed.data.visitorId } : {}), isNewConversation: parsed.data.newConversation ?? false };
}
