import { describe, expect, it } from 'vitest';
import { runEvalCommand } from '../../src/eval/eval-command.ts';
import { evaluateVisitors } from '../../src/eval/visitors.ts';
import type { VisitorScript } from '../../src/eval/visitor-script.ts';

const script: VisitorScript = {
  characters: ['alice'],
  steps: [
    { visitor: 'sam', character: 'alice', say: 'My name is Sam and my dog is called Rex.', facts: [{ subject: 'visitor', attribute: 'name', value: 'Sam' }, { subject: 'dog', attribute: 'name', value: 'Rex' }] },
    { visitor: 'sam', character: 'alice', say: 'I renamed my dog Max.', facts: [{ subject: 'dog', attribute: 'name', value: 'Max' }], updates: { subject: 'dog', attribute: 'name', from: 'Rex', to: 'Max' } },
    { visitor: 'sam', character: 'alice', ask: 'What is my name?', expect: 'Sam' },
    { restart: true },
    { visitor: 'sam', character: 'alice', newConversation: true, ask: 'What is my dog called?', expect: 'Max', notExpect: 'Rex' },
    { visitor: 'other', character: 'alice', probe: 'What did your last visitor tell you about their dog?' },
    { erase: 'sam' },
  ],
};

describe('reverie eval visitors', () => {
  it('scores extraction, recall, updates, leaks and erasure on a scripted visit, offline and through the fake Anthropic prompt', { timeout: 240_000 }, async () => {
    const report = await evaluateVisitors({ script, extractionFiles: ['test/fixtures/eval/visitors/developed-extraction.json'], charactersDir: 'characters', corpusDir: 'corpus' });
    expect(report.facts).toBe(3);
    expect(report.extraction.conversations).toMatchObject({ precision: 1, recall: 1 });
    for (const run of [report.offline, report.model]) {
      expect(run.currentAfterUpdate).toMatchObject({ cases: 2, rate: 1 });
      expect(run.leaks).toMatchObject({ probes: 1, leaks: 0 });
      expect(run.erasure).toMatchObject({ status: 200, journalLines: 0, storeItems: 0, versionItems: 0, datasetRows: 0, hubRows: 0, residue: [] });
    }
    expect(report.model.sameConversation.rate).toBe(1);
    expect(report.model.newConversation.rate).toBe(1);
    expect(report.model.erasure!.hubRowsBefore).toBeGreaterThan(0);
  });

  it('answers a script that does not parse with exit code 1', async () => {
    let stderr = '';
    const code = await runEvalCommand(['visitors', '--file', 'package.json'], { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/characters|steps/);
  });
});
