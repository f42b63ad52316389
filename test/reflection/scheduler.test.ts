import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScheduleError, createReflectionScheduler } from '../../src/reflection/scheduler.ts';

function recordingLogger() {
  const errors: string[] = [];
  return { errors, logger: { info: () => {}, error: (message: string) => errors.push(message) } };
}

describe('createReflectionScheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('rejects an invalid cron expression with a clear error', () => {
    expect(() => createReflectionScheduler({ cronExpression: 'every tuesday', tick: async () => {} })).toThrow(ScheduleError);
  });

  it('reports the next run only while started', () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T12:03:00Z') });
    const scheduler = createReflectionScheduler({ tick: async () => {} });
    expect(scheduler.nextRunAt()).toBeNull();
    scheduler.start();
    expect(scheduler.nextRunAt()?.toISOString()).toBe('2025-01-01T12:10:00.000Z');
    scheduler.stop();
    expect(scheduler.nextRunAt()).toBeNull();
  });

  it('never runs two ticks at once', async () => {
    let release = () => {};
    let running = 0;
    let maxRunning = 0;
    const scheduler = createReflectionScheduler({
      tick: () => new Promise<void>((resolve) => { running += 1; maxRunning = Math.max(maxRunning, running); release = () => { running -= 1; resolve(); }; }),
    });
    const first = scheduler.runNow();
    expect(await scheduler.runNow()).toBe(false);
    expect(scheduler.isRunning()).toBe(true);
    release();
    expect(await first).toBe(true);
    expect(maxRunning).toBe(1);
  });

  it('logs a failing tick and keeps going', async () => {
    const { errors, logger } = recordingLogger();
    let calls = 0;
    const scheduler = createReflectionScheduler({ logger, tick: async () => { calls += 1; throw new Error('boom'); } });
    await expect(scheduler.runNow()).resolves.toBe(true);
    await expect(scheduler.runNow()).resolves.toBe(true);
    expect(calls).toBe(2);
    expect(errors).toEqual(['reflection tick failed', 'reflection tick failed']);
  });

  it('fires scheduled ticks from node-cron', async () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T12:09:59Z') });
    let calls = 0;
    const scheduler = createReflectionScheduler({ cronExpression: '*/10 * * * *', tick: async () => { calls += 1; } });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2_000);
    scheduler.stop();
    expect(calls).toBe(1);
  });

  it('lets node-cron forget its task once closed, so a closed server is not kept alive by the registry', async () => {
    const before = cron.getTasks().size;
    const scheduler = createReflectionScheduler({ tick: async () => {} });
    scheduler.start();
    expect(cron.getTasks().size).toBe(before + 1);
    scheduler.close();
    await vi.waitFor(() => expect(cron.getTasks().size).toBe(before));
    expect(scheduler.nextRunAt()).toBeNull();
  });
});
