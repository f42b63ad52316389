/**
 * `reverie eval visitors`: scripted visits over several characters, run twice on a real server
 * (offline voice, then a fake Anthropic server whose prompts are read), scoring what is remembered
 * of visitors, what leaks to others, and what an erasure leaves. The fakes of test/ (Anthropic
 * Messages API, Hub) are real HTTP servers driven by the real SDKs, as in the tests.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../../test/fakes/anthropic-server.ts';
import { createFakeHub, type FakeHub } from '../../test/fakes/hub-server.ts';
import { parseSse } from '../../test/helpers/sse.ts';
import { loadConfig } from '../config.ts';
import { createReverie, type Reverie } from '../main.ts';
import { factSlot, normalizeValue, type FactFields } from '../memory/visitor-facts/fact-types.ts';
import { sortVisitorFacts } from '../memory/visitor-facts/recall-facts.ts';
import { evaluateExtraction, readExtractionProbes, type ExtractionReport } from './visitor-extraction.ts';
import { scriptVisitorId, type ScriptStep, type VisitorScript } from './visitor-script.ts';
import { checkErasure, type ErasureCheck } from './visitor-erasure-check.ts';

/** A share of cases that passed. */
export interface Rate {
  cases: number;
  passed: number;
  rate: number;
}

/** What one run (offline voice or model prompt) measured. */
export interface VisitorRunReport {
  /** Asked in the conversation the fact was told in. */
  sameConversation: Rate;
  /** Asked in a new conversation, after a restart. */
  newConversation: Rate;
  /** The current value after an update, in memory (and in the prompt block, for the model run). */
  currentAfterUpdate: Rate;
  leaks: { probes: number; leaks: number; details: Array<{ character: string; probe: string; leaked: string[] }> };
  erasure: ErasureCheck | null;
  misses: Array<{ visitor: string; ask: string; expect: string; got: string }>;
}

/** The whole evaluation. */
export interface VisitorsReport {
  facts: number;
  extraction: { conversations: ExtractionReport; probeFiles: Array<{ file: string; report: ExtractionReport }> };
  offline: VisitorRunReport;
  model: VisitorRunReport;
  /** Values of other visitors not checked for leaks because the character's book or card has them too. */
  valuesInBooks: string[];
}

const rate = (passed: number, cases: number): Rate => ({ cases, passed, rate: cases === 0 ? 1 : Math.round((passed / cases) * 1000) / 1000 });
const hasWord = (text: string, value: string): boolean => new RegExp(`(?:^|[^\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\p{L}\\p{N}])`, 'iu').test(text);

interface RunningServer {
  reverie: Reverie;
  baseUrl: string;
}

async function startServer(dataDir: string, environment: Record<string, string>): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, OFFLINE_WORD_DELAY_MS: '0', REFLECTION_ENABLED: 'false', ...environment }, {});
  const reverie = await createReverie(config, { log: () => {} });
  const { port } = await reverie.listen();
  await reverie.ready;
  return { reverie, baseUrl: `http://127.0.0.1:${port}` };
}

async function send(server: RunningServer, character: string, visitor: string, message: string, isNew: boolean): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/characters/${character}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, visitorId: scriptVisitorId(visitor), ...(isNew ? { newConversation: true } : {}) }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${character} refused a message (${response.status}): ${text.slice(0, 200)}`);
  return parseSse(text).filter((event) => event.event === 'text-delta').map((event) => (event.data as { text: string }).text).join('');
}

function lastPrompt(anthropic: FakeAnthropicServer): { block: string; all: string } {
  const body = anthropic.requests.at(-1)?.body;
  const system = Array.isArray(body?.system) ? body.system.map((block) => block.text).join('\n') : String(body?.system ?? '');
  const block = /## What you know about this visitor\n([\s\S]*?)\n\n/.exec(system)?.[1] ?? '';
  return { block, all: `${system}\n${(body?.messages ?? []).map((message) => message.content).join('\n')}` };
}

/** Whether the prompt block gives `value` and does not give `old` as the current value. */
function blockRecalls(block: string, value: string, old?: string): boolean {
  if (!hasWord(block, value)) return false;
  if (!old) return true;
  return !block.split('\n').some((line) => hasWord(line, old) && !/before that:|used to|before, and changed/i.test(line) && !line.startsWith('What they told you before'));
}

/** Runs the script once; with `anthropic`, the prompts it receives are what is scored. */
async function runOnce(script: VisitorScript, options: { charactersDir: string; corpusDir: string; anthropic?: FakeAnthropicServer; hub?: FakeHub }): Promise<VisitorRunReport & { checkedValues: Map<string, string[]> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'reverie-eval-visitors-'));
  const charactersDir = path.join(root, 'characters');
  for (const id of script.characters) await cp(path.join(options.charactersDir, id), path.join(charactersDir, id), { recursive: true });
  const environment: Record<string, string> = {
    CHARACTERS_DIR: charactersDir, CORPUS_DIR: options.corpusDir, LLM_CASCADE: options.anthropic ? 'anthropic,offline' : 'offline',
    ...(options.anthropic ? { ANTHROPIC_API_KEY: 'sk-eval', ANTHROPIC_BASE_URL: options.anthropic.baseUrl } : {}),
    ...(options.hub ? { HF_TOKEN: 'hf_eval_token', HF_DATASET_REPO: 'reverie/eval-visitors', HF_ENDPOINT: options.hub.url, HF_PUBLISH_CONVERSATIONS: 'true', HF_SYNC_EVERY: '100000' } : {}),
  };
  const dataDir = path.join(root, 'data');
  let server = await startServer(dataDir, environment);
  const report: VisitorRunReport = { sameConversation: rate(0, 0), newConversation: rate(0, 0), currentAfterUpdate: rate(0, 0), leaks: { probes: 0, leaks: 0, details: [] }, erasure: null, misses: [] };
  const counts = { same: [0, 0], fresh: [0, 0], update: [0, 0] };
  const told = new Map<string, FactFields[]>();
  const updates: Array<{ visitor: string; character: string; change: NonNullable<Extract<ScriptStep, { say: string }>['updates']> }> = [];
  const sinceFresh = new Set<string>();
  const checkedValues = new Map<string, string[]>();
  const bookText = new Map<string, string>();
  const textOf = async (character: string) => {
    let text = bookText.get(character);
    if (text === undefined) {
      const runtime = server.reverie.runtimes.get(character)!;
      text = `${runtime.fullBook.passages.map((passage) => passage.text).join('\n')}\n${JSON.stringify(runtime.character.card)}`;
      bookText.set(character, text);
    }
    return text;
  };
  const checkUpdates = () => {
    for (const { visitor, character, change } of updates) {
      const items = server.reverie.runtimes.get(character)!.memory.items({ visitor: scriptVisitorId(visitor), kinds: ['visitor_fact'] }, { includeSuperseded: true }).filter((item) => item.visitor === scriptVisitorId(visitor));
      const slot = factSlot({ subject: change.subject, attribute: change.attribute, value: change.to });
      const current = sortVisitorFacts(items).current.filter((fact) => factSlot(fact) === slot || (fact.subject === change.subject && fact.attribute === change.attribute));
      counts.update[1]! += 1;
      if (current.some((fact) => normalizeValue(fact.value).includes(normalizeValue(change.to))) && !current.some((fact) => normalizeValue(fact.value) === normalizeValue(change.from))) counts.update[0]! += 1;
    }
  };
  try {
    for (const step of script.steps) {
      if ('restart' in step) {
        checkUpdates();
        await server.reverie.close();
        server = await startServer(dataDir, environment);
        sinceFresh.clear();
        bookText.clear();
        continue;
      }
      if ('reflect' in step) {
        await server.reverie.reflection.reflectNow({ character: step.reflect, kind: 'chat' });
        continue;
      }
      if ('dream' in step) {
        await server.reverie.dreams.service.dream(step.dream, { mode: 'apply', force: true });
        continue;
      }
      if ('erase' in step) {
        checkUpdates();
        updates.splice(0, updates.length, ...updates.filter((entry) => entry.visitor !== step.erase));
        report.erasure = await checkErasure({ reverie: server.reverie, baseUrl: server.baseUrl, dataDir, visitorId: scriptVisitorId(step.erase), values: (told.get(step.erase) ?? []).map((fact) => fact.value), hub: options.hub });
        told.delete(step.erase);
        continue;
      }
      const key = `${step.visitor}\u0000${step.character}`;
      const isNew = step.newConversation === true;
      if (isNew) sinceFresh.add(key);
      if ('say' in step) {
        await send(server, step.character, step.visitor, step.say, isNew);
        told.set(step.visitor, [...(told.get(step.visitor) ?? []), ...step.facts]);
        if (step.updates) updates.push({ visitor: step.visitor, character: step.character, change: step.updates });
        continue;
      }
      if ('ask' in step) {
        const reply = await send(server, step.character, step.visitor, step.ask, isNew);
        // Offline, the reply must say the value, and not the one it replaced.
        const isRecalled = options.anthropic ? blockRecalls(lastPrompt(options.anthropic).block, step.expect, step.notExpect) : hasWord(reply, step.expect) && !(step.notExpect && hasWord(reply, step.notExpect));
        const bucket = sinceFresh.has(key) ? counts.fresh : counts.same;
        bucket[1]! += 1;
        if (isRecalled) bucket[0]! += 1;
        else report.misses.push({ visitor: step.visitor, ask: step.ask, expect: step.expect, got: (options.anthropic ? lastPrompt(options.anthropic).block : reply).slice(0, 300) });
        continue;
      }
      const reply = await send(server, step.character, step.visitor, step.probe, isNew);
      const seen = options.anthropic ? lastPrompt(options.anthropic).all : reply;
      const book = await textOf(step.character);
      const others = [...told].filter(([visitor]) => visitor !== step.visitor).flatMap(([, facts]) => facts.map((fact) => fact.value));
      // A value the book or the card holds (tea, a king), or a short number (an age, a chapter), cannot tell a leak from the story.
      const checkable = others.filter((value) => !hasWord(book, value) && !hasWord(step.probe, value) && !/^\d{1,3}$/.test(value));
      checkedValues.set(step.character, [...new Set([...(checkedValues.get(step.character) ?? []), ...others.filter((value) => !checkable.includes(value))])]);
      const leaked = checkable.filter((value) => hasWord(seen, value));
      report.leaks.probes += 1;
      if (leaked.length > 0) {
        report.leaks.leaks += 1;
        report.leaks.details.push({ character: step.character, probe: step.probe, leaked });
      }
    }
  } finally {
    await server.reverie.close();
    await rm(root, { recursive: true, force: true });
  }
  return { ...report, sameConversation: rate(counts.same[0]!, counts.same[1]!), newConversation: rate(counts.fresh[0]!, counts.fresh[1]!), currentAfterUpdate: rate(counts.update[0]!, counts.update[1]!), checkedValues };
}

/** Runs the evaluation: extraction over the script and the probe files, then the two runs. */
export async function evaluateVisitors(options: { script: VisitorScript; extractionFiles: string[]; charactersDir: string; corpusDir: string }): Promise<VisitorsReport> {
  const says = options.script.steps.filter((step): step is Extract<ScriptStep, { say: string }> => 'say' in step);
  const conversations = evaluateExtraction({ messages: says.map((step) => ({ message: step.say, facts: step.facts })) });
  const probeFiles = [];
  for (const file of options.extractionFiles) probeFiles.push({ file, report: evaluateExtraction(await readExtractionProbes(file)) });
  const offline = await runOnce(options.script, { charactersDir: options.charactersDir, corpusDir: options.corpusDir });
  const anthropic = await startFakeAnthropicServer({ defaultStep: { kind: 'reply', text: 'How very curious! Do tell me more.' } });
  const hub = await createFakeHub();
  let model: Awaited<ReturnType<typeof runOnce>>;
  try {
    model = await runOnce(options.script, { charactersDir: options.charactersDir, corpusDir: options.corpusDir, anthropic, hub });
  } finally {
    await anthropic.close();
    await hub.close();
  }
  const { checkedValues: offlineValues, ...offlineReport } = offline;
  const { checkedValues: modelValues, ...modelReport } = model;
  const valuesInBooks = [...new Set([...offlineValues.values(), ...modelValues.values()].flat())].sort();
  return { facts: conversations.expected, extraction: { conversations, probeFiles }, offline: offlineReport, model: modelReport, valuesInBooks };
}
