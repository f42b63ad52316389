import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const factSchema = z.object({ subject: z.string().min(1), attribute: z.string().min(1), value: z.string().min(1) });

const visitorStep = { visitor: z.string().regex(/^[a-z0-9]{1,20}$/), character: z.string().min(1), newConversation: z.boolean().optional() };

/** One step of a scripted visit. */
export const scriptStepSchema = z.union([
  /** The visitor says something; `facts` are what it states (none for the traps). */
  z.object({
    ...visitorStep,
    say: z.string().min(1),
    facts: z.array(factSchema),
    /** This message changes a fact: the current value must become `to`. */
    updates: z.object({ subject: z.string(), attribute: z.string(), from: z.string(), to: z.string() }).optional(),
  }),
  /** The visitor asks about themselves: the reply (offline) or the prompt (model) must hold `expect`, and not `notExpect` as current. */
  z.object({ ...visitorStep, ask: z.string().min(1), expect: z.string().min(1), notExpect: z.string().optional() }),
  /** Someone else fishes for what other visitors said: nothing of theirs may come back. */
  z.object({ ...visitorStep, probe: z.string().min(1) }),
  /** The server stops and starts again on the same DATA_DIR. */
  z.object({ restart: z.literal(true) }),
  /** One chat reflection of a character, as the idle loop would write it. */
  z.object({ reflect: z.string().min(1) }),
  /** One dream of a character, applied (force: no new-material gate). */
  z.object({ dream: z.string().min(1) }),
  /** The visitor asks to be forgotten everywhere. */
  z.object({ erase: z.string().min(1) }),
]);

/** A scripted set of visits over several characters. */
export const visitorScriptSchema = z.object({
  note: z.string().optional(),
  characters: z.array(z.string().min(1)).min(1),
  steps: z.array(scriptStepSchema).min(1),
});

/** A script as read from its file. */
export type VisitorScript = z.infer<typeof visitorScriptSchema>;
/** One step of a script. */
export type ScriptStep = z.infer<typeof scriptStepSchema>;

/** The script the eval runs by default, and the extraction probes it scores by default. */
export const DEFAULT_VISITOR_SCRIPT = 'test/fixtures/eval/visitors/conversations.json';
export const DEFAULT_EXTRACTION_PROBES = ['test/fixtures/eval/visitors/developed-extraction.json', 'test/fixtures/eval/visitors/aside-extraction.json'];

/** Reads a script, checked against its schema. */
export async function readVisitorScript(file: string): Promise<VisitorScript> {
  return visitorScriptSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/** The id a scripted visitor gets (a visitor id is 16 to 64 letters, digits, "-" or "_"). */
export function scriptVisitorId(name: string): string {
  return `eval-visitor-${name}-0000`;
}
