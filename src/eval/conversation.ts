import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Book } from '../book/types.ts';
import { loadConfig } from '../config.ts';
import { createReverie, type Reverie } from '../main.ts';
import { defectKinds, findDefects, type DefectContext, type DefectKind } from './conversation-defects.ts';
import { isAnswered, normaliseForMatch, parseConversationScript, turnKinds, type ConversationScript, type ScriptConversation } from './conversation-script.ts';
import { markdownTable } from './markdown-table.ts';

/** Options of `evaluateConversations`. */
export interface ConversationEvalOptions {
  /** Script files (`bench/fixtures/conversation/*.json`), one part each. */
  files: string[];
  charactersDir: string;
  corpusDir: string;
}

/** One scripted visitor message, the reply it got and how it scored. */
export interface TurnResult {
  conversation: string;
  character: string;
  kind: string;
  say: string;
  reply: string;
  isAnswered: boolean;
  defects: DefectKind[];
}

/** How far apart the characters sound: 1 when no word trigram of a character's replies occurs in another's. */
export interface Distinctness {
  /** 1 minus the mean share of a character's reply trigrams that another character also used. */
  all: number;
  /** The same on the replies whose words are the voice's own, not the book's (greetings, small talk, thanks, farewells, disclosures, recall, not knowing). */
  frames: number;
}

/** The figures of one part of the script. */
export interface PartReport {
  part: string;
  replies: number;
  answerRate: number;
  answerRateByKind: Record<string, { replies: number; answerRate: number }>;
  defectsPer100: Record<DefectKind, number>;
  /** Replies with at least one defect, per 100. */
  anyDefectPer100: number;
  distinctness: Distinctness;
  turns: TurnResult[];
}

/** `reverie eval conversation`: every part, scored the same way. */
export interface ConversationReport {
  parts: PartReport[];
}

const FRAME_KINDS = new Set(['greeting', 'smalltalk', 'thanks', 'farewell', 'disclosure', 'recall', 'outside', 'boundary']);

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function trigrams(text: string): Set<string> {
  const tokens = normaliseForMatch(text).match(/[\p{L}\p{N}']+/gu) ?? [];
  const grams = new Set<string>();
  for (let index = 0; index + 3 <= tokens.length; index += 1) grams.add(tokens.slice(index, index + 3).join(' '));
  return grams;
}

/** 1 minus the mean share of each character's trigrams that some other character's replies share. */
export function distinctness(turns: Array<Pick<TurnResult, 'character' | 'reply'>>): number {
  const byCharacter = new Map<string, Set<string>>();
  for (const turn of turns) {
    const grams = byCharacter.get(turn.character) ?? new Set<string>();
    for (const gram of trigrams(turn.reply)) grams.add(gram);
    byCharacter.set(turn.character, grams);
  }
  if (byCharacter.size < 2) return 1;
  const shares: number[] = [];
  for (const [character, grams] of byCharacter) {
    if (grams.size === 0) continue;
    const others = new Set([...byCharacter].filter(([other]) => other !== character).flatMap(([, set]) => [...set]));
    shares.push([...grams].filter((gram) => others.has(gram)).length / grams.size);
  }
  return round(1 - shares.reduce((sum, share) => sum + share, 0) / Math.max(1, shares.length));
}

/** The checks' view of a character: its forms, and who speaks each quotation of its book. */
function defectContextFor(reverie: Reverie, characterId: string): Omit<DefectContext, 'earlierReplies'> {
  const runtime = reverie.runtimes.get(characterId);
  if (!runtime) throw new Error(`no character "${characterId}"`);
  const card = runtime.character.card.data;
  const book: Book = runtime.fullBook;
  const speakerForms = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (const speech of book.speeches) if (speech.speaker) counts.set(speech.speaker, (counts.get(speech.speaker) ?? 0) + 1);
  for (const [speaker, count] of counts) {
    if (count < 2) continue;
    const last = speaker.split(' ').at(-1)!;
    speakerForms.set(speaker, [...new Set([speaker, last])]);
  }
  for (const other of reverie.runtimes.values()) {
    const data = other.character.card.data;
    if (data.extensions.reverie.book !== book.id) continue;
    speakerForms.set(data.name, [...new Set([...(speakerForms.get(data.name) ?? [data.name]), ...data.extensions.reverie.aliases])]);
  }
  const speeches = book.speeches.map((speech) => ({ text: normaliseForMatch(speech.text), speaker: speech.speaker }));
  return {
    selfForms: [card.name, ...card.extensions.reverie.aliases],
    selfSpeaker: card.name,
    speakerForms,
    speakerOf(quote) {
      const text = normaliseForMatch(quote).replace(/[.,;:!?…]+$/u, '');
      if (text.split(' ').length < 4) return undefined;
      // An exact match first: a short quotation ("You might just as well say,") begins several speeches.
      const exact = speeches.find((speech) => speech.text.replace(/[.,;:!?…]+$/u, '') === text);
      if (exact) return exact.speaker;
      if (text.split(' ').length < 8) return undefined;
      const probe = text.slice(0, 60);
      // A quotation that merely holds someone's line inside a longer passage is not that line.
      const found = speeches.find((speech) => speech.text.includes(probe) || (speech.text.split(' ').length >= 8 && speech.text.length >= 0.6 * text.length && text.includes(speech.text.replace(/[.,;:!?…]+$/u, ''))));
      return found ? found.speaker : undefined;
    },
  };
}

async function say(baseUrl: string, characterId: string, visitorId: string, message: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/characters/${characterId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, visitorId }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${characterId}: HTTP ${response.status}: ${body.slice(0, 200)}`);
  let text = '';
  for (const block of body.split('\n\n')) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event === 'text-delta' && data) text += (JSON.parse(data) as { text?: string }).text ?? '';
  }
  return text.trim();
}

async function runConversation(reverie: Reverie, baseUrl: string, conversation: ScriptConversation, part: string): Promise<TurnResult[]> {
  const context = defectContextFor(reverie, conversation.character);
  // Visitor ids are 16 to 64 letters, digits, "-" or "_"; one visitor per scripted conversation.
  const visitorId = `eval-${part}-${conversation.id}`.replace(/[^A-Za-z0-9_-]/g, '-').padEnd(16, '-').slice(0, 64);
  const results: TurnResult[] = [];
  for (const turn of conversation.turns) {
    const reply = await say(baseUrl, conversation.character, visitorId, turn.say);
    const defects = findDefects(reply, { ...context, earlierReplies: results.map((result) => result.reply) });
    results.push({ conversation: conversation.id, character: conversation.character, kind: turn.kind, say: turn.say, reply, isAnswered: isAnswered(reply, turn), defects });
  }
  return results;
}

/** Scores one part's turns. */
export function summarisePart(part: string, turns: TurnResult[]): PartReport {
  const rate = (list: TurnResult[]) => round(list.filter((turn) => turn.isAnswered).length / Math.max(1, list.length));
  const answerRateByKind: PartReport['answerRateByKind'] = {};
  for (const kind of turnKinds) {
    const list = turns.filter((turn) => turn.kind === kind);
    if (list.length > 0) answerRateByKind[kind] = { replies: list.length, answerRate: rate(list) };
  }
  const per100 = (count: number) => round((100 * count) / Math.max(1, turns.length));
  const defectsPer100 = Object.fromEntries(defectKinds.map((kind) => [kind, per100(turns.filter((turn) => turn.defects.includes(kind)).length)])) as Record<DefectKind, number>;
  return {
    part,
    replies: turns.length,
    answerRate: rate(turns),
    answerRateByKind,
    defectsPer100,
    anyDefectPer100: per100(turns.filter((turn) => turn.defects.length > 0).length),
    distinctness: { all: distinctness(turns), frames: distinctness(turns.filter((turn) => FRAME_KINDS.has(turn.kind))) },
    turns,
  };
}

/**
 * Plays every scripted conversation through the real server (createReverie and HTTP, the offline
 * voice alone, no word delay, an empty DATA_DIR) and scores each part.
 */
export async function evaluateConversations(options: ConversationEvalOptions): Promise<ConversationReport> {
  const scripts: ConversationScript[] = [];
  for (const file of options.files) scripts.push(parseConversationScript(await readFile(file, 'utf8')));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reverie-eval-conversation-'));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CHARACTERS_DIR: options.charactersDir, CORPUS_DIR: options.corpusDir,
    LLM_CASCADE: 'offline', OFFLINE_WORD_DELAY_MS: '0', REFLECTION_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
  }, {});
  const reverie = await createReverie(config, { log: () => {} });
  try {
    const { port } = await reverie.listen();
    await reverie.ready;
    const baseUrl = `http://127.0.0.1:${port}`;
    const parts: PartReport[] = [];
    for (const script of scripts) {
      const turns: TurnResult[] = [];
      for (const conversation of script.conversations) turns.push(...(await runConversation(reverie, baseUrl, conversation, script.part)));
      parts.push(summarisePart(script.part, turns));
    }
    return { parts };
  } finally {
    await reverie.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Markdown for a conversation report: one row per part, then the answer rate per kind. */
export function conversationMarkdown(report: ConversationReport): string {
  const summary = markdownTable(
    ['part', 'replies', 'answer rate', ...defectKinds.map((kind) => `${kind} /100`), 'any defect /100', 'distinctness', 'distinctness (frames)'],
    report.parts.map((part) => [part.part, part.replies, part.answerRate, ...defectKinds.map((kind) => part.defectsPer100[kind]), part.anyDefectPer100, part.distinctness.all, part.distinctness.frames]),
  );
  const kinds = [...new Set(report.parts.flatMap((part) => Object.keys(part.answerRateByKind)))];
  const byKind = markdownTable(
    ['kind', ...report.parts.map((part) => `${part.part} (n, answer rate)`)],
    kinds.map((kind) => [kind, ...report.parts.map((part) => {
      const entry = part.answerRateByKind[kind];
      return entry ? `${entry.replies}, ${entry.answerRate.toFixed(3)}` : '';
    })]),
  );
  const header = [
    'Scripted conversations played through the real server (createReverie and HTTP, `LLM_CASCADE=offline`, no word delay, an empty `DATA_DIR`), one visitor per conversation.',
    'Answer rate: the reply holds every expected keyword of its turn and nothing forbidden. Defects per 100 replies, each a rule in src/eval/conversation-defects.ts. Distinctness: 1 minus the mean share of a character\'s word trigrams that another character\'s replies also hold.',
  ].join('\n');
  return `${header}\n\n${summary}\n\n${byKind}\n`;
}
