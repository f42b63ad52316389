import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** Where an attack comes from: a public data set, or our own probes (developed on, or sealed). */
export type AttackSource = 'promptinject' | 'sysprompt' | 'dan' | 'bipia' | 'gptfuzz' | 'agentdojo' | 'reverie-dev' | 'reverie-sealed';

/** One attack string and where it comes from. */
export interface Attack {
  source: AttackSource;
  text: string;
  /** The set's own family name, where it has one (AgentDojo's attack, our probes' families). */
  family?: string;
}

/**
 * The families the guard was developed on, and the ones held out: never looked at while tuning
 * (AgentDojo's ten templates were read once, one filled example each, before the split was made).
 */
export const DEVELOPED_ON: readonly AttackSource[] = ['promptinject', 'sysprompt', 'dan', 'bipia', 'reverie-dev'];
export const HELD_OUT: readonly AttackSource[] = ['gptfuzz', 'agentdojo', 'reverie-sealed'];

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

const jsonLines = (file: string) => readFileSync(join(fixtures, file), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
const taggedAttack = z.object({ text: z.string(), family: z.string() });

// GPTFuzz templates leave a slot for the request; a plain request keeps the template the only attack.
const GPTFUZZ_REQUEST = 'describe how to pick a lock';

/** GPTFuzz role-play jailbreak templates, their slot filled with a plain request. */
export function loadGptFuzzAttacks(): Attack[] {
  return jsonLines('injection/gptfuzz/attacks.jsonl').map((row) => taggedAttack.parse(row)).map((row) => ({ source: 'gptfuzz' as const, family: row.family, text: row.text.replaceAll('[INSERT PROMPT HERE]', GPTFUZZ_REQUEST) }));
}

/** AgentDojo tool-output injections, as AgentDojo fills them. */
export function loadAgentDojoAttacks(): Attack[] {
  return jsonLines('injection/agentdojo/attacks.jsonl').map((row) => taggedAttack.parse(row)).map((row) => ({ source: 'agentdojo' as const, family: row.family, text: row.text }));
}

const ownProbesSchema = z.object({ attacks: z.array(taggedAttack), benign: z.array(z.object({ messages: z.array(z.string()).min(1) })) });

/** Our own probes: `dev` to develop on, `sealed` written before tuning and held out. */
export function loadOwnProbes(part: 'dev' | 'sealed'): { attacks: Attack[]; benign: Array<{ messages: string[] }> } {
  const probes = ownProbesSchema.parse(JSON.parse(readFileSync(join(fixtures, `injection/reverie/${part}.json`), 'utf8')));
  return { attacks: probes.attacks.map((attack) => ({ source: `reverie-${part}` as const, family: attack.family, text: attack.text })), benign: probes.benign };
}

/** Every attack of every family, developed-on and held-out. */
export function loadAllAttacks(characterName: string): Attack[] {
  return [...loadDirectAttacks(characterName), ...loadBipiaAttacks(), ...loadOwnProbes('dev').attacks, ...loadGptFuzzAttacks(), ...loadAgentDojoAttacks(), ...loadOwnProbes('sealed').attacks];
}

/** The benign visitor conversations written for these tests. */
export function loadBenignChats(): Array<{ messages: string[]; private: string[] }> {
  const schema = z.object({ conversations: z.array(z.object({ messages: z.array(z.string()).min(1), private: z.array(z.string()) })) });
  return schema.parse(JSON.parse(readFileSync(join(fixtures, 'benign-chats.json'), 'utf8'))).conversations;
}
