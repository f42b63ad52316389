import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSse } from '../helpers/sse.ts';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';

const servers: TestServer[] = [];
async function start(...args: Parameters<typeof startTestServer>) {
  const server = await startTestServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  // Newest first: a restarted server shares its DATA_DIR with the first one, and writes to it until closed.
  for (const server of servers.splice(0).reverse()) await server.destroy();
});

async function journalSize(dataDir: string): Promise<number> {
  return stat(path.join(dataDir, 'journal.jsonl')).then((info) => info.size, () => 0);
}

describe('chat API', () => {
  it('lists the six bundled characters from two books', async () => {
    const server = await start();
    const characters = (await (await fetch(`${server.baseUrl}/api/characters`)).json()) as Array<{ id: string; book: { id: string } }>;
    expect(characters.map((character) => character.id).sort()).toEqual(['alice', 'cheshire-cat', 'mad-hatter', 'robert-walton', 'the-creature', 'victor-frankenstein']);
    expect(new Set(characters.map((character) => character.book.id))).toEqual(new Set(['alice', 'frankenstein']));
  });

  it('streams a reply word by word, names the voice, and sets a visitor cookie', async () => {
    const server = await start();
    const reply = await postMessage(server.baseUrl, 'alice', { message: 'Tell me about the croquet game with the Queen' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/event-stream');
    expect(reply.headers.get('set-cookie')).toMatch(/visitor=[\w-]{16,}; .*HttpOnly/i);
    const events = parseSse(reply.text);
    const deltas = events.filter((event) => event.event === 'text-delta');
    expect(deltas.length).toBeGreaterThan(5);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data).toMatchObject({ provider: 'offline', model: 'offline-voice', isPartial: false });
    const text = deltas.map((event) => (event.data as { text: string }).text).join('');
    expect(text.toLowerCase()).toMatch(/croquet|queen/);
  });

  it('keeps the conversation for the visitor across a restart, and only for that visitor', async () => {
    const first = await start();
    const reply = await postMessage(first.baseUrl, 'mad-hatter', { message: 'Why is a raven like a writing-desk?' });
    const cookie = reply.headers.get('set-cookie')!.split(';')[0]!;
    await first.close();
    const second = await start({}, { dataDir: first.dataDir });
    const turns = (await (await fetch(`${second.baseUrl}/api/characters/mad-hatter/conversation`, { headers: { cookie } })).json()) as Array<{ role: string; text: string; provider?: string }>;
    expect(turns.map((turn) => turn.role)).toEqual(['visitor', 'character']);
    expect(turns[0]!.text).toBe('Why is a raven like a writing-desk?');
    expect(turns[1]!.provider).toBe('offline');
    const stranger = (await (await fetch(`${second.baseUrl}/api/characters/mad-hatter/conversation`)).json()) as unknown[];
    expect(stranger).toEqual([]);
  });

  it('refuses bad requests with clear JSON errors and writes nothing', async () => {
    const server = await start();
    const before = await journalSize(server.dataDir);
    const cases: Array<[string, unknown, number]> = [
      ['alice', { message: '' }, 400],
      ['alice', { message: '   \n ' }, 400],
      ['alice', { message: 'x'.repeat(4001) }, 413],
      ['alice', '{"message": "unterminated', 400],
      ['alice', { message: 42 }, 400],
      ['alice', { message: 'hello\u0000there' }, 400],
      ['nobody', { message: 'hello' }, 404],
      ['..%2F..%2Fetc', { message: 'hello' }, 404],
    ];
    for (const [id, body, status] of cases) {
      const reply = await postMessage(server.baseUrl, id, body);
      expect(reply.status, `${id} ${JSON.stringify(body).slice(0, 40)}`).toBe(status);
      const error = JSON.parse(reply.text) as { error: { message: string } };
      expect(error.error.message.length).toBeGreaterThan(5);
    }
    expect(await journalSize(server.dataDir)).toBe(before);
    const unknown = await fetch(`${server.baseUrl}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: unknown }).error).toBeDefined();
  });

  it('replays the journal after a torn last line, skipping it without failing', async () => {
    const first = await start();
    const reply = await postMessage(first.baseUrl, 'alice', { message: 'Who are you?' });
    const cookie = reply.headers.get('set-cookie')!.split(';')[0]!;
    await first.close();
    const journal = path.join(first.dataDir, 'journal.jsonl');
    await appendFile(journal, '{"id":"torn","character":"alice","visi');
    const second = await start({}, { dataDir: first.dataDir });
    const turns = (await (await fetch(`${second.baseUrl}/api/characters/alice/conversation`, { headers: { cookie } })).json()) as unknown[];
    expect(turns).toHaveLength(2);
    const again = await postMessage(second.baseUrl, 'alice', { message: 'And where are you now?' }, { cookie });
    expect(again.status).toBe(200);
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    expect(lines.at(-1)).toContain('"role":"character"');
  });

  it('serves the visitor page and health check', async () => {
    const server = await start();
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<label for="message"');
    expect(((await (await fetch(`${server.baseUrl}/healthz`)).json()) as { ok: boolean }).ok).toBe(true);
  });
});
