import { afterEach, describe, expect, it } from 'vitest';
import { createStreamLimiter } from '../../src/server/stream-limiter.ts';
import { postMessage } from '../helpers/reverie-server.ts';
import { startSandbox, type Sandbox } from './hardening-kit.ts';

const sandboxes: Sandbox[] = [];
async function start(environment: Record<string, string>) {
  const sandbox = await startSandbox(environment);
  sandboxes.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) await sandbox.destroy();
});

const visitor = (name: string) => `visitor-${name}-0123456789abcdef`;

/** Opens a reply stream and resolves once its headers are in; `finish` reads it to the end. */
async function openStream(baseUrl: string, visitorId: string) {
  const response = await fetch(`${baseUrl}/api/characters/alice/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Tell me about the White Rabbit and his gloves', visitorId }) });
  return { status: response.status, finish: () => response.text() };
}

describe('message rate limits', () => {
  it('refuses a visitor past RATE_LIMIT_PER_MINUTE with 429 JSON, Retry-After and RateLimit headers, while others still talk', async () => {
    const { server } = await start({ RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_IP_PER_MINUTE: '100' });
    for (let index = 0; index < 3; index += 1) {
      const reply = await postMessage(server.baseUrl, 'alice', { message: `hello ${index}`, visitorId: visitor('a') });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('ratelimit-policy')).toMatch(/q=3/);
    }
    const refused = await postMessage(server.baseUrl, 'alice', { message: 'one more', visitorId: visitor('a') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/r=0/);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/visitor/) } });
    const other = await postMessage(server.baseUrl, 'alice', { message: 'hello', visitorId: visitor('b') });
    expect(other.status).toBe(200);
  });

  it('refuses an address past RATE_LIMIT_PER_IP_PER_MINUTE however many visitor ids it invents', async () => {
    const { server } = await start({ RATE_LIMIT_PER_MINUTE: '100', RATE_LIMIT_PER_IP_PER_MINUTE: '4' });
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) statuses.push((await postMessage(server.baseUrl, 'alice', { message: 'hello', visitorId: visitor(`n${index}`) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const cookieless = await postMessage(server.baseUrl, 'alice', { message: 'hello' });
    expect(cookieless.status).toBe(429);
    expect(JSON.parse(cookieless.text)).toMatchObject({ error: { message: expect.stringMatching(/address/) } });
  });

  it('does not count reads against the message limit', async () => {
    const { server } = await start({ RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_PER_IP_PER_MINUTE: '1' });
    for (let index = 0; index < 5; index += 1) expect((await fetch(`${server.baseUrl}/api/characters`)).status).toBe(200);
  });
});

describe('open streams per visitor', () => {
  it('refuses a stream past MAX_STREAMS_PER_VISITOR with 429 and accepts again once one closes', async () => {
    const { server } = await start({ MAX_STREAMS_PER_VISITOR: '2', OFFLINE_WORD_DELAY_MS: '40' });
    const first = await openStream(server.baseUrl, visitor('s'));
    const second = await openStream(server.baseUrl, visitor('s'));
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await postMessage(server.baseUrl, 'alice', { message: 'and a third', visitorId: visitor('s') });
    expect(third.status).toBe(429);
    expect(JSON.parse(third.text)).toMatchObject({ error: { message: expect.stringMatching(/in progress/) } });
    const stranger = await openStream(server.baseUrl, visitor('t'));
    expect(stranger.status).toBe(200);
    await Promise.all([first.finish(), second.finish(), stranger.finish()]);
    const again = await postMessage(server.baseUrl, 'alice', { message: 'now again', visitorId: visitor('s') });
    expect(again.status).toBe(200);
  });

  it('releases a slot once, however often release is called, and forgets idle visitors', () => {
    const limiter = createStreamLimiter({ maxPerVisitor: 1 });
    const release = limiter.tryOpen('a')!;
    expect(limiter.tryOpen('a')).toBeUndefined();
    release();
    release();
    expect(limiter.openCount()).toBe(0);
    const again = limiter.tryOpen('a');
    expect(again).toBeTypeOf('function');
    expect(limiter.openCount()).toBe(1);
  });
});

describe('background work under load', () => {
  it('skips a reflection tick while a reply stream is open, and reflects once the house is quiet', async () => {
    const { server } = await start({ OFFLINE_WORD_DELAY_MS: '40', IDLE_AFTER_MS: '0' });
    const reflection = server.reverie.reflection;
    const open = await openStream(server.baseUrl, visitor('r'));
    expect(open.status).toBe(200);
    const during = await reflection.tick();
    expect(during).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/stream/) });
    await open.finish();
    const after = await reflection.tick();
    expect(after.reason).not.toMatch(/stream/);
  });
});
