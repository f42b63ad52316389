import { describe, expect, it } from 'vitest';
import { runEvalCommand } from '../../src/eval/eval-command.ts';
import { answersDirectly, judgeReply, seededRandom } from '../../src/eval/outcomes.ts';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runEvalCommand(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

describe('reverie eval outcomes', () => {
  it('judges a reply on its text by the visitor\'s preference', () => {
    const long = Array.from({ length: 60 }, () => 'word').join(' ');
    expect(judgeReply('brief', 'The Queen shouted at everyone.', { question: 'Who shouted?', facts: [] })).toEqual({ rating: 1 });
    expect(judgeReply('brief', long, { question: 'Who shouted?', facts: [] })).toEqual({ rating: -1, reason: 'too_long' });
    expect(answersDirectly('Who is the Queen of Hearts?', 'The Queen is a fury. Oh, how she shouted.')).toBe(true);
    expect(answersDirectly('Who is the Queen of Hearts?', 'Oh, I remember that well! The Queen is a fury.')).toBe(false);
    expect(judgeReply('warm', 'How is Rex, Tom?', { question: 'Who is the Queen?', facts: ['Tom', 'Rex'] }).rating).toBe(1);
    expect(judgeReply('warm', 'The Queen is a fury.', { question: 'Who is the Queen?', facts: ['Tom', 'Rex'] })).toEqual({ rating: -1, reason: 'ignored_me' });
  });

  it('draws the same numbers from the same seed', () => {
    const first = seededRandom(7);
    const second = seededRandom(7);
    expect(Array.from({ length: 5 }, first)).toEqual(Array.from({ length: 5 }, second));
  });

  it('runs a small simulation through the server and prints { rounds, treatment, control, gain }', async () => {
    const { code, stdout, stderr } = await run(['outcomes', '--dreams', '1', '--visitors', '3', '--questions', '3', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      rounds: Array<{ round: number; treatment: { likeRate: number; rated: number }; control: { likeRate: number } }>;
      treatment: { likeRate: number; byPreference: Record<string, number> };
      control: { likeRate: number; byPreference: Record<string, number> };
      gain: number;
      strategies: Array<{ text: string; evidence: string[] }>;
    };
    expect(Object.keys(report).slice(0, 4)).toEqual(['rounds', 'treatment', 'control', 'gain']);
    expect(report.rounds.map((round) => round.round)).toEqual([0, 1]);
    // Before any dream both arms answer alike.
    expect(report.rounds[0]!.treatment.likeRate).toBe(report.rounds[0]!.control.likeRate);
    expect(report.rounds[0]!.treatment.rated).toBe(27);
    expect(report.gain).toBeCloseTo(report.treatment.likeRate - report.control.likeRate, 3);
    expect(report.gain).toBeGreaterThan(0);
    expect(report.strategies.length).toBeGreaterThan(0);
    for (const strategy of report.strategies) expect(strategy.evidence.length).toBeGreaterThanOrEqual(3);
  }, 30_000);
});
