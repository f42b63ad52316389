import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSse } from '../helpers/sse.ts';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';

const ADMIN = 'outcomes-admin-token-0123456789';
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.destroy();
});

async function start(): Promise<TestServer> {
  const server = await startTestServer({ REVERIE_ADMIN_TOKEN: ADMIN });
  servers.push(server);
  return server;
}

const visitor = (name: string) => `visitor-${name}`.padEnd(20, '0');

async function talk(server: TestServer, visitorId: string, message: string, isNew = false): Promise<{ text: string; turnId: string }> {
  const reply = await postMessage(server.baseUrl, 'alice', { message, visitorId, ...(isNew ? { newConversation: true } : {}) });
  const events = parseSse(reply.text);
  const text = events.filter((event) => event.event === 'text-delta').map((event) => (event.data as { text: string }).text).join('');
  return { text: text.trim(), turnId: (events.at(-1)!.data as { turnId: string }).turnId };
}

async function rate(server: TestServer, turnId: string, body: unknown, character = 'alice') {
  const response = await fetch(`${server.baseUrl}/api/characters/${character}/turns/${turnId}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { rating?: number; reason?: string | null; error?: { code: string; message: string } } };
}

async function feedbackLines(server: TestServer): Promise<Array<{ visitor: string; kind: string; turnId: string }>> {
  const text = await readFile(path.join(server.dataDir, 'feedback.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { visitor: string; kind: string; turnId: string });
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('feedback on replies', () => {
  it('takes a rating of one of the visitor’s own replies, 404 for anyone else’s, 400 for bad input', async () => {
    const server = await start();
    const ann = visitor('ann');
    const { turnId } = await talk(server, ann, 'What was written on the little bottle?');
    const liked = await rate(server, turnId, { rating: 1, visitorId: ann });
    expect(liked).toMatchObject({ status: 201, body: { rating: 1, reason: null } });
    const disliked = await rate(server, turnId, { rating: -1, reason: 'too_long', note: 'a bit much', visitorId: ann });
    expect(disliked).toMatchObject({ status: 201, body: { rating: -1, reason: 'too_long' } });
    // The newer rating replaces the older one.
    expect(server.reverie.outcomes.feedback.signals('alice').map((signal) => [signal.rating, signal.reason])).toEqual([[-1, 'too_long']]);

    const visitorTurn = server.reverie.conversations.turnsFor('alice', ann).find((turn) => turn.role === 'visitor')!.id;
    for (const [id, body, character] of [[turnId, { rating: 1, visitorId: visitor('bob') }, 'alice'], [turnId, { rating: 1 }, 'alice'], [visitorTurn, { rating: 1, visitorId: ann }, 'alice'], ['no-such-turn', { rating: 1, visitorId: ann }, 'alice'], [turnId, { rating: 1, visitorId: ann }, 'mad-hatter'], [turnId, { rating: 1, visitorId: ann }, 'nobody']] as const) {
      const answer = await rate(server, id, body, character);
      expect(answer.status, JSON.stringify([id, body, character])).toBe(404);
    }
    for (const body of [{}, { rating: 2, visitorId: ann }, { rating: '1', visitorId: ann }, { rating: 1, reason: 'boring', visitorId: ann }, { rating: 1, note: 'x'.repeat(501), visitorId: ann }, { rating: 1, visitorId: ann, extra: true }, { rating: 1, visitorId: 'short' }]) {
      const answer = await rate(server, turnId, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error?.message.length).toBeGreaterThan(10);
    }
    expect(await feedbackLines(server)).toHaveLength(2);
  });

  it('notes a correction and the same question asked again against the reply before', async () => {
    const server = await start();
    const cy = visitor('cy');
    const first = await talk(server, cy, 'Who shouted “Off with her head” at the croquet ground?');
    await talk(server, cy, 'No, that was the Duchess.');
    const second = server.reverie.conversations.turnsFor('alice', cy).filter((turn) => turn.role === 'character').at(-1)!;
    await talk(server, cy, 'What did the Caterpillar ask you?');
    await talk(server, cy, 'But what was it the Caterpillar asked you?');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const signals = server.reverie.outcomes.feedback.signals('alice').map((signal) => [signal.kind, signal.turnId]);
    expect(signals).toContainEqual(['correction', first.turnId]);
    expect(signals.filter(([kind]) => kind === 'rephrase')).toHaveLength(1);
    expect(signals.some(([, id]) => id === second.id)).toBe(false);
  });
});

describe('strategies from ratings', () => {
  it('are learnt by a dream, listed for the admin with their evidence, read at the start of each conversation, and erased with the visitor', async () => {
    const server = await start();
    const strategies = async (token?: string) => {
      const response = await fetch(`${server.baseUrl}/api/characters/alice/strategies`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: response.status, body: (await response.json()) as { strategies: Array<{ text: string; evidence: string[]; rule?: string; value?: string; effect: unknown }> } };
    };
    expect((await strategies()).status).toBe(401);
    expect((await strategies(ADMIN)).body.strategies).toEqual([]);

    // Visitors who find long replies too long.
    const questions = ['How did you end up in Wonderland in the first place?', 'What did you find on the shelves while you were falling so slowly?', 'Tell me about the croquet game with the Queen.', 'What did the Caterpillar ask you?'];
    const raters = Array.from({ length: 4 }, (_, index) => visitor(`rater${index}`));
    for (const rater of raters) {
      for (const question of questions) {
        const { text, turnId } = await talk(server, rater, question);
        expect((await rate(server, turnId, words(text) <= 30 ? { rating: 1, visitorId: rater } : { rating: -1, reason: 'too_long', visitorId: rater })).status).toBe(201);
      }
    }
    // A conversation under way before the dream keeps the strategies it started with (none).
    const early = visitor('early');
    await talk(server, early, 'Hello!', true);

    const dream = await server.reverie.dreams.service.dream('alice', { mode: 'apply', force: true });
    expect(dream.status).toBe('applied');
    const listed = (await strategies(ADMIN)).body.strategies;
    const length = listed.find((strategy) => strategy.rule === 'max_words');
    expect(length).toBeDefined();
    expect(length!.text).toMatch(/under \d+ words/);
    expect(length!.evidence.length).toBeGreaterThanOrEqual(3);
    const replyIds = new Set(raters.flatMap((rater) => server.reverie.conversations.turnsFor('alice', rater).filter((turn) => turn.role === 'character').map((turn) => turn.id)));
    expect(length!.evidence.every((id) => replyIds.has(id))).toBe(true);
    expect(length!.effect).toMatchObject({ before: { rated: 16 } });

    const limit = Number(length!.value);
    const fresh = visitor('fresh');
    for (const question of questions) expect(words((await talk(server, fresh, question)).text)).toBeLessThanOrEqual(limit);
    const earlyReplies = [];
    for (const question of questions) earlyReplies.push(words((await talk(server, early, question)).text));
    expect(Math.max(...earlyReplies)).toBeGreaterThan(limit);

    // Forgetting a rater takes their ratings, and the strategies resting on their replies, with them.
    const theirs = new Set(server.reverie.conversations.turnsFor('alice', raters[0]!).map((turn) => turn.id));
    const response = await fetch(`${server.baseUrl}/api/visitors/me?confirm=yes&visitorId=${raters[0]}`, { method: 'DELETE' });
    const erased = (await response.json()) as { erased: { feedback: number } };
    expect(response.status).toBe(200);
    expect(erased.erased.feedback).toBe(4);
    expect((await feedbackLines(server)).some((line) => line.visitor === raters[0])).toBe(false);
    expect((await feedbackLines(server)).filter((line) => line.visitor === raters[1])).toHaveLength(4);
    expect(server.reverie.outcomes.feedback.signals('alice').some((signal) => signal.visitor === raters[0])).toBe(false);
    expect((await strategies(ADMIN)).body.strategies.some((strategy) => strategy.evidence.some((id) => theirs.has(id)))).toBe(false);
  });
});
