import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUsageLedger } from '../../src/llm/usage-ledger.ts';

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

const usage = (inputTokens: number) => ({ inputTokens, outputTokens: 10, cacheReadTokens: 5, cacheWriteTokens: 1 });

describe('usage ledger', () => {
  it('sums per day, provider and purpose', () => {
    let now = new Date('2025-03-01T23:59:00Z');
    const ledger = createUsageLedger({ now: () => now });
    ledger.record({ provider: 'anthropic', model: 'm', purpose: 'chat', isPaid: true, usage: usage(100) });
    ledger.record({ provider: 'anthropic', model: 'm', purpose: 'chat', isPaid: true, usage: usage(50) });
    ledger.record({ provider: 'anthropic', model: 'm', purpose: 'reflection', isPaid: true, usage: usage(7) });
    now = new Date('2025-03-02T00:01:00Z');
    ledger.record({ provider: 'offline', model: 'book', purpose: 'chat', isPaid: false, usage: usage(0) });
    expect(ledger.summary()).toEqual([
      { day: '2025-03-01', provider: 'anthropic', purpose: 'chat', replies: 2, inputTokens: 150, outputTokens: 20, cacheReadTokens: 10, cacheWriteTokens: 2 },
      { day: '2025-03-01', provider: 'anthropic', purpose: 'reflection', replies: 1, inputTokens: 7, outputTokens: 10, cacheReadTokens: 5, cacheWriteTokens: 1 },
      { day: '2025-03-02', provider: 'offline', purpose: 'chat', replies: 1, inputTokens: 0, outputTokens: 10, cacheReadTokens: 5, cacheWriteTokens: 1 },
    ]);
    expect(ledger.tokensSpent({ day: '2025-03-01', purposes: ['reflection', 'dream'], isPaid: true })).toBe(23);
  });

  it('persists to JSON lines and reloads them, skipping a torn last line', async () => {
    directory = await mkdtemp(join(tmpdir(), 'ledger-'));
    const path = join(directory, 'nested', 'usage.jsonl');
    const now = () => new Date('2025-03-01T10:00:00Z');
    const first = createUsageLedger({ path, now });
    first.record({ provider: 'anthropic', model: 'm', purpose: 'dream', isPaid: true, usage: usage(40) });
    await first.flush();
    await writeFile(path, `${await readFile(path, 'utf8')}{"at":"2025-03-01T1`, 'utf8');
    const lines: string[] = [];
    const reloaded = createUsageLedger({ path, now, log: (line) => lines.push(line) });
    expect(reloaded.summary()).toHaveLength(1);
    expect(reloaded.tokensSpent({ day: '2025-03-01' })).toBe(56);
    expect(lines).toEqual([expect.stringContaining('line 2')]);
  });

  it('flush reports a ledger that cannot be written', async () => {
    directory = await mkdtemp(join(tmpdir(), 'ledger-'));
    await writeFile(join(directory, 'file'), 'x');
    const ledger = createUsageLedger({ path: join(directory, 'file', 'usage.jsonl') });
    ledger.record({ provider: 'p', model: 'm', purpose: 'chat', isPaid: false, usage: usage(1) });
    await expect(ledger.flush()).rejects.toThrow(/could not write the usage ledger/);
  });
});
