/**
 * `reverie eval outcomes`: does a character learn from how its conversations went? A seeded
 * simulation through the real server. Simulated visitors with a stated preference (short replies,
 * a direct answer, warmth about what they told) talk with the character, rate every answer to
 * their questions by that preference, judged on the reply's text, through the feedback endpoint,
 * and the character dreams between rounds. The same visitors say the same things to a control
 * server, in the same run, whose chats read no strategies (STRATEGIES_ENABLED=false). It measures
 * the loop, not human preference.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProbes } from '../characters/probes.ts';
import { loadConfig } from '../config.ts';
import { createReverie, type Reverie } from '../main.ts';
import { markdownTable } from './markdown-table.ts';

/** What a simulated visitor wants from a reply. */
export type Preference = 'brief' | 'direct' | 'warm';

/** The preference groups, in the order they are reported. */
export const PREFERENCES: readonly Preference[] = ['brief', 'direct', 'warm'];

/** The longest reply a visitor who dislikes long replies still likes, in words. */
export const BRIEF_MAX_WORDS = 40;

/** Options of `evaluateOutcomes`. */
export interface OutcomesEvalOptions {
  charactersDir: string;
  corpusDir: string;
  character?: string;
  /** Dreams between rounds (rounds = dreams + 1). */
  dreams?: number;
  visitorsPerGroup?: number;
  questionsPerVisit?: number;
  seed?: number;
  /** Share of replies that try another choice, the same in both arms. */
  exploreRate?: number;
}

/** Like-rate of one arm: overall and per preference group. */
export interface ArmRound {
  rated: number;
  likeRate: number;
  byPreference: Record<Preference, number>;
}

/** One round of the simulation in both arms. */
export interface OutcomesRound {
  round: number;
  treatment: ArmRound;
  control: ArmRound;
  /** Strategies the treatment's character held during this round (text and rule). */
  strategies: Array<{ text: string; rule?: string; value?: string; evidence: number }>;
}

/** The report; `--json` prints it. */
export interface OutcomesReport {
  character: string;
  seed: number;
  visitors: number;
  /** VOICE_EXPLORE_RATE in both arms. */
  exploreRate: number;
  rounds: OutcomesRound[];
  /** Final like-rates. */
  treatment: ArmRound;
  control: ArmRound;
  /** Final like-rate, treatment minus control. */
  gain: number;
  /** Final like-rate per group, treatment minus control. */
  gainByPreference: Record<Preference, number>;
  /** Whether the visitor's own fact is still recalled ("What is my dog called?") at the end, per arm. */
  recall: { treatment: number; control: number };
  /** The goal: gain ≥ 0.15 and no group below control. */
  isGoalMet: boolean;
  /** The strategies learned, as the studio lists them. */
  strategies: Array<{ text: string; rule?: string; value?: string; evidence: string[] }>;
}

/** A seeded generator (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Tom', 'Maria', 'Oskar', 'Priya', 'Jonas', 'Amelie', 'Kofi', 'Lena', 'Hugo', 'Sofia', 'Ivan', 'Nadia', 'Felix', 'Clara', 'Mateo', 'Ines'];
const PETS = ['Rex', 'Biscuit', 'Pepper', 'Juno', 'Toffee', 'Ziggy', 'Mochi', 'Bruno', 'Olive', 'Pixel', 'Nutmeg', 'Comet', 'Waffles', 'Luna', 'Basil', 'Tango'];
const SHORT_WORDS = new Set(['what', 'when', 'where', 'which', 'while', 'with', 'your', 'you', 'that', 'this', 'there', 'them', 'they', 'then', 'than', 'have', 'from', 'were', 'does', 'did', 'about', 'would', 'could', 'should', 'into', 'tell', 'first', 'place', 'think', 'know']);

function judgeWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).filter((word) => word.length >= 4 && !SHORT_WORDS.has(word)).map((word) => word.replace(/(?:es|s)$/, ''));
}

/** The reply's length in words. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Whether the reply's first sentence takes up a word of the question (the visitor's judge, not the proposer's). */
export function answersDirectly(question: string, reply: string): boolean {
  const first = /^[^.!?…]*[.!?…]?/.exec(reply.trim())?.[0] ?? reply;
  const asked = new Set(judgeWords(question));
  return judgeWords(first).some((word) => asked.has(word));
}

/** A simulated visitor's verdict on a reply, judged on its text, and what they say was wrong. */
export function judgeReply(preference: Preference, reply: string, context: { question: string; facts: string[] }): { rating: 1 | -1; reason?: 'too_long' | 'ignored_me' } {
  if (preference === 'brief') return wordCount(reply) <= BRIEF_MAX_WORDS ? { rating: 1 } : { rating: -1, reason: 'too_long' };
  if (preference === 'direct') return answersDirectly(context.question, reply) ? { rating: 1 } : { rating: -1, reason: 'ignored_me' };
  const lower = reply.toLowerCase();
  return context.facts.some((fact) => lower.includes(fact.toLowerCase())) ? { rating: 1 } : { rating: -1, reason: 'ignored_me' };
}

interface SimVisitor {
  id: string;
  preference: Preference;
  name: string;
  pet: string;
}

interface Said {
  reply: string;
  turnId: string;
}

async function say(baseUrl: string, characterId: string, visitorId: string, message: string, isNewConversation: boolean): Promise<Said> {
  const response = await fetch(`${baseUrl}/api/characters/${characterId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, visitorId, ...(isNewConversation ? { newConversation: true } : {}) }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${characterId}: HTTP ${response.status}: ${body.slice(0, 200)}`);
  let reply = '';
  let turnId = '';
  for (const block of body.split('\n\n')) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (!data) continue;
    if (event === 'text-delta') reply += (JSON.parse(data) as { text?: string }).text ?? '';
    if (event === 'done') turnId = (JSON.parse(data) as { turnId?: string }).turnId ?? '';
  }
  return { reply: reply.trim(), turnId };
}

async function rate(baseUrl: string, characterId: string, visitorId: string, turnId: string, verdict: { rating: 1 | -1; reason?: string }): Promise<void> {
  const response = await fetch(`${baseUrl}/api/characters/${characterId}/turns/${turnId}/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...verdict, visitorId }),
  });
  if (response.status !== 201) throw new Error(`feedback: HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
}

interface Arm {
  reverie: Reverie;
  baseUrl: string;
  dataDir: string;
}

async function openArm(options: OutcomesEvalOptions, areStrategiesOn: boolean): Promise<Arm> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `reverie-eval-outcomes-${areStrategiesOn ? 'treatment' : 'control'}-`));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CHARACTERS_DIR: options.charactersDir, CORPUS_DIR: options.corpusDir,
    LLM_CASCADE: 'offline', OFFLINE_WORD_DELAY_MS: '0', REFLECTION_ENABLED: 'false', DREAM_REVIEW: 'auto',
    RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_IP_PER_MINUTE: '100000', STRATEGIES_ENABLED: areStrategiesOn ? 'true' : 'false', VOICE_EXPLORE_RATE: String(options.exploreRate ?? 0.25),
  }, {});
  const reverie = await createReverie(config, { log: () => {} });
  const { port } = await reverie.listen();
  await reverie.ready;
  return { reverie, baseUrl: `http://127.0.0.1:${port}`, dataDir };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

function summarise(verdicts: Array<{ preference: Preference; rating: 1 | -1 }>): ArmRound {
  const rateOf = (list: typeof verdicts) => round3(list.filter((entry) => entry.rating === 1).length / Math.max(1, list.length));
  const byPreference = Object.fromEntries(PREFERENCES.map((preference) => [preference, rateOf(verdicts.filter((entry) => entry.preference === preference))])) as Record<Preference, number>;
  return { rated: verdicts.length, likeRate: rateOf(verdicts), byPreference };
}

/** Runs the simulation: rounds of visits in both arms, a dream in each arm between rounds. */
export async function evaluateOutcomes(options: OutcomesEvalOptions): Promise<OutcomesReport> {
  const character = options.character ?? 'alice';
  const dreams = options.dreams ?? 3;
  const perGroup = options.visitorsPerGroup ?? 6;
  const questionsPerVisit = options.questionsPerVisit ?? 4;
  const seed = options.seed ?? 20;
  const random = seededRandom(seed);
  const questions = (await loadProbes(options.charactersDir, character)).book.map((probe) => probe.question);
  if (questions.length === 0) throw new Error(`${character} has no book probes to ask`);
  const visitors: SimVisitor[] = PREFERENCES.flatMap((preference, group) => Array.from({ length: perGroup }, (_, index) => {
    const position = group * perGroup + index;
    return { id: `outcomes-${seed}-${preference}-${index}`.padEnd(16, '-'), preference, name: NAMES[position % NAMES.length]!, pet: PETS[position % PETS.length]! };
  }));
  // Every visit planned up front from the seed, so both arms hear exactly the same messages.
  const plan = Array.from({ length: dreams + 1 }, () => visitors.map((visitor) => ({
    visitor,
    questions: Array.from({ length: questionsPerVisit }, () => questions[Math.floor(random() * questions.length)]!),
  })));
  const treatment = await openArm(options, true);
  const control = await openArm(options, false);
  try {
    const rounds: OutcomesRound[] = [];
    for (const [round, visits] of plan.entries()) {
      const verdicts = { treatment: [] as Array<{ preference: Preference; rating: 1 | -1 }>, control: [] as Array<{ preference: Preference; rating: 1 | -1 }> };
      for (const [armName, arm] of [['treatment', treatment], ['control', control]] as const) {
        for (const { visitor, questions: asked } of visits) {
          const facts = [visitor.name, visitor.pet];
          await say(arm.baseUrl, character, visitor.id, `Hello! My name is ${visitor.name} and I have a dog called ${visitor.pet}.`, true);
          for (const question of asked) {
            const { reply, turnId } = await say(arm.baseUrl, character, visitor.id, question, false);
            const verdict = judgeReply(visitor.preference, reply, { question, facts });
            await rate(arm.baseUrl, character, visitor.id, turnId, verdict);
            verdicts[armName].push({ preference: visitor.preference, rating: verdict.rating });
          }
        }
      }
      rounds.push({
        round,
        treatment: summarise(verdicts.treatment),
        control: summarise(verdicts.control),
        strategies: treatment.reverie.outcomes.describe(character).map((strategy) => ({ text: strategy.text, ...(strategy.rule ? { rule: strategy.rule, value: strategy.value } : {}), evidence: strategy.evidence.length })),
      });
      if (round < dreams) {
        for (const arm of [treatment, control]) await arm.reverie.dreams.service.dream(character, { mode: 'apply', force: true });
      }
    }
    // Recall of the visitor's own fact with the final strategies (or none): it must not drop.
    const recall = { treatment: 0, control: 0 };
    for (const [armName, arm] of [['treatment', treatment], ['control', control]] as const) {
      let recalled = 0;
      for (const visitor of visitors) {
        const { reply } = await say(arm.baseUrl, character, visitor.id, 'What is my dog called?', true);
        if (reply.includes(visitor.pet)) recalled += 1;
      }
      recall[armName] = round3(recalled / visitors.length);
    }
    const last = rounds.at(-1)!;
    const gainByPreference = Object.fromEntries(PREFERENCES.map((preference) => [preference, round3(last.treatment.byPreference[preference] - last.control.byPreference[preference])])) as Record<Preference, number>;
    const gain = round3(last.treatment.likeRate - last.control.likeRate);
    return {
      character,
      seed,
      visitors: visitors.length,
      exploreRate: options.exploreRate ?? 0.25,
      rounds,
      treatment: last.treatment,
      control: last.control,
      gain,
      gainByPreference,
      recall,
      isGoalMet: gain >= 0.15 && PREFERENCES.every((preference) => gainByPreference[preference] >= 0),
      strategies: treatment.reverie.outcomes.describe(character).map((strategy) => ({ text: strategy.text, ...(strategy.rule ? { rule: strategy.rule, value: strategy.value } : {}), evidence: strategy.evidence })),
    };
  } finally {
    for (const arm of [treatment, control]) {
      await arm.reverie.close();
      await rm(arm.dataDir, { recursive: true, force: true });
    }
  }
}

/** Markdown for the outcomes report: like-rate per round and group in both arms, then the strategies learned. */
export function outcomesMarkdown(report: OutcomesReport): string {
  const rows = report.rounds.map((round) => [
    round.round,
    round.treatment.likeRate, round.control.likeRate, round3(round.treatment.likeRate - round.control.likeRate),
    ...PREFERENCES.flatMap((preference) => [`${round.treatment.byPreference[preference]} / ${round.control.byPreference[preference]}`]),
    round.strategies.length,
  ]);
  return [
    `Seeded simulation (seed ${report.seed}) with ${report.visitors} visitors of ${report.character} through the real server (offline voice, VOICE_EXPLORE_RATE ${report.exploreRate} in both arms); a dream between rounds. Treatment reads strategies; control (same run, same messages) does not. It measures the loop, not human preference.`,
    '',
    markdownTable(['round', 'treatment', 'control', 'gain', ...PREFERENCES.map((preference) => `${preference} (treatment / control)`), 'strategies held'], rows),
    '',
    `Final gain ${report.gain} (goal ≥ 0.15); per group ${PREFERENCES.map((preference) => `${preference} ${report.gainByPreference[preference]}`).join(', ')}; goal met: ${report.isGoalMet ? 'yes' : 'no'}.`,
    `Visitor-fact recall at the end ("What is my dog called?"): treatment ${report.recall.treatment}, control ${report.recall.control}.`,
    '',
    'Strategies learned:',
    ...report.strategies.map((strategy) => `- ${strategy.text}${strategy.rule ? ` (${strategy.rule}=${strategy.value})` : ''}, resting on ${strategy.evidence.length} replies`),
    '',
  ].join('\n');
}
