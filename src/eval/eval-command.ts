import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateFairytaleQa, parseFairytaleQa, type FairytaleQaReport } from './fairytaleqa.ts';
import { evaluateCharacters, type CharacterProbeReport } from './characters.ts';
import { evaluateEvolution, type EvolutionReport } from './evolution.ts';
import { conversationMarkdown, evaluateConversations } from './conversation.ts';
import { evaluateLocomoTurns, parseLocomo, type LocomoReport } from './locomo.ts';
import { evaluateLocomoMemory, type LocomoMemoryReport } from './locomo-memory.ts';
import { markdownTable } from './markdown-table.ts';
import type { ExtractionReport } from './visitor-extraction.ts';
import { DEFAULT_EXTRACTION_PROBES, DEFAULT_VISITOR_SCRIPT, readVisitorScript } from './visitor-script.ts';
import { evaluateVisitors, type VisitorRunReport, type VisitorsReport } from './visitors.ts';
import { lineChartSvg } from './svg-chart.ts';
import { evaluateDiscoveryNovel, meetsGoals, TOP, type DiscoveryReport } from './discovery.ts';
import { findGoldNovels } from './gold-cast.ts';
import { evaluateOutcomes, outcomesMarkdown } from './outcomes.ts';

/** Where the command writes. */
export interface EvalIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const usage = `Usage:
  reverie eval fairytaleqa --file <jsonl> [--json] [--out <dir>]
  reverie eval locomo --file <json> [--conversations id,...] [--no-dream] [--json] [--out <dir>]
  reverie eval evolution --character <id> [--cycles N] [--characters <dir>] [--corpus <dir>] [--json] [--out <dir>]
  reverie eval characters [--character <id>,...] [--characters <dir>] [--corpus <dir>] [--json] [--out <dir>]
  reverie eval visitors [--file <script.json>] [--extraction <probes.json>,...] [--characters <dir>] [--corpus <dir>] [--json] [--out <dir>]
  reverie eval conversation [--file <json>]... [--characters <dir>] [--corpus <dir>] [--json] [--out <dir>]
    (default files: bench/fixtures/conversation/dev.json and heldout.json)
  reverie eval discovery [--dir <folder>]... [--json] [--out <dir>]
    every novel with a gold cast in the folders (default bench/fixtures/novels and corpus)
  reverie eval outcomes [--character <id>] [--dreams N] [--visitors N] [--questions N] [--seed N] [--explore SHARE] [--characters <dir>] [--corpus <dir>] [--json] [--out <dir>]
    seeded simulated visitors rate replies; the character dreams between rounds (default alice, 3 dreams, 6 visitors per preference,
    4 questions a visit, seed 20, VOICE_EXPLORE_RATE 0.25 in both arms)
`;

const BUNDLED_CHARACTERS = ['alice', 'cheshire-cat', 'mad-hatter', 'victor-frankenstein', 'the-creature', 'robert-walton'];

/** The scripted conversations `reverie eval conversation` plays when no --file is given. */
export const DEFAULT_CONVERSATION_FILES = ['bench/fixtures/conversation/dev.json', 'bench/fixtures/conversation/heldout.json'];


/** Where gold casts are looked for when no --dir is given. */
export const DEFAULT_DISCOVERY_DIRS = ['bench/fixtures/novels', 'corpus'];

/** The LoCoMo figures: raw turn retrieval, and recall from grown memory at an equal token budget. */
export interface LocomoEvaluation {
  questions: number;
  turns: LocomoReport;
  memory: LocomoMemoryReport;
}

class EvalUsageError extends Error {}

/** Markdown for a FairytaleQA report: overall, then per attribute. */
export function fairytaleQaMarkdown(report: FairytaleQaReport): string {
  const row = (name: string, metrics: Omit<FairytaleQaReport, 'byAttribute'>) => [name, metrics.questions, metrics['hit@1'], metrics['hit@3'], metrics['hit@5'], metrics.mrr];
  return `${markdownTable(['questions', 'n', 'hit@1', 'hit@3', 'hit@5', 'MRR'], [
    row('all', report),
    ...Object.entries(report.byAttribute).map(([attribute, metrics]) => row(attribute, metrics)),
  ])}\n`;
}

/** Markdown for a LoCoMo evaluation: turns and memory side by side, overall and per category. */
export function locomoMarkdown(report: LocomoEvaluation): string {
  const categories = ['all', ...Object.keys(report.turns.byCategory)];
  const rows = categories.map((category) => {
    const turns = category === 'all' ? report.turns : report.turns.byCategory[category];
    const memory = category === 'all' ? report.memory : report.memory.byCategory[category];
    return [category, turns?.questions ?? 0, turns?.['R@5'] ?? 0, turns?.['R@10'] ?? 0, turns?.['R@25'] ?? 0, turns?.['R@50'] ?? 0,
      memory?.['R@5'] ?? 0, memory?.['R@10'] ?? 0, memory?.['strict R@5'] ?? 0, memory?.['strict R@10'] ?? 0];
  });
  const items = report.memory.items;
  return [
    markdownTable(['category', 'n', 'turns R@5', 'turns R@10', 'turns R@25', 'turns R@50', 'memory R@5', 'memory R@10', 'memory strict R@5', 'memory strict R@10'], rows),
    '',
    `Memory: ${items.turns} turns, ${items.reflections} reflections, ${items.visitorFacts} visitor facts, ${items.insights} insights; ` +
      `reflections ${report.memory.reflections.reflected} written, ${report.memory.reflections.quarantined} quarantined; dreams applied ${report.memory.dreams.applied}; tokens ${report.memory.tokens}.`,
    '',
  ].join('\n');
}

/** Markdown for the character probes: one row per character and probe set. */
export function charactersMarkdown(reports: CharacterProbeReport[]): string {
  return `${markdownTable(['character', 'probe set', 'questions', 'follow-ups', 'hit@1', 'hit@3', 'hit@5', 'follow-up hit@3'],
    reports.flatMap((report) => report.sets.map((set) => [report.character, set.set, set.questions, set.followUps, set['hit@1'], set['hit@3'], set['hit@5'], set['follow-up hit@3'] ?? '']))) }\n`;
}

/** Markdown for an evolution report: one row per cycle. */
export function evolutionMarkdown(report: EvolutionReport): string {
  return `${markdownTable(['cycle', 'book hit@1', 'book hit@3', 'passages @3', 'memories @3', 'mixed @3', 'visitor hit@1', 'visitor hit@3', 'items', 'tokens', 'reflections', 'quarantined', 'dream'],
    report.cycles.map((cycle) => [cycle.cycle, cycle['hit@1'], cycle['hit@3'], cycle['passage hit@3'], cycle['memory hit@3'], cycle['mixed hit@3'], cycle['visitor hit@1'], cycle['visitor hit@3'], cycle.items, cycle.tokens, cycle.reflections, cycle.quarantined, cycle.dream]))}\n`;
}

/** Markdown for the visitors evaluation: extraction, recall, updates, leaks and erasure. */
export function visitorsMarkdown(report: VisitorsReport): string {
  const extraction = [
    ['scripted conversations', report.extraction.conversations],
    ...report.extraction.probeFiles.map(({ file, report: probes }) => [path.basename(file), probes] as const),
  ].map(([name, result]) => [name as string, (result as ExtractionReport).expected, (result as ExtractionReport).extracted, (result as ExtractionReport).precision, (result as ExtractionReport).recall]);
  const run = (name: string, result: VisitorRunReport) => [name, result.sameConversation.rate, result.newConversation.rate, result.currentAfterUpdate.rate, `${result.leaks.leaks}/${result.leaks.probes}`,
    result.erasure ? `${result.erasure.journalLines}/${result.erasure.storeItems}/${result.erasure.versionItems}/${result.erasure.datasetRows}/${result.erasure.hubRows} (Hub had ${result.erasure.hubRowsBefore})` : 'n/a'];
  return [
    `${report.facts} facts in the scripted conversations.`,
    '',
    markdownTable(['extraction', 'expected', 'extracted', 'precision', 'recall'], extraction),
    '',
    markdownTable(['run', 'recall, same conversation', 'recall, new conversation after restart', 'current value after update', 'probes that leaked', 'erasure left: journal lines / items / version items / local rows / Hub rows'], [
      run('offline voice (the reply)', report.offline),
      run('model (the prompt the fake Anthropic server received)', report.model),
    ]),
    '',
    report.valuesInBooks.length > 0 ? `Not checked for leaks, as the books or cards hold them too: ${report.valuesInBooks.join(', ')}.` : '',
    '',
  ].join('\n');
}

/** The SVG chart of an evolution report: hit rates per cycle. */
export function evolutionSvg(report: EvolutionReport): string {
  const series = (['hit@1', 'hit@3', 'visitor hit@1', 'visitor hit@3'] as const).map((metric) => ({
    name: metric.startsWith('visitor') ? metric : `book ${metric}`,
    points: report.cycles.map((cycle) => ({ x: cycle.cycle, y: cycle[metric] })),
  }));
  return lineChartSvg({ title: `Evolution of ${report.character}: probe hit rates per cycle`, xLabel: 'cycle (0: before reflection)', yLabel: 'hit rate', series, yMax: 1 });
}

/** Markdown for the discovery evaluation: one row per novel, then what went wrong in each. */
export function discoveryMarkdown(reports: DiscoveryReport[], dirs: string[] = DEFAULT_DISCOVERY_DIRS): string {
  const rows = reports.map((report) => [
    report.id, report.precision, report.duplicates, report.merges, `${report.mainRecall} (${report.mainPeople})`, report.mainRecallTop,
    report.narratorRecall === null ? 'n/a (none)' : `${report.narratorRecall} (${report.narrators})`, report.chaptersGold === null ? String(report.chaptersFound) : `${report.chaptersFound} / ${report.chaptersGold}`,
    meetsGoals(report) ? 'yes' : 'no',
  ]);
  const details = reports.flatMap((report) => {
    const lines = [
      `- ${report.id}, top ${TOP}: ${report.entries.slice(0, TOP).map((entry) => `${entry.name}${entry.verdict === 'person' ? '' : ` (${entry.verdict})`}`).join(', ')}`,
    ];
    if (report.duplicated.length > 0) lines.push(`  - duplicates: ${report.duplicated.join('; ')}`);
    if (report.merged.length > 0) lines.push(`  - merges: ${report.merged.join('; ')}`);
    if (report.missingMain.length > 0) lines.push(`  - main people not found: ${report.missingMain.join(', ')}`);
    if (report.extraNarrators.length > 0) lines.push(`  - narrators not in the gold cast: ${report.extraNarrators.join(', ')}`);
    return lines;
  });
  const title = `# Character discovery against gold casts\n\nCommand: \`reverie eval discovery ${dirs.map((dir) => `--dir ${dir}`).join(' ')}\` (each novel parsed fresh, without hand-written narrators; how to read it: docs/evaluation.md).\n\n`;
  return `${title}${markdownTable([`novel`, `top-${TOP} precision`, 'duplicates', 'merges', 'main recall (n)', `main recall top ${TOP}`, 'narrator recall (n)', 'chapters found / gold', 'goals met'], rows)}\n\n${details.join('\n')}\n`;
}

async function writeOutputs(directory: string, name: string, json: unknown, markdown: string, svg?: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(path.join(directory, `${name}.md`), markdown);
  if (svg !== undefined) await writeFile(path.join(directory, `${name}.svg`), svg);
}

async function readInput(file: string | undefined): Promise<string> {
  if (!file) throw new EvalUsageError('--file is required');
  return readFile(file, 'utf8');
}

/** `reverie eval <fairytaleqa|locomo|evolution|characters|visitors|conversation|discovery|outcomes> ...`: prints JSON (--json) or a Markdown table; --out writes both. */
export async function runEvalCommand(args: string[], io: EvalIo): Promise<number> {
  try {
    const [subcommand, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: {
        file: { type: 'string', multiple: true }, conversations: { type: 'string' }, character: { type: 'string' }, cycles: { type: 'string' },
        characters: { type: 'string' }, corpus: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, 'no-dream': { type: 'boolean' },
        extraction: { type: 'string' },
        dir: { type: 'string', multiple: true },
        dreams: { type: 'string' }, visitors: { type: 'string' }, questions: { type: 'string' }, seed: { type: 'string' }, explore: { type: 'string' },
      },
    });
    let json: unknown;
    let markdown: string;
    let svg: string | undefined;
    if (subcommand === 'fairytaleqa') {
      const report = evaluateFairytaleQa(parseFairytaleQa(await readInput(values.file?.[0])));
      json = report;
      markdown = fairytaleQaMarkdown(report);
    } else if (subcommand === 'locomo') {
      const conversations = parseLocomo(await readInput(values.file?.[0]));
      const ids = values.conversations?.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
      const turns = evaluateLocomoTurns(conversations, ids ? { ids } : {});
      const memory = await evaluateLocomoMemory(conversations, { ...(ids ? { ids } : {}), dream: !values['no-dream'] });
      const report: LocomoEvaluation = { questions: turns.questions, turns, memory };
      json = report;
      markdown = locomoMarkdown(report);
    } else if (subcommand === 'evolution') {
      if (!values.character) throw new EvalUsageError('--character is required');
      const cycles = Number(values.cycles ?? '3');
      if (!Number.isInteger(cycles) || cycles < 0 || cycles > 50) throw new EvalUsageError('--cycles must be a whole number from 0 to 50');
      const report = await evaluateEvolution({ character: values.character, cycles, charactersDir: values.characters ?? 'characters', corpusDir: values.corpus ?? 'corpus' });
      json = report;
      markdown = evolutionMarkdown(report);
      svg = evolutionSvg(report);
    } else if (subcommand === 'characters') {
      const characters = values.character?.split(',').map((id) => id.trim()).filter((id) => id.length > 0) ?? BUNDLED_CHARACTERS;
      const reports = await evaluateCharacters({ characters, charactersDir: values.characters ?? 'characters', corpusDir: values.corpus ?? 'corpus' });
      json = reports;
      markdown = charactersMarkdown(reports);
    } else if (subcommand === 'visitors') {
      const extractionFiles = values.extraction ? values.extraction.split(',').map((file) => file.trim()).filter((file) => file !== '') : DEFAULT_EXTRACTION_PROBES;
      const report = await evaluateVisitors({ script: await readVisitorScript(values.file?.[0] ?? DEFAULT_VISITOR_SCRIPT), extractionFiles, charactersDir: values.characters ?? 'characters', corpusDir: values.corpus ?? 'corpus' });
      json = report;
      markdown = visitorsMarkdown(report);
    } else if (subcommand === 'conversation') {
      const report = await evaluateConversations({ files: values.file ?? DEFAULT_CONVERSATION_FILES, charactersDir: values.characters ?? 'characters', corpusDir: values.corpus ?? 'corpus' });
      json = report;
      markdown = conversationMarkdown(report);
    } else if (subcommand === 'discovery') {
      const dirs = values.dir ?? DEFAULT_DISCOVERY_DIRS;
      const novels = (await Promise.all(dirs.map((dir) => findGoldNovels(dir)))).flat();
      if (novels.length === 0) throw new EvalUsageError('no novel with a gold cast (<name>.txt with <name>.cast.json, or <book>/cast.json) in the folders given');
      const reports: DiscoveryReport[] = [];
      for (const novel of novels) reports.push(await evaluateDiscoveryNovel(novel));
      json = { novels: reports, goalsMet: reports.every(meetsGoals) };
      markdown = discoveryMarkdown(reports, dirs);
    } else if (subcommand === 'outcomes') {
      const whole = (name: string, value: string | undefined, fallback: number, max: number) => {
        const number = Number(value ?? fallback);
        if (!Number.isInteger(number) || number < 0 || number > max) throw new EvalUsageError(`--${name} must be a whole number from 0 to ${max}`);
        return number;
      };
      const report = await evaluateOutcomes({
        charactersDir: values.characters ?? 'characters', corpusDir: values.corpus ?? 'corpus', character: values.character ?? 'alice',
        dreams: whole('dreams', values.dreams, 3, 20), visitorsPerGroup: Math.max(1, whole('visitors', values.visitors, 6, 50)),
        questionsPerVisit: Math.max(1, whole('questions', values.questions, 4, 20)), seed: whole('seed', values.seed, 20, 2 ** 31),
        exploreRate: (() => {
          const rate = Number(values.explore ?? 0.25);
          if (!(rate >= 0 && rate <= 1)) throw new EvalUsageError('--explore must be a share from 0 to 1');
          return rate;
        })(),
      });
      // { rounds, treatment, control, gain } first, then the rest of the report.
      const { rounds, treatment, control, gain, ...rest } = report;
      json = { rounds, treatment, control, gain, ...rest };
      markdown = outcomesMarkdown(report);
    } else {
      throw new EvalUsageError(subcommand ? `unknown evaluation "${subcommand}"` : 'name an evaluation');
    }
    if (values.out) await writeOutputs(values.out, subcommand, json, markdown, svg);
    io.stdout.write(values.json ? `${JSON.stringify(json)}\n` : markdown);
    return 0;
  } catch (error) {
    if (error instanceof EvalUsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`${error.message}\n\n${usage}`);
      return 2;
    }
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
