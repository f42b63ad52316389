import { describe, expect, it } from 'vitest';
import { createActivityTracker } from '../../src/reflection/activity-tracker.ts';
import { reflectOnce } from '../../src/reflection/reflect-once.ts';
import { createSlowProvider, createTestDeps, loadCard, variantCard } from './helpers.ts';
import { smallBook } from './small-book.ts';

const card = variantCard(loadCard('alice'), 'Mira');
card.data.extensions.reverie.book = 'small';

describe('preemption', () => {
  it('a chat that starts mid-reflection finishes first, and the aborted draft is not stored', async () => {
    const tracker = createActivityTracker();
    const provider = createSlowProvider('I keep thinking of the lantern and the ferryman and the river at night.', { delayMs: 20 });
    const { deps, sink, memory } = createTestDeps({ characters: [{ id: 'mira', card }], book: smallBook(), provider });
    const events: string[] = [];
    const background = tracker.runBackground((signal) => reflectOnce(deps, { signal })).then((result) => {
      events.push(`reflection ${result.status}: ${result.reason}`);
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 70));
    const end = tracker.beginStream();
    events.push('chat began');
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.push('chat finished');
    end();
    const result = await background;
    expect(provider.requests[0]?.signal?.aborted).toBe(true);
    expect(result).toEqual({ status: 'skipped', reason: 'preempted' });
    expect(events).toEqual(['chat began', 'reflection skipped: preempted', 'chat finished']);
    expect(sink.records).toEqual([]);
    expect(memory('mira').items).toEqual([]);
    expect(tracker.snapshot()).toMatchObject({ preemptions: 1, isBackgroundRunning: false, openStreams: 0 });
  });

  it('retries the same chapter after a preemption, since the cursor did not move', async () => {
    const tracker = createActivityTracker();
    const provider = createSlowProvider('A short reflection on the lantern.', { delayMs: 10 });
    const { deps } = createTestDeps({ characters: [{ id: 'mira', card }], book: smallBook(), provider });
    const first = tracker.runBackground((signal) => reflectOnce(deps, { signal }));
    await new Promise((resolve) => setTimeout(resolve, 15));
    tracker.beginStream()();
    expect((await first).status).toBe('skipped');
    const second = await tracker.runBackground((signal) => reflectOnce(deps, { signal }));
    expect(second.record).toMatchObject({ chapter: 1, provider: 'slow-fake', text: 'A short reflection on the lantern.' });
  });

  it('refuses to start a second background job while one runs', async () => {
    const tracker = createActivityTracker();
    let release = () => {};
    const running = tracker.runBackground(() => new Promise<void>((resolve) => { release = resolve; }));
    await expect(tracker.runBackground(async () => {})).rejects.toThrow('already running');
    release();
    await running;
  });
});
