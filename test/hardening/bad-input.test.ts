import { request as httpRequest } from 'node:http';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEpub, understateSize } from '../ingest/epub-kit.ts';
import { asAdmin, changedOutsideData, startSandbox, type Sandbox } from './hardening-kit.ts';

let sandbox: Sandbox;
let before: Map<string, string>;
beforeAll(async () => {
  sandbox = await startSandbox();
  before = await sandbox.snapshot();
});
afterAll(async () => {
  await sandbox.destroy();
});

async function journalSize(): Promise<number> {
  return stat(path.join(sandbox.server.dataDir, 'journal.jsonl')).then((info) => info.size, () => 0);
}

/** Sends raw bytes with node:http (fetch would re-encode strings), returning status and parsed JSON. */
function rawRequest(method: string, url: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; contentType: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url, sandbox.server.baseUrl);
    const outgoing = httpRequest(target, { method, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: response.statusCode ?? 0, json, contentType: String(response.headers['content-type'] ?? '') });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function expectClientError(result: { status: number; json: unknown; contentType: string }, label: string) {
  expect(result.status, label).toBeGreaterThanOrEqual(400);
  expect(result.status, label).toBeLessThan(500);
  expect(result.contentType, label).toContain('application/json');
  expect((result.json as { error?: { message?: string } }).error?.message, label).toEqual(expect.any(String));
}

describe('bad chat messages', () => {
  const cases: Array<[string, string | Uint8Array]> = [
    ['an empty message', JSON.stringify({ message: '' })],
    ['a whitespace-only message', JSON.stringify({ message: ' \n\t  ' })],
    ['an over-long message', JSON.stringify({ message: 'a'.repeat(4001) })],
    ['a message with control characters', JSON.stringify({ message: 'hello\u0007\u0000there' })],
    ['a lone surrogate', '{"message":"half \\ud800 a pair"}'],
    ['invalid UTF-8 bytes', Buffer.concat([Buffer.from('{"message":"caf'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')])],
    ['an overlong UTF-8 encoding', Buffer.concat([Buffer.from('{"message":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])],
    ['malformed JSON', '{"message": "hi"'],
    ['a JSON array', '["message"]'],
    ['a JSON string', '"message"'],
    ['a number where text belongs', JSON.stringify({ message: 42 })],
    ['an empty body', ''],
    ['100k nested arrays', `{"message":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['100k nested objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
    ['a body over the limit', JSON.stringify({ message: 'x'.repeat(200_000) })],
    ['a malformed visitor id', JSON.stringify({ message: 'hi', visitorId: '../../etc/passwd' })],
  ];

  it.each(cases)('answers %s with a 4xx JSON error and writes nothing', async (label, body) => {
    const result = await rawRequest('POST', '/api/characters/alice/messages', body);
    expectClientError(result, label);
    expect(await journalSize()).toBe(0);
  });

  it('answers a body in another content type with 4xx and writes nothing', async () => {
    expectClientError(await rawRequest('POST', '/api/characters/alice/messages', 'message=hi', { 'content-type': 'application/x-www-form-urlencoded' }), 'form body');
    expectClientError(await rawRequest('POST', '/api/characters/alice/messages', '{"message":"hi"}', { 'content-type': 'application/json; charset=latin-7' }), 'unknown charset');
    expect(await journalSize()).toBe(0);
  });

  it('still answers a good message after all of that', async () => {
    const result = await fetch(`${sandbox.server.baseUrl}/api/characters/alice/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Hello Alice' }) });
    expect(result.status).toBe(200);
    await result.text();
    expect(await journalSize()).toBeGreaterThan(0);
  });
});

describe('routes and ids', () => {
  const traversals = ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc', '..', '%2Fetc%2Fpasswd', 'alice%00', '%00', 'ALICE', 'a'.repeat(200), 'alice%2F..%2F..%2F'];

  it.each(traversals)('answers the character id %s with 4xx', async (id) => {
    for (const url of [`/api/characters/${id}`, `/api/characters/${id}/conversation`, `/api/characters/${id}/reflections`]) {
      expectClientError(await rawRequest('GET', url, ''), url);
    }
    expectClientError(await rawRequest('POST', `/api/characters/${id}/messages`, JSON.stringify({ message: 'hi' })), 'messages');
    expectClientError(await rawRequest('PUT', `/api/characters/${id}/card`, '{}', asAdmin), 'card');
    expectClientError(await rawRequest('POST', `/api/characters/${id}/reflect`, '{}', asAdmin), 'reflect');
    expectClientError(await rawRequest('POST', `/api/characters/${id}/dreams`, '{}', asAdmin), 'dreams');
  });

  it.each(traversals)('answers the book id %s with 4xx', async (id) => {
    expectClientError(await rawRequest('GET', `/api/books/${id}`, ''), 'book');
    expectClientError(await rawRequest('POST', `/api/books/${id}/characters`, JSON.stringify({ name: 'Alice' }), asAdmin), 'draft');
    expectClientError(await rawRequest('POST', `/api/books?id=${id}`, 'Chapter 1\n\nText.', { ...asAdmin, 'content-type': 'text/plain' }), 'upload id');
  });

  it('answers unknown routes with a 404 JSON error', async () => {
    for (const [method, url] of [['GET', '/api/nothing'], ['POST', '/api/characters'], ['DELETE', '/api/characters/alice'], ['GET', '/nothing-here.html'], ['GET', '/../../etc/passwd'], ['GET', '/%2e%2e/%2e%2e/etc/passwd']] as const) {
      const result = await rawRequest(method, url, '');
      expect(result.status, url).toBe(404);
      expect(result.contentType, url).toContain('application/json');
    }
  });
});

describe('uploads and cards (admin)', () => {
  function upload(bytes: Uint8Array, fileName: string) {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(bytes)]), fileName);
    return fetch(`${sandbox.server.baseUrl}/api/books`, { method: 'POST', headers: asAdmin, body: form });
  }

  it('refuses empty, binary, enormous and zip-bomb books with a 4xx JSON error', async () => {
    // 90 MB of zeros in the one chapter of the spine (about 90 kB zipped); the liar declares 1 kB.
    const bomb = await buildEpub('Bomb', 'X', [{ heading: 'Chapter I', paragraphs: ['0'.repeat(90 * 1024 * 1024)] }]);
    const liar = understateSize(bomb, 'OEBPS/text/ch0.xhtml', 1000);
    const cases: Array<[Uint8Array, string]> = [
      [new Uint8Array(), 'empty.txt'],
      [Uint8Array.from({ length: 8192 }, (_, index) => (index * 7919) % 256), 'noise.txt'],
      [Uint8Array.from({ length: 8192 }, (_, index) => (index * 31) % 256), 'noise.epub'],
      [new Uint8Array(21 * 1024 * 1024).fill(0x61), 'enormous.txt'],
      [bomb, 'bomb.epub'],
      [liar, 'liar.epub'],
    ];
    for (const [bytes, name] of cases) {
      const response = await upload(bytes, name);
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      expect(((await response.json()) as { error: { message: string } }).error.message, name).toEqual(expect.any(String));
    }
  }, 60_000);

  it('refuses a card with megabyte fields and keeps the saved card', async () => {
    const current = (await (await fetch(`${sandbox.server.baseUrl}/api/characters/alice/card`, { headers: asAdmin })).json()) as { data: Record<string, unknown> };
    for (const field of ['description', 'first_mes', 'name', 'personality']) {
      const card = { ...current, data: { ...current.data, [field]: 'x'.repeat(2 * 1024 * 1024) } };
      const result = await rawRequest('PUT', '/api/characters/alice/card', JSON.stringify(card), asAdmin);
      expectClientError(result, field);
    }
    const huge = { ...current, data: { ...current.data, description: 'x'.repeat(6 * 1024 * 1024) } };
    expectClientError(await rawRequest('PUT', '/api/characters/alice/card', JSON.stringify(huge), asAdmin), 'over the card limit');
  }, 60_000);

  it('left every file outside DATA_DIR as it was', async () => {
    expect(changedOutsideData(before, await sandbox.snapshot())).toEqual([]);
  });
});
