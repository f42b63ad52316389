import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Provider } from '../../src/llm/provider.ts';
import { startTestServer, type TestServer } from '../helpers/reverie-server.ts';

/** The admin token the browser tests use. */
export const ADMIN_TOKEN = 'browser-test-admin-token-0123456789';
const projectRoot = path.resolve(import.meta.dirname, '../..');
const chromiumPath = '/usr/bin/chromium';
export const screenshotDir = path.join(projectRoot, 'test-results', 'screenshots');

/** A server on copies of characters/ and corpus/, and a headless Chromium with a fresh profile. */
export interface BrowserHarness {
  server: TestServer;
  browser: Browser;
  /** A new context and page; every request it makes is recorded in `requests`. */
  openPage(options?: { width?: number; height?: number }): Promise<{ context: BrowserContext; page: Page; requests: string[]; dialogs: string[] }>;
  /** fetch against the server with the admin token. */
  admin(pathname: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the server (with temp copies of the characters and corpus) and the browser. */
export async function startHarness(options: { environment?: Record<string, string>; provider?: Provider } = {}): Promise<BrowserHarness> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'reverie-browser-'));
  const charactersDir = path.join(scratch, 'characters');
  const corpusDir = path.join(scratch, 'corpus');
  await cp(path.join(projectRoot, 'characters'), charactersDir, { recursive: true });
  await cp(path.join(projectRoot, 'corpus'), corpusDir, { recursive: true });
  await mkdir(screenshotDir, { recursive: true });
  const server = await startTestServer(
    { REVERIE_ADMIN_TOKEN: ADMIN_TOKEN, OFFLINE_WORD_DELAY_MS: '5', CHARACTERS_DIR: charactersDir, CORPUS_DIR: corpusDir, ...options.environment },
    options.provider ? { provider: options.provider } : {},
  );
  // playwright-core gives every launch a fresh temporary profile (it refuses --user-data-dir here).
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async openPage({ width = 1200, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, baseURL: server.baseUrl });
      contexts.push(context);
      const page = await context.newPage();
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      return { context, page, requests, dialogs };
    },
    admin(pathname, init = {}) {
      return fetch(`${server.baseUrl}${pathname}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.destroy();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Every request went to the server's own origin (or was a data: URL). */
export function foreignRequests(requests: string[], baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  return requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
}
