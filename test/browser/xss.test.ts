import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatChunk, ChatRequest, Provider } from '../../src/llm/provider.ts';
import { startHarness, type BrowserHarness } from './browser-kit.ts';

const hostile = 'Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>';

/** An in-process provider that answers with markup a careless page would run. */
const hostileProvider: Provider = {
  name: 'fake',
  model: 'fake',
  isPaid: false,
  async *stream(_request: ChatRequest): AsyncIterable<ChatChunk> {
    for (const piece of hostile.match(/.{1,6}/gs) ?? []) yield { type: 'text-delta', text: piece };
    yield { type: 'finish', provider: 'fake', model: 'fake', usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } };
  },
};

describe('model replies in the browser', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startHarness({ provider: hostileProvider });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('renders a reply containing HTML as text: no element is made and no script runs', async () => {
    const { page, dialogs } = await harness.openPage();
    await page.goto('/#mad-hatter');
    await page.getByRole('textbox', { name: 'Message' }).fill('Show me a picture');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.message.character .voice').last().textContent()).toBe('fake · fake');
    expect(await page.locator('#messages').getByText('<img src=x onerror=alert(1)>', { exact: false }).isVisible()).toBe(true);
    expect(await page.locator('#messages img, #messages script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.locator('.message.character').count()).toBeGreaterThan(0);
    expect(await page.locator('#messages img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
