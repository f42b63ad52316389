import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const quarantineEntrySchema = z.object({
  id: z.string(),
  character: z.string(),
  kind: z.enum(['chapter', 'chat']),
  draft: z.string(),
  reasons: z.array(z.string()),
  createdAt: z.string(),
  /** What was refused: a draft (the default), a withheld visitor message or reply, a visitor fact. */
  subject: z.enum(['draft', 'visitor-turn', 'character-reply', 'visitor-fact']).optional(),
  conversationId: z.string().optional(),
  turnId: z.string().optional(),
});

/** What a quarantine entry holds back. */
export type QuarantineSubject = NonNullable<QuarantineEntry['subject']>;

/**
 * A refused draft, a withheld turn or a refused fact, kept for authors to review (they see what
 * was tried and why) and never stored as memory.
 */
export type QuarantineEntry = z.infer<typeof quarantineEntrySchema>;

/** Where refused drafts go. */
export interface QuarantineLog {
  add(entry: QuarantineEntry): Promise<void>;
  /** Refused drafts of one character, oldest first. */
  listQuarantine(character: string): Promise<QuarantineEntry[]>;
}

/** Options for the JSON lines quarantine file. */
export interface QuarantineLogOptions {
  path: string;
}

/** Creates a quarantine log as a JSON lines file; unreadable lines are skipped, not fatal. */
export function createQuarantineLog(options: QuarantineLogOptions): QuarantineLog {
  return {
    async add(entry) {
      const valid = quarantineEntrySchema.parse(entry);
      await mkdir(dirname(options.path), { recursive: true });
      await appendFile(options.path, `${JSON.stringify(valid)}\n`, 'utf8');
    },
    async listQuarantine(character) {
      let text: string;
      try {
        text = await readFile(options.path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const entries: QuarantineEntry[] = [];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const parsed = quarantineEntrySchema.safeParse(JSON.parse(line));
          if (parsed.success && parsed.data.character === character) entries.push(parsed.data);
        } catch {
          // A torn last line after a crash: skip it, keep the rest.
        }
      }
      return entries;
    },
  };
}

/**
 * Rewrites the quarantine file without the drafts `isErased` picks (a visitor asked to be
 * forgotten); returns how many went. The file is replaced by rename, never left half written.
 */
export async function removeQuarantined(path: string, isErased: (entry: QuarantineEntry) => boolean): Promise<number> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  let removed = 0;
  const kept = text.split('\n').filter((line) => {
    if (!line.trim()) return false;
    try {
      const parsed = quarantineEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success && isErased(parsed.data)) {
        removed += 1;
        return false;
      }
    } catch {
      // A torn line may hold anything: it goes too.
      removed += 1;
      return false;
    }
    return true;
  });
  if (removed === 0) return 0;
  const temporary = `${path}.erasing`;
  await writeFile(temporary, kept.length > 0 ? `${kept.join('\n')}\n` : '', 'utf8');
  await rename(temporary, path);
  return removed;
}
