import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, changedOutsideData, startSandbox, type Sandbox } from './hardening-kit.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_IP_PER_MINUTE: '100000' });
});
afterAll(async () => {
  await sandbox.destroy();
});

/** Every endpoint, with `{id}` where a random or hostile segment goes. */
const publicEndpoints: Array<[string, string]> = [
  ['GET', '/api/characters'],
  ['GET', '/api/characters/{id}'],
  ['GET', '/api/characters/{id}/conversation'],
  ['GET', '/api/characters/{id}/reflections'],
  ['POST', '/api/characters/{id}/messages'],
  ['GET', '/api/books'],
  ['GET', '/api/books/{id}'],
  ['GET', '/api/status'],
  ['GET', '/api/usage'],
  ['GET', '/{id}'],
];
const adminEndpoints: Array<[string, string]> = [
  ['POST', '/api/characters/{id}/reflect'],
  ['GET', '/api/characters/{id}/quarantine'],
  ['POST', '/api/characters/{id}/dreams'],
  ['GET', '/api/characters/{id}/dreams'],
  ['GET', '/api/dreams/{id}'],
  ['POST', '/api/dreams/{id}/approve'],
  ['GET', '/api/characters/{id}/memory/versions'],
  ['POST', '/api/characters/{id}/memory/rollback'],
  ['POST', '/api/books'],
  ['POST', '/api/books/{id}/characters'],
  ['POST', '/api/characters/import'],
  ['GET', '/api/characters/{id}/card'],
  ['PUT', '/api/characters/{id}/card'],
];

const segment = fc.oneof(
  fc.constantFrom('alice', 'mad-hatter', 'alice.1', '..', '%2e%2e%2f', '%00', '..%2F..%2Fetc%2Fpasswd', '%2Ftmp%2Fx', 'frankenstein', 'alice%2F..'),
  fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)),
  fc.stringMatching(/^[a-z0-9-]{1,70}$/),
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.string({ maxLength: 500, unit: 'binary' }).map((text) => new TextEncoder().encode(text)),
  fc.json({ maxDepth: 6 }).map((text) => new TextEncoder().encode(text)),
  fc.record({ message: fc.string({ maxLength: 300, unit: 'grapheme' }), visitorId: fc.option(fc.string({ maxLength: 70 }), { nil: undefined }), newConversation: fc.option(fc.boolean(), { nil: undefined }) }).map((value) => new TextEncoder().encode(JSON.stringify(value))),
);
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=xyz', 'application/json; charset=utf-16', '');

async function send(method: string, template: string, id: string, bytes: Uint8Array, type: string, headers: Record<string, string>) {
  const url = `${sandbox.server.baseUrl}${template.replace('{id}', id)}`;
  const response = await fetch(url, {
    method,
    headers: { ...(type ? { 'content-type': type } : {}), ...headers },
    ...(method === 'GET' ? {} : { body: Buffer.from(bytes) }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('random input at every endpoint', () => {
  it('never gets a 5xx, never crashes the server and never writes outside DATA_DIR', async () => {
    const before = await sandbox.snapshot();
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...publicEndpoints).map((endpoint) => ({ endpoint, headers: {} })), fc.constantFrom(...adminEndpoints).map((endpoint) => ({ endpoint, headers: asAdmin }))),
        segment,
        body,
        contentType,
        async ({ endpoint, headers }, id, bytes, type) => {
          const status = await send(endpoint[0], endpoint[1], id, bytes, type, headers);
          statuses.push(status);
          expect(status, `${endpoint[0]} ${endpoint[1]} id=${id}`).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
    const health = await fetch(`${sandbox.server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    // An admin may upload a book made of random text: new corpus folders are the only change allowed.
    const changed = changedOutsideData(before, await sandbox.snapshot()).filter((file) => !(file.startsWith('sandbox/corpus/') && !before.has(file)));
    expect(changed).toEqual([]);
    expect(statuses.length).toBe(200);
  }, 120_000);
});
