import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/main.ts';
import { postMessage, startTestServer } from '../helpers/reverie-server.ts';
import { adminToken, asAdmin, startSandbox, type Sandbox } from './hardening-kit.ts';

/** Every admin route, as a request that would act if the token were right. */
const adminRoutes: Array<{ method: string; path: string; body?: unknown }> = [
  { method: 'POST', path: '/api/characters/alice/reflect', body: { kind: 'chat' } },
  { method: 'GET', path: '/api/characters/alice/quarantine' },
  { method: 'POST', path: '/api/sync', body: {} },
  { method: 'POST', path: '/api/characters/alice/dreams', body: { mode: 'dry-run' } },
  { method: 'GET', path: '/api/characters/alice/dreams' },
  { method: 'GET', path: '/api/dreams/alice.1' },
  { method: 'POST', path: '/api/dreams/alice.1/approve', body: {} },
  { method: 'POST', path: '/api/dreams/alice.1/reject', body: {} },
  { method: 'GET', path: '/api/characters/alice/memory/versions' },
  { method: 'POST', path: '/api/characters/alice/memory/rollback', body: { version: 0 } },
  { method: 'POST', path: '/api/books', body: 'Chapter 1\n\nA short book.' },
  { method: 'POST', path: '/api/books/alice/characters', body: { name: 'Alice' } },
  { method: 'POST', path: '/api/books/alice/character-edits', body: { op: 'not-character', name: 'Alice' } },
  { method: 'DELETE', path: '/api/books/alice/character-edits/0' },
  { method: 'POST', path: '/api/characters/import', body: { spec: 'chara_card_v2' } },
  { method: 'GET', path: '/api/characters/alice/card' },
  { method: 'GET', path: '/api/characters/alice/card.json' },
  { method: 'GET', path: '/api/characters/alice/card.png' },
  { method: 'PUT', path: '/api/characters/alice/card', body: {} },
  { method: 'GET', path: '/api/characters/alice/strategies' },
];

/** Routes anyone may call. */
const publicRoutes = [
  'GET /api/characters',
  'GET /api/characters/:id',
  'GET /api/characters/:id/conversation',
  'GET /api/characters/:id/reflections',
  // A visitor erases only themselves (their cookie or their own unguessable id), so it needs no admin token.
  'DELETE /api/visitors/me',
  'POST /api/characters/:id/messages',
  // A visitor rates only the replies of their own conversations (404 for anyone else's).
  'POST /api/characters/:id/turns/:turnId/feedback',
  'GET /api/books',
  'GET /api/books/:id',
  'GET /api/usage',
];

function request(baseUrl: string, route: { method: string; path: string; body?: unknown }, headers: Record<string, string> = {}) {
  const body = route.body === undefined ? undefined : typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
  return fetch(`${baseUrl}${route.path}`, {
    method: route.method,
    headers: { ...(typeof route.body === 'string' ? { 'content-type': 'text/plain' } : { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
}

/** Route declarations found in the route files, as "METHOD /path" (dreams' paths are all admin). */
async function declaredRoutes(): Promise<string[]> {
  const folder = path.join(projectRoot, 'src/server/routes');
  const routes: string[] = [];
  for (const file of await readdir(folder)) {
    const source = await readFile(path.join(folder, file), 'utf8');
    for (const match of source.matchAll(/router\.(get|post|put|patch|delete)\('([^']+)'/g)) routes.push(`${match[1]!.toUpperCase()} ${match[2]}`);
  }
  return routes;
}

describe('admin surfaces', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.destroy();
  });

  it('classifies every declared route as admin or public, so a new route cannot slip in unguarded', async () => {
    const admin = new Set(adminRoutes.map((route) => `${route.method} ${route.path.replace('/alice.1', '/:dreamId').replace(/\/(alice)(?=\/|$)/, '/:id').replace('/character-edits/0', '/character-edits/:index')}`));
    const unknown = (await declaredRoutes()).filter((route) => !admin.has(route) && !publicRoutes.includes(route));
    expect(unknown).toEqual([]);
  });

  it.each(adminRoutes)('$method $path answers 401 without a token and with a wrong one', async (route) => {
    const none = await request(sandbox.server.baseUrl, route);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await request(sandbox.server.baseUrl, route, { authorization: `Bearer ${adminToken}x` });
    expect(wrong.status).toBe(401);
    const notBearer = await request(sandbox.server.baseUrl, route, { authorization: `Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}` });
    expect(notBearer.status).toBe(401);
  });

  it('lets the right token through to the route itself', async () => {
    const quarantine = await request(sandbox.server.baseUrl, { method: 'GET', path: '/api/characters/alice/quarantine' }, asAdmin);
    expect(quarantine.status).toBe(200);
    const card = await request(sandbox.server.baseUrl, { method: 'GET', path: '/api/characters/alice/card' }, asAdmin);
    expect(card.status).toBe(200);
  });
});

describe('admin surfaces without a configured token', () => {
  it('are off (403) for everyone, and the server says so when it starts', async () => {
    const lines: string[] = [];
    const server = await startTestServer({}, { log: (line) => lines.push(line) });
    try {
      expect(lines.some((line) => /REVERIE_ADMIN_TOKEN is not set/.test(line))).toBe(true);
      for (const route of adminRoutes) {
        const response = await request(server.baseUrl, route, { authorization: 'Bearer anything-at-all-really' });
        expect(response.status, `${route.method} ${route.path}`).toBe(403);
      }
    } finally {
      await server.destroy();
    }
  });
});

describe('visitors', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.destroy();
  });

  it('read only their own conversation, whether they present a cookie or an id', async () => {
    const baseUrl = sandbox.server.baseUrl;
    const first = await postMessage(baseUrl, 'alice', { message: 'My secret is the blue door' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const second = await postMessage(baseUrl, 'alice', { message: 'Something else entirely' });
    const otherCookie = second.headers.get('set-cookie')!.split(';')[0]!;
    const mine = (await (await fetch(`${baseUrl}/api/characters/alice/conversation`, { headers: { cookie } })).json()) as Array<{ text: string }>;
    expect(mine.map((turn) => turn.text)).toContain('My secret is the blue door');
    const theirs = (await (await fetch(`${baseUrl}/api/characters/alice/conversation`, { headers: { cookie: otherCookie } })).json()) as Array<{ text: string }>;
    expect(theirs.map((turn) => turn.text)).not.toContain('My secret is the blue door');
    const anonymous = (await (await fetch(`${baseUrl}/api/characters/alice/conversation`)).json()) as unknown[];
    expect(anonymous).toEqual([]);
    const guessed = await fetch(`${baseUrl}/api/characters/alice/conversation?visitorId=*`);
    expect(guessed.status).toBe(400);
  });

  it('get unguessable random ids: 144 bits, url-safe, never repeated', async () => {
    const ids = new Set<string>();
    for (let index = 0; index < 40; index += 1) {
      const response = await fetch(`${sandbox.server.baseUrl}/api/characters/alice/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `hello ${index}` }) });
      await response.text();
      const id = /visitor=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
      expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(40);
    // Every character position varies: no counter or timestamp prefix.
    const positions = [...ids].map((id) => id.slice(0, 4));
    expect(new Set(positions).size).toBeGreaterThan(35);
  });
});

describe('headers', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.destroy();
  });

  it('send a CSP that allows only Reverie\'s own scripts and styles, and the usual protections', async () => {
    for (const url of ['/', '/api/characters', '/api/nothing-here']) {
      const response = await fetch(`${sandbox.server.baseUrl}${url}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/style-src 'self'(;|$)/);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('allow no cross-origin reads unless CORS_ORIGIN is configured', async () => {
    const response = await fetch(`${sandbox.server.baseUrl}/api/characters`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${sandbox.server.baseUrl}/api/characters/alice/messages`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allow exactly the configured origin when CORS_ORIGIN is set', async () => {
    const server = await startTestServer({ CORS_ORIGIN: 'https://reverie.example' });
    try {
      const response = await fetch(`${server.baseUrl}/api/characters`, { headers: { origin: 'https://reverie.example' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('https://reverie.example');
      const preflight = await fetch(`${server.baseUrl}/api/characters/alice/messages`, { method: 'OPTIONS', headers: { origin: 'https://reverie.example', 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    } finally {
      await server.destroy();
    }
  });
});
