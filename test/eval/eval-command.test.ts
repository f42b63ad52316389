import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvalCommand } from '../../src/eval/eval-command.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const fairytaleFile = path.join(root, 'test/fixtures/eval/fairytaleqa/val-slice.jsonl');
const locomoFile = path.join(root, 'test/fixtures/eval/locomo/conv-26-slice.json');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runEvalCommand(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

const isFraction = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;

describe('reverie eval', () => {
  it('measures a character\'s probe sets (the aside set too) through the chat\'s retrieval, follow-ups with the question before them', async () => {
    const { code, stdout } = await run(['characters', '--character', 'cheshire-cat', '--json']);
    expect(code).toBe(0);
    const [report] = JSON.parse(stdout) as Array<{ character: string; sets: Array<Record<string, unknown> & { set: string; misses: unknown[] }> }>;
    expect(report!.character).toBe('cheshire-cat');
    expect(report!.sets.map((set) => set.set)).toEqual(['probes', 'probes-you', 'probes-aside']);
    for (const set of report!.sets) for (const field of ['hit@1', 'hit@3', 'hit@5']) expect(isFraction(set[field])).toBe(true);
    expect(report!.sets[1]!.followUps).toBeGreaterThanOrEqual(3);
    expect(isFraction(report!.sets[1]!['follow-up hit@3'])).toBe(true);
    const table = await run(['characters', '--character', 'cheshire-cat']);
    expect(table.stdout.split('\n')[0]).toMatch(/^\| character \| probe set \| questions \| follow-ups \| hit@1 \| hit@3 \| hit@5 /);
    expect((await run(['characters', '--character', 'nobody'])).code).toBe(1);
  });

  it('prints FairytaleQA hit rates and MRR as one JSON object with --json', async () => {
    const { code, stdout } = await run(['fairytaleqa', '--file', fairytaleFile, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report.questions).toBeGreaterThan(0);
    for (const field of ['hit@1', 'hit@3', 'hit@5', 'mrr']) expect(isFraction(report[field])).toBe(true);
    expect(Object.keys(report.byAttribute as object).length).toBeGreaterThan(0);
  });

  it('prints a Markdown table without --json', async () => {
    const { code, stdout } = await run(['fairytaleqa', '--file', fairytaleFile]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^\| questions \| n \| hit@1 /);
    expect(stdout.split('\n')[1]).toMatch(/^\|---\|/);
  });

  it('prints LoCoMo turn recall and memory recall by category with --json', async () => {
    const { code, stdout } = await run(['locomo', '--file', locomoFile, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { questions: number; turns: Record<string, unknown> & { byCategory: Record<string, Record<string, unknown>> }; memory: Record<string, unknown> & { byCategory: Record<string, unknown> } };
    expect(report.questions).toBeGreaterThan(0);
    for (const field of ['R@5', 'R@10', 'R@25', 'R@50']) expect(isFraction(report.turns[field])).toBe(true);
    expect(Object.keys(report.turns.byCategory).length).toBeGreaterThan(0);
    for (const metrics of Object.values(report.turns.byCategory)) expect(isFraction(metrics['R@5'])).toBe(true);
    for (const field of ['R@5', 'R@10', 'strict R@5', 'strict R@10']) expect(isFraction(report.memory[field])).toBe(true);
    expect(Object.keys(report.memory.byCategory)).toEqual(Object.keys(report.turns.byCategory));
    expect(report.memory.reflections).toMatchObject({ reflected: expect.any(Number) });
  });

  it('measures only the conversations named with --conversations', async () => {
    const { code, stdout } = await run(['locomo', '--file', locomoFile, '--conversations', 'no-such-conversation', '--json', '--no-dream']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ questions: 0, turns: { questions: 0 }, memory: { questions: 0 } });
  });

  it('prints evolution cycles with hit rates, items and tokens, and writes JSON, Markdown and SVG with --out', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'reverie-eval-test-'));
    try {
      const { code, stdout } = await run(['evolution', '--character', 'cheshire-cat', '--cycles', '1', '--characters', path.join(root, 'characters'), '--corpus', path.join(root, 'corpus'), '--json', '--out', out]);
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as { cycles: Array<Record<string, unknown>> };
      expect(report.cycles.map((cycle) => cycle.cycle)).toEqual([0, 1]);
      for (const cycle of report.cycles) {
        expect(isFraction(cycle['hit@1'])).toBe(true);
        expect(isFraction(cycle['hit@3'])).toBe(true);
        expect(cycle.items).toEqual(expect.any(Number));
        expect(cycle.tokens).toBe(0);
        for (const list of ['passage hit@3', 'memory hit@3', 'mixed hit@3']) expect(isFraction(cycle[list])).toBe(true);
        // The context holds the top passages and the top memories: at least what either list finds, at most both.
        const [context, passages, memories] = [cycle['hit@3'], cycle['passage hit@3'], cycle['memory hit@3']] as number[];
        expect(context).toBeGreaterThanOrEqual(Math.max(passages!, memories!));
        expect(context).toBeLessThanOrEqual(passages! + memories! + 1e-9);
      }
      // Before any reflection the character has no memories of its book; after one re-reading it has.
      expect(report.cycles[0]!['memory hit@3']).toBe(0);
      expect(report.cycles[0]!['hit@3']).toBe(report.cycles[0]!['passage hit@3']);
      expect(report.cycles[1]!['memory hit@3'] as number).toBeGreaterThan(0);
      expect(report.cycles[1]!.items as number).toBeGreaterThan(report.cycles[0]!.items as number);
      expect(JSON.parse(await readFile(path.join(out, 'evolution.json'), 'utf8'))).toEqual(report);
      expect(await readFile(path.join(out, 'evolution.md'), 'utf8')).toMatch(/^\| cycle \| book hit@1/);
      expect(await readFile(path.join(out, 'evolution.svg'), 'utf8')).toMatch(/^<svg /);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('plays scripted conversations through the server and reports answers, defects and distinctness per part', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'reverie-eval-test-'));
    try {
      const script = path.join(out, 'tiny.json');
      await writeFile(script, JSON.stringify({
        part: 'tiny',
        conversations: [
          { id: 'a', character: 'alice', turns: [{ say: 'Hello! My name is Tom.', kind: 'disclosure', expect: ['Tom'] }, { say: 'What is my name?', kind: 'recall', expect: ['Tom'] }] },
          { id: 'c', character: 'cheshire-cat', turns: [{ say: 'Who stole the tarts?', kind: 'boundary', expect: [['don’t know', 'do not know']], forbid: ['Knave'] }] },
        ],
      }));
      const { code, stdout } = await run(['conversation', '--file', script, '--characters', path.join(root, 'characters'), '--corpus', path.join(root, 'corpus'), '--json', '--out', out]);
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as { parts: Array<{ part: string; replies: number; answerRate: number; defectsPer100: Record<string, number>; distinctness: { all: number }; turns: Array<{ reply: string }> }> };
      expect(report.parts).toHaveLength(1);
      expect(report.parts[0]).toMatchObject({ part: 'tiny', replies: 3, answerRate: 1 });
      expect(Object.keys(report.parts[0]!.defectsPer100)).toEqual(['third-person-self', 'misattributed-line', 'own-words-as-visitors', 'internal-label', 'repeat', 'too-short', 'too-long']);
      expect(isFraction(report.parts[0]!.distinctness.all)).toBe(true);
      expect(await readFile(path.join(out, 'conversation.md'), 'utf8')).toMatch(/\n\| part \| replies \| answer rate/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('answers a usage error with exit code 2', async () => {
    expect((await run(['nonsense'])).code).toBe(2);
    expect((await run(['fairytaleqa'])).code).toBe(2);
    expect((await run(['evolution', '--character', 'alice', '--cycles', 'many'])).code).toBe(2);
  });
});
