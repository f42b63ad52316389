import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingProvider } from '../helpers/recording-provider.ts';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';
import { parseSse } from '../helpers/sse.ts';

const token = 'test-admin-token-0123456789';
const admin = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0).reverse()) await server.destroy();
});

function replyText(body: string): string {
  return parseSse(body)
    .filter((event) => event.event === 'text-delta')
    .map((event) => (event.data as { text: string }).text)
    .join('');
}

describe('reflections in the life of a character', () => {
  it('writes a reflection on demand, shows it in the diary, and retrieves it in a later chat', async () => {
    const provider = createRecordingProvider((request) =>
      request.purpose === 'reflection'
        ? 'I keep thinking of the Queen at her croquet-ground, shouting for heads while the flamingoes twisted in our arms. It frightened me, and yet it made me braver.'
        : 'Oh, the Queen! I remember her well.',
    );
    const server = await startTestServer({ REVERIE_ADMIN_TOKEN: token }, { provider });
    servers.push(server);

    const refused = await fetch(`${server.baseUrl}/api/characters/alice/reflect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);

    const response = await fetch(`${server.baseUrl}/api/characters/alice/reflect`, { method: 'POST', headers: admin, body: JSON.stringify({ kind: 'chapter' }) });
    const result = (await response.json()) as { status: string; record: { text: string; provider: string; chapter: number; mood: number; importance: number; verdict: string } };
    expect(result.status).toBe('reflected');
    expect(result.record).toMatchObject({ provider: 'recording', chapter: 1, verdict: 'accepted' });
    expect(result.record.importance).toBeGreaterThanOrEqual(1);

    const diary = (await (await fetch(`${server.baseUrl}/api/characters/alice/reflections?limit=5`)).json()) as Array<{ text: string; chapterTitle: string }>;
    expect(diary).toHaveLength(1);
    expect(diary[0]!.text).toContain('croquet-ground');
    expect(diary[0]!.chapterTitle).toBe('Down the Rabbit-Hole');

    const chat = await postMessage(server.baseUrl, 'alice', { message: 'What did you make of the Queen and her croquet-ground?' });
    expect(chat.status).toBe(200);
    expect(provider.lastChatContext()).toContain('flamingoes twisted in our arms');

    const status = (await (await fetch(`${server.baseUrl}/api/status`)).json()) as { characters: Array<{ id: string; reflections: number; chapterCursor: { chapter: number } | null }> };
    const alice = status.characters.find((entry) => entry.id === 'alice')!;
    expect(alice.reflections).toBe(1);
    expect(alice.chapterCursor?.chapter).toBe(1);
  });

  it('keeps what a visitor shared private to that visitor after chat reflection', async () => {
    const server = await startTestServer({ REVERIE_ADMIN_TOKEN: token });
    servers.push(server);
    const first = await postMessage(server.baseUrl, 'alice', { message: 'My dog is called Rex and I live in Brighton. Do you like dogs?' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const reflected = await fetch(`${server.baseUrl}/api/characters/alice/reflect`, { method: 'POST', headers: admin, body: JSON.stringify({ kind: 'chat' }) });
    const result = (await reflected.json()) as { status: string; record?: { text: string } };
    expect(result.status).toBe('reflected');
    expect(result.record!.text).not.toMatch(/Rex|Brighton/);

    const owner = await postMessage(server.baseUrl, 'alice', { message: 'What is my dog called, Rex or something else?' }, { cookie });
    expect(owner.status).toBe(200);
    expect(replyText(owner.text)).toContain('Rex');
    const stranger = await postMessage(server.baseUrl, 'alice', { message: 'Whose dog is called Rex? Who lives in Brighton?' });
    expect(replyText(stranger.text)).not.toMatch(/Brighton/);
    const diary = JSON.stringify(await (await fetch(`${server.baseUrl}/api/characters/alice/reflections`)).json());
    expect(diary).not.toMatch(/Rex|Brighton/);
  });
});
