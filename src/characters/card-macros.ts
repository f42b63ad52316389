import { createHash } from 'node:crypto';
import type { Card } from './card.ts';

/** What the macros of a card's text stand for in one conversation. */
export interface MacroContext {
  /** The character's name ({{char}}, <BOT>). */
  char: string;
  /** The visitor's name when known ({{user}}, <USER>); else `userFallback`. */
  user?: string;
  /** What stands for an unnamed visitor: "the visitor" in prompts, "you" in text shown to them. */
  userFallback?: string;
  /** What {{original}} becomes (the default system line, for a card's system_prompt); kept as is when absent. */
  original?: string;
  /** The card, for {{description}}, {{personality}}, {{scenario}}, {{mesExamples}}, {{charVersion}}. */
  card?: Card;
  /** The clock for {{time}}, {{date}}, {{weekday}}, {{isodate}}, {{isotime}}. */
  now?: Date;
}

function pickStable(options: string[], seed: string): string {
  if (options.length === 0) return '';
  const hash = createHash('sha256').update(seed).digest();
  return options[hash.readUInt32BE(0) % options.length]!.trim();
}

function splitChoices(list: string): string[] {
  return list.includes('::') ? list.split('::') : list.split(',');
}

/**
 * Replaces the macros of the Character Card V2/V3 ecosystem (SillyTavern and TavernAI) in a card's
 * text: {{char}}, {{user}}, <BOT>, <USER>, <CHAR>, {{original}}, {{description}}, {{personality}},
 * {{scenario}}, {{persona}}, {{mesExamples}}, {{charVersion}}, {{time}}, {{date}}, {{weekday}},
 * {{isodate}}, {{isotime}}, {{random:a,b}}, {{pick::a::b}}, {{roll:d6}}, {{newline}}, {{trim}},
 * {{noop}} and {{// comments}}. Names are case-insensitive. Random picks are stable for a given text,
 * so a prompt prefix stays cacheable. An unknown macro is left as it is.
 */
export function expandMacros(text: string, context: MacroContext): string {
  if (!text.includes('{{') && !/<(?:user|bot|char)>/i.test(text)) return text;
  const now = context.now ?? new Date();
  const fallback = context.userFallback ?? 'the visitor';
  const data = context.card?.data;
  const userAt = (offset: number, whole: string): string => {
    if (context.user) return context.user;
    // "{{user}}: Who are you?" in an example dialogue, or a sentence that starts with the visitor.
    const before = whole.slice(0, offset);
    return /(?:^|\n|[.!?]\s+)\s*$/.test(before) ? fallback.charAt(0).toUpperCase() + fallback.slice(1) : fallback;
  };
  let result = text
    .replace(/\{\{\/\/[\s\S]*?\}\}/g, '')
    .replace(/<(user|bot|char)>/gi, (_match, which: string, offset: number, whole: string) => (which.toLowerCase() === 'user' ? userAt(offset, whole) : context.char))
    .replace(/\{\{\s*([a-z_]+)\s*(?::{1,2}([^}]*))?\}\}/gi, (match, rawName: string, argument: string | undefined, offset: number, whole: string) => {
      const name = rawName.toLowerCase();
      switch (name) {
        case 'char': return context.char;
        case 'user': return userAt(offset, whole);
        case 'persona': return '';
        case 'original': return context.original ?? match;
        case 'description': return data?.description ?? '';
        case 'personality': return data?.personality ?? '';
        case 'scenario': return data?.scenario ?? '';
        case 'mesexamples': case 'mesexamplesraw': return data?.mes_example ?? '';
        case 'charversion': case 'char_version': return data?.character_version ?? '';
        case 'time': return now.toTimeString().slice(0, 5);
        case 'date': return now.toDateString();
        case 'weekday': return now.toLocaleDateString('en-GB', { weekday: 'long' });
        case 'isodate': return now.toISOString().slice(0, 10);
        case 'isotime': return now.toISOString().slice(11, 16);
        case 'newline': return '\n';
        case 'noop': case 'trim': return name === 'trim' ? '\u0000trim\u0000' : '';
        case 'random': case 'pick': return argument === undefined ? match : pickStable(splitChoices(argument), `${text}\u0000${offset}`);
        case 'roll': {
          const sides = Number(/(\d+)\s*$/.exec(argument ?? '')?.[1] ?? Number.NaN);
          return Number.isInteger(sides) && sides > 0 ? String((createHash('sha256').update(`${text}\u0000${offset}`).digest().readUInt32BE(0) % sides) + 1) : match;
        }
        default: return match;
      }
    });
  if (result.includes('\u0000trim\u0000')) result = result.replace(/\s*\u0000trim\u0000\s*/g, '');
  return result;
}

/**
 * A card with its macros expanded in every text that reaches a model or the visitor: description,
 * personality, scenario, greetings, example messages, system prompt ({{original}} kept for the
 * prompt builder), post-history instructions, and our constitution and knowledge boundary.
 */
export function expandCard(card: Card, context: Omit<MacroContext, 'char' | 'card'> = {}): Card {
  const full: MacroContext = { ...context, char: card.data.name, card };
  const expand = (text: string) => expandMacros(text, full);
  const data = card.data;
  const reverie = data.extensions.reverie;
  return {
    ...card,
    data: {
      ...data,
      description: expand(data.description),
      personality: expand(data.personality),
      scenario: expand(data.scenario),
      first_mes: expandMacros(data.first_mes, { ...full, userFallback: context.userFallback ?? 'you' }),
      mes_example: expand(data.mes_example),
      system_prompt: expand(data.system_prompt),
      ...(data.post_history_instructions !== undefined ? { post_history_instructions: expandMacros(data.post_history_instructions, { ...full, original: '' }) } : {}),
      ...(data.alternate_greetings !== undefined ? { alternate_greetings: data.alternate_greetings.map((greeting) => expandMacros(greeting, { ...full, userFallback: 'you' })) } : {}),
      extensions: {
        ...data.extensions,
        reverie: {
          ...reverie,
          constitution: reverie.constitution.map(expand),
          knowledge: { ...reverie.knowledge, doesNotKnow: reverie.knowledge.doesNotKnow.map(expand) },
        },
      },
    },
  };
}
