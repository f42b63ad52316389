/**
 * Speech attribution against LitBank's gold quotations for the opening of Alice (CC BY 4.0,
 * test/fixtures/litbank). Each gold quote is matched to the speech of ours whose words overlap it
 * most; precision is the share of matched speeches we attributed that name the gold speaker,
 * recall the share of gold quotes found and attributed to the right speaker.
 * Run: npx tsx bench/attribution.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadBook } from '../src/book/load-corpus.ts';
import type { SpeakerAliases, Speech } from '../src/book/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOLD_FILE = path.join(ROOT, 'test/fixtures/litbank/11_alices_adventures_in_wonderland_brat.ann');
const RESULTS_FILE = path.join(ROOT, 'bench/results/attribution.md');

/** The aliases a character card for Alice's cast would give (the same list the tests use). */
export const ALICE_SPEAKERS: SpeakerAliases[] = [
  { name: 'Alice', aliases: [] },
  { name: 'White Rabbit', aliases: ['the White Rabbit', 'the Rabbit', 'Rabbit'] },
  { name: 'Mad Hatter', aliases: ['the Hatter', 'Hatter'] },
  { name: 'Queen of Hearts', aliases: ['the Queen', 'Queen'] },
  { name: 'King of Hearts', aliases: ['the King', 'King'] },
];

/** One gold quotation and its speaker, as LitBank writes it. */
export interface GoldQuote {
  id: string;
  text: string;
  speaker: string;
}

/** The result of one comparison, with the per-quote detail for the report. */
export interface AttributionMeasure {
  precision: number;
  recall: number;
  quotes: number;
  attributed: number;
  correct: number;
  found: number;
  rows: Array<{ gold: GoldQuote; ours: Speech | null; isCorrect: boolean }>;
}

function words(text: string): string[] {
  return text.toLowerCase().replace(/[’']/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** "The_White_Rabbit-4" -> "White Rabbit". */
function goldSpeakerName(entity: string): string {
  return entity.replace(/-\d+$/, '').replace(/_/g, ' ').replace(/^the /i, '');
}

/** Reads LitBank's brat file into quotes with speakers. */
export async function readGoldQuotes(file = GOLD_FILE): Promise<GoldQuote[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const texts = new Map<string, string>();
  const speakers = new Map<string, string>();
  for (const line of lines) {
    const fields = line.split('\t');
    if (fields[0] === 'QUOTE' && fields[1] && fields[6] !== undefined) texts.set(fields[1], fields[6]);
    if (fields[0] === 'ATTRIB' && fields[1] && fields[2]) speakers.set(fields[1], goldSpeakerName(fields[2]));
  }
  return [...texts].map(([id, text]) => ({ id, text, speaker: speakers.get(id) ?? '' }));
}

function overlap(gold: string[], ours: string[]): number {
  if (gold.length === 0 || ours.length === 0) return 0;
  const ourSet = new Set(ours);
  const shared = gold.filter((word) => ourSet.has(word)).length;
  return shared / Math.max(gold.length, ours.length);
}

function sameSpeaker(ours: string, gold: string): boolean {
  const resolvedGold = ALICE_SPEAKERS.find((speaker) =>
    [speaker.name, ...speaker.aliases].some((alias) => alias.replace(/^the /i, '').toLowerCase() === gold.toLowerCase()),
  );
  return ours.toLowerCase() === (resolvedGold?.name ?? gold).toLowerCase();
}

/** Compares our attribution in Alice chapter 1 with LitBank's gold quotes. */
export async function measureAttributionDetail(): Promise<AttributionMeasure> {
  const gold = await readGoldQuotes();
  const book = await loadBook(path.join(ROOT, 'corpus/alice'), { speakers: ALICE_SPEAKERS });
  const candidates = book.speeches.filter((speech) => speech.chapter <= 2).map((speech) => ({ speech, words: words(speech.text) }));
  const rows = gold.map((quote) => {
    const goldWords = words(quote.text);
    let best: { speech: Speech; score: number } | null = null;
    for (const candidate of candidates) {
      const score = overlap(goldWords, candidate.words);
      if (score > (best?.score ?? 0.5)) best = { speech: candidate.speech, score };
    }
    const ours = best?.speech ?? null;
    const isCorrect = ours?.speaker != null && sameSpeaker(ours.speaker, quote.speaker);
    return { gold: quote, ours, isCorrect };
  });
  const found = rows.filter((row) => row.ours !== null).length;
  const attributed = rows.filter((row) => row.ours?.speaker != null).length;
  const correct = rows.filter((row) => row.isCorrect).length;
  return {
    precision: attributed === 0 ? 0 : correct / attributed,
    recall: gold.length === 0 ? 0 : correct / gold.length,
    quotes: gold.length,
    attributed,
    correct,
    found,
    rows,
  };
}

/** Precision and recall of speech attribution on LitBank's Alice quotes. */
export async function measureAttribution(): Promise<{ precision: number; recall: number; quotes: number }> {
  const { precision, recall, quotes } = await measureAttributionDetail();
  return { precision, recall, quotes };
}

/** Runs the comparison, writes bench/results/attribution.md and returns its Markdown. */
export async function runAttributionBench(): Promise<string> {
  const result = await measureAttributionDetail();
  const lines = [
    '# Speech attribution: LitBank gold quotes, Alice chapter 1',
    '',
    'Command: `npx tsx bench/attribution.ts`. Gold: LitBank quotation layer for the first ~2,000 words',
    "of Alice's Adventures in Wonderland (CC BY 4.0). Our speeches come from `corpus/alice` parsed with",
    'the cast aliases in `ALICE_SPEAKERS`; a gold quote matches the speech sharing most of its words (over 50%).',
    '',
    '| measure | value |',
    '|---|---|',
    `| gold quotes | ${result.quotes} |`,
    `| found (matched to a speech) | ${result.found} |`,
    `| attributed | ${result.attributed} |`,
    `| attributed to the right speaker | ${result.correct} |`,
    `| precision | ${result.precision.toFixed(3)} |`,
    `| recall | ${result.recall.toFixed(3)} |`,
    '',
    '| gold id | gold speaker | ours | quote |',
    '|---|---|---|---|',
    ...result.rows.map(
      (row) =>
        `| ${row.gold.id} | ${row.gold.speaker} | ${row.ours === null ? '(not found)' : (row.ours.speaker ?? '(none)')}${row.isCorrect ? '' : ' ✗'} | ${row.gold.text.slice(0, 60).replace(/\|/g, '/')} |`,
    ),
    '',
  ];
  const markdown = lines.join('\n');
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, markdown);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runAttributionBench());
}
