import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** One attack string and where it comes from. */
export interface Attack {
  source: 'promptinject' | 'sysprompt' | 'dan' | 'bipia';
  text: string;
}

const promptInjectSchema = z.object({
  rogue_strings: z.record(z.string(), z.string()),
  goal_hikacking_attacks: z.record(z.string(), z.object({ instruction: z.string() })),
  prompt_leaking_attacks: z.record(z.string(), z.object({ instruction: z.string() })),
});

/** Direct attacks (goal hijacking, prompt leaking, system-prompt extraction, DAN personas) addressed to `characterName`. */
export function loadDirectAttacks(characterName: string): Attack[] {
  const promptInject = promptInjectSchema.parse(JSON.parse(readFileSync(join(fixtures, 'injection/promptinject_attacks.json'), 'utf8')));
  const attacks: Attack[] = [];
  for (const attack of Object.values(promptInject.goal_hikacking_attacks)) {
    for (const rogue of Object.values(promptInject.rogue_strings)) attacks.push({ source: 'promptinject', text: attack.instruction.replace('{REPLACE_rogue_string}', rogue) });
  }
  for (const attack of Object.values(promptInject.prompt_leaking_attacks)) attacks.push({ source: 'promptinject', text: attack.instruction });
  const sysprompt = z.record(z.string(), z.array(z.string())).parse(JSON.parse(readFileSync(join(fixtures, 'injection/sysprompt_extraction_attacks.json'), 'utf8')));
  for (const list of Object.values(sysprompt)) attacks.push(...list.map((text) => ({ source: 'sysprompt' as const, text })));
  for (const file of readdirSync(join(fixtures, 'injection/dan')).sort()) {
    const prompts = z.array(z.string()).parse(JSON.parse(readFileSync(join(fixtures, 'injection/dan', file), 'utf8')));
    attacks.push(...prompts.map((text) => ({ source: 'dan' as const, text: text.replaceAll('{generator.name}', characterName) })));
  }
  return attacks;
}

/** BIPIA indirect-injection payloads: tasks meant to be smuggled into documents (many read as ordinary requests). */
export function loadBipiaAttacks(): Attack[] {
  const bipia = z.record(z.string(), z.array(z.string())).parse(JSON.parse(readFileSync(join(fixtures, 'injection/bipia/text_attack_train.json'), 'utf8')));
  return Object.values(bipia).flat().map((text) => ({ source: 'bipia' as const, text }));
}

/** The benign visitor conversations written for these tests. */
export function loadBenignChats(): Array<{ messages: string[]; private: string[] }> {
  const schema = z.object({ conversations: z.array(z.object({ messages: z.array(z.string()).min(1), private: z.array(z.string()) })) });
  return schema.parse(JSON.parse(readFileSync(join(fixtures, 'benign-chats.json'), 'utf8'))).conversations;
}
