import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** The two things a character does when idle. */
export type ReflectionActivity = 'chapter' | 'chat';

const characterStateSchema = z.object({
  nextActivity: z.enum(['chapter', 'chat']).default('chapter'),
  /** The chapter (1-based) last read, or null before the first reading. */
  chapter: z.number().int().positive().nullable().default(null),
  /** The part (0-based) of that chapter last read; long chapters are read in parts. */
  part: z.number().int().nonnegative().default(0),
  /** How many times the character has wrapped round to the first chapter. */
  cycle: z.number().int().nonnegative().default(0),
  /** Conversations reflected on, with the number of turns seen then. */
  conversations: z.record(z.string(), z.number().int().nonnegative()).default({}),
});

const stateSchema = z.object({
  version: z.literal(1),
  nextCharacterIndex: z.number().int().nonnegative().default(0),
  characters: z.record(z.string(), characterStateSchema).default({}),
});

/** Per character: what to do next, where the reading stands, which conversations were seen. */
export type CharacterReflectionState = z.infer<typeof characterStateSchema>;
/** The whole reflection state, as persisted. */
export type ReflectionState = z.infer<typeof stateSchema>;

/** Raised when the state file exists but cannot be read or does not validate. */
export class ReflectionStateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReflectionStateError';
  }
}

/** A fresh state: first character, chapter reading first. */
export function emptyReflectionState(): ReflectionState {
  return { version: 1, nextCharacterIndex: 0, characters: {} };
}

/** The state of one character, created with defaults when absent (mutates `state`). */
export function characterState(state: ReflectionState, character: string): CharacterReflectionState {
  const existing = state.characters[character];
  if (existing) return existing;
  const created = characterStateSchema.parse({});
  state.characters[character] = created;
  return created;
}

/** Loads and validates the state file; a missing file gives an empty state. */
export async function loadReflectionState(path: string): Promise<ReflectionState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyReflectionState();
    throw new ReflectionStateError(`cannot read reflection state ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReflectionStateError(`reflection state ${path} is not JSON`, { cause: error });
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    throw new ReflectionStateError(`reflection state ${path} is invalid: ${parsed.error.message}`, { cause: parsed.error });
  }
  return parsed.data;
}

let temporaryCounter = 0;

/** Writes the state atomically: a temporary file beside it, then a rename over the old one. */
export async function saveReflectionState(path: string, state: ReflectionState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  temporaryCounter += 1;
  const temporaryPath = `${path}.${process.pid}.${temporaryCounter}.tmp`;
  await writeFile(temporaryPath, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  await rename(temporaryPath, path);
}

/** Forgets erased conversations in the state (which ones were reflected on); returns how many went. */
export async function forgetConversations(path: string, conversationIds: ReadonlySet<string>): Promise<number> {
  const state = await loadReflectionState(path);
  let removed = 0;
  for (const character of Object.values(state.characters)) {
    for (const id of Object.keys(character.conversations)) {
      if (!conversationIds.has(id)) continue;
      delete character.conversations[id];
      removed += 1;
    }
  }
  if (removed > 0) await saveReflectionState(path, state);
  return removed;
}
