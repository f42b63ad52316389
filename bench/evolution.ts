import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { evolutionMarkdown, evolutionSvg } from '../src/eval/eval-command.ts';
import { evaluateEvolution, type EvolutionReport } from '../src/eval/evolution.ts';
import { lineChartSvg } from '../src/eval/svg-chart.ts';

const root = path.resolve(import.meta.dirname, '..');
const CHARACTERS = ['alice', 'cheshire-cat', 'mad-hatter', 'robert-walton', 'the-creature', 'victor-frankenstein'];
const CYCLES = 3;

/** Runs the evolution evaluation offline for every bundled character; writes bench/results/evolution.md and evolution.svg. */
export async function runEvolutionBench(): Promise<string> {
  const reports: EvolutionReport[] = [];
  for (const character of CHARACTERS) {
    reports.push(await evaluateEvolution({ character, cycles: CYCLES, charactersDir: path.join(root, 'characters'), corpusDir: path.join(root, 'corpus') }));
  }
  const lines = [
    '# Evolution benchmark',
    '',
    `Each character's probes (characters/<id>/probes.json) measured before any reflection (cycle 0) and after each of ${CYCLES} cycles.`,
    'One cycle: every chapter within the character\'s knowledge re-read once (offline writer, real guard), every unreflected',
    'replayed visitor conversation reflected on, then one offline dream (auto review, through the retrieval gate).',
    'Book hit@k: the gold chapter is among the top k passages or the top k memories that the chat retrieves for the question',
    '(`MemoryStore.retrieve`, the two lists a reply\'s context is built from). "passages @3" and "memories @3" are the two lists',
    'alone; "mixed @3" ranks passages and the book\'s reflections and insights together for the same 3 places (stricter: a',
    'reflection quoting a sentence competes with the passage it quotes). Chat reflections are measured by the visitor probes.',
    'Visitor hit@k: an item among the asking visitor\'s top k memories contains the expected words.',
    '',
  ];
  lines.push('## Summary', '', '| character | book probes | book hit@3 cycle 0 | cycle 1 | lowest after a dream | last | mixed @3 cycle 0 | last | visitor hit@1 cycle 0 | last |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const report of reports) {
    const [first, second, last] = [report.cycles[0], report.cycles[1], report.cycles.at(-1)];
    const afterDream = report.cycles.slice(1).filter((cycle) => cycle.dream === 'applied').map((cycle) => cycle['hit@3']);
    const figure = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(3));
    lines.push(`| ${report.character} | ${report.bookProbes} | ${figure(first?.['hit@3'])} | ${figure(second?.['hit@3'])} | ${afterDream.length > 0 ? figure(Math.min(...afterDream)) : 'no dream applied'} | ${figure(last?.['hit@3'])} | ${figure(first?.['mixed hit@3'])} | ${figure(last?.['mixed hit@3'])} | ${figure(first?.['visitor hit@1'])} | ${figure(last?.['visitor hit@1'])} |`);
  }
  lines.push('');
  for (const report of reports) {
    lines.push(`## ${report.character} (${report.bookProbes} book probes, ${report.visitorProbes} visitor probes)`, '', evolutionMarkdown(report));
  }
  lines.push('![hit rates per cycle](evolution.svg)', '', 'Command: `npx tsx bench/evolution.ts` (or `reverie eval evolution --character <id> --cycles 3 --out <dir>`)', '');
  const series = reports.flatMap((report) => (['hit@3', 'visitor hit@3'] as const).map((metric) => ({
    name: `${report.character} ${metric.startsWith('visitor') ? metric : `book ${metric}`}`,
    points: report.cycles.map((cycle) => ({ x: cycle.cycle, y: cycle[metric] })),
  })));
  const svg = reports.length === 1 && reports[0] ? evolutionSvg(reports[0]) : lineChartSvg({ title: 'Evolution: probe hit@3 per cycle', xLabel: 'cycle (0: before reflection)', yLabel: 'hit rate', series, yMax: 1 });
  const report = lines.join('\n');
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/evolution.md'), report);
  await writeFile(path.join(root, 'bench/results/evolution.svg'), svg);
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  process.stdout.write(await runEvolutionBench());
}
