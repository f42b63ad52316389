import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, screenshot, startHarness, type BrowserHarness } from './browser-kit.ts';

describe('the visitors page in a real browser', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the gallery by book, then streams a reply sent with the keyboard alone, without moving the layout', async () => {
    const { page, requests } = await harness.openPage();
    await page.goto('/');
    await expect.poll(() => page.getByRole('button', { name: /Alice/ }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'What is this?' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: /Alice's Adventures in Wonderland/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /Victor Frankenstein/ }).count()).toBe(1);
    await screenshot(page, '01-gallery');

    // Keyboard only: Tab until the Alice card has focus, Enter opens the chat in the message box.
    for (let presses = 0; presses < 40; presses += 1) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
      if (label.startsWith('Talk with Alice,')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Talk with Alice,/);
    await page.keyboard.press('Enter');
    const box = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => box.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);

    // Record the reply's length and the composer's position on every change while it streams.
    await page.evaluate(() => {
      const samples: Array<{ length: number; composerTop: number; composerHeight: number }> = [];
      (window as unknown as { samples: typeof samples }).samples = samples;
      const messages = document.getElementById('messages')!;
      new MutationObserver(() => {
        const replies = messages.querySelectorAll('.message.character .text');
        // The typing indicator (•••) is not the reply: measure the reply's text once words arrive.
        if (replies[replies.length - 1]?.querySelector('.dots')) return;
        const composer = document.getElementById('composer')!.getBoundingClientRect();
        samples.push({ length: replies[replies.length - 1]?.textContent?.length ?? 0, composerTop: composer.top, composerHeight: composer.height });
      }).observe(messages, { childList: true, subtree: true, characterData: true });
    });
    const composerBefore = await page.locator('#composer').boundingBox();
    await page.keyboard.type('Where is the White Rabbit going in such a hurry?');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.message.character .voice').last().textContent(), { timeout: 30_000 }).toBe('offline voice');
    const samples = await page.evaluate(() => (window as unknown as { samples: Array<{ length: number; composerTop: number; composerHeight: number }> }).samples);
    const lengths = [...new Set(samples.map((sample) => sample.length))].filter((length) => length > 0);
    expect(lengths.length).toBeGreaterThan(3);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    for (const sample of samples) expect(Math.abs(sample.composerTop - composerBefore!.y)).toBeLessThan(1);
    expect(await page.locator('.message.visitor').last().textContent()).toContain('White Rabbit');
    await screenshot(page, '02-chat');

    // Reload: the visitor's history with Alice is still there.
    await page.reload();
    await expect.poll(() => page.locator('.message.visitor').count()).toBe(1);
    expect(await page.locator('.message.visitor .text').textContent()).toContain('Where is the White Rabbit going');
    expect(await page.locator('.message.character .voice').last().textContent()).toBe('offline voice');

    await page.getByRole('button', { name: 'New conversation' }).click();
    expect(await page.locator('.message.visitor').count()).toBe(0);
    expect(foreignRequests(requests, harness.server.baseUrl)).toEqual([]);
  });

  it('rates a reply with 👍 or 👎 and says what was wrong, in one request each', async () => {
    const { page } = await harness.openPage();
    await page.goto('/#alice');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('What was written on the little bottle?');
    await box.press('Enter');
    const down = page.getByRole('button', { name: 'I did not like this reply' }).last();
    await expect.poll(() => down.count(), { timeout: 30_000 }).toBe(1);
    await down.click();
    await page.getByRole('combobox', { name: 'What was wrong' }).last().selectOption('too_long');
    await page.getByRole('textbox', { name: 'A note about this reply' }).last().fill('shorter, please');
    await page.locator('.feedback-send').last().click();
    await expect.poll(() => page.locator('.feedback-status').last().textContent()).toMatch(/Thank you/);
    const signals = () => harness.server.reverie.outcomes.feedback.signals('alice').filter((signal) => signal.kind === 'rating');
    await expect.poll(() => signals().at(-1)?.reason).toBe('too_long');
    expect(signals().at(-1)).toMatchObject({ rating: -1, note: 'shorter, please' });
    await page.getByRole('button', { name: 'I liked this reply' }).last().click();
    await expect.poll(() => signals().at(-1)?.rating).toBe(1);
    // After a reload the controls are under the reply again.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'I liked this reply' }).count()).toBeGreaterThan(0);
  });

  it('forgets the visitor everywhere after asking, and a reload shows nothing of theirs', async () => {
    const { page, dialogs } = await harness.openPage();
    await page.goto('/#alice');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('My name is Philippa and I love kites.');
    await box.press('Enter');
    await expect.poll(() => page.locator('.message.character .voice').last().textContent(), { timeout: 30_000 }).toBe('offline voice');
    // The kit dismisses every dialog: the first click asks, and saying no forgets nothing.
    await page.getByRole('button', { name: 'Forget me everywhere' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toMatch(/erased for good/);
    expect(await page.locator('.message.visitor').count()).toBe(1);
    await page.evaluate(() => {
      window.confirm = () => true;
    });
    await page.getByRole('button', { name: 'Forget me everywhere' }).click();
    await expect.poll(() => page.locator('#forget-result').textContent(), { timeout: 30_000 }).toMatch(/Everyone has forgotten you: 2 messages \(yours and the replies\)/);
    await screenshot(page, '05-forgotten');
    await page.reload();
    await expect.poll(() => page.locator('.message.character').count()).toBe(1);
    expect(await page.locator('.message.visitor').count()).toBe(0);
  });

  it('shows the diary after a reflection, with the chapter re-read', async () => {
    const reflected = await harness.admin('/api/characters/alice/reflect', { method: 'POST', body: { kind: 'chapter' } });
    expect(reflected.status).toBe(200);
    const { page } = await harness.openPage();
    await page.goto('/#alice');
    await expect.poll(() => page.locator('#diary .diary-entry').count()).toBeGreaterThan(0);
    expect(await page.locator('#diary .diary-when').first().textContent()).toMatch(/^Re-reading chapter 1/);
    expect((await page.locator('#diary .diary-text').first().textContent())!.length).toBeGreaterThan(20);
    await page.locator('#diary-panel').screenshot({ path: 'test-results/screenshots/03-diary.png' });
  });

  it('says the characters are waking up when the server answers 503, instead of hanging', async () => {
    const { page } = await harness.openPage();
    await page.route('**/api/characters/*/messages', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { message: 'restoring' } }) }));
    await page.goto('/#cheshire-cat');
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/waking up/);
    expect(await page.locator('.message.character .voice').last().textContent()).toMatch(/still waking up/);
    // The page asks /readyz (answered 200 here) and gives the button back.
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator('#notice').textContent()).toBe('');
  });

  it('holds the send button while /readyz answers 503, and gives it back once the server is ready', async () => {
    const { page } = await harness.openPage();
    let isReady = false;
    await page.route('**/readyz', (route) => route.fulfill({ status: isReady ? 200 : 503, contentType: 'application/json', body: JSON.stringify({ ready: isReady }) }));
    await page.goto('/#alice');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/waking up/);
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    isReady = true;
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator('#notice').textContent()).toBe('');
  });

  it('fits a 360 px wide screen without horizontal scrolling and asks nothing of other origins', async () => {
    const { page, requests } = await harness.openPage({ width: 360, height: 740 });
    await page.goto('/');
    await expect.poll(() => page.getByRole('button', { name: /Cheshire Cat/ }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, '04-gallery-360');
    await page.getByRole('button', { name: /Cheshire Cat/ }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Which way ought I to go from here?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.message.character .voice').last().textContent(), { timeout: 30_000 }).toBe('offline voice');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-results/screenshots/05-chat-360.png' });
    expect(foreignRequests(requests, harness.server.baseUrl)).toEqual([]);
  });
});
