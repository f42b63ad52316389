import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, foreignRequests, screenshot, startHarness, type BrowserHarness } from './browser-kit.ts';

const novel = path.join(import.meta.dirname, 'fixtures', 'lighthouse.txt');
const visitorId = 'browser-studio-visitor-0001';

describe('the author studio in a real browser', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startHarness({ environment: { DREAM_REVIEW: 'manual' } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('uploads a novel with progress, shows its chapters, makes and validates a card, and the new character can chat', async () => {
    const { page, requests } = await harness.openPage();
    await page.goto('/studio');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    expect(await page.evaluate(() => sessionStorage.getItem('reverie-admin-token'))).toBe(ADMIN_TOKEN);

    await page.evaluate(() => {
      const values: number[] = [];
      (window as unknown as { progress: number[] }).progress = values;
      const bar = document.getElementById('upload-progress') as HTMLProgressElement;
      new MutationObserver(() => values.push(bar.value)).observe(bar, { attributes: true });
      const stage = document.getElementById('upload-stage')!;
      new MutationObserver(() => values.push(bar.value)).observe(stage, { childList: true, characterData: true, subtree: true });
    });
    await page.getByLabel('Text, Markdown, EPUB or zip file').setInputFiles(novel);
    await page.getByLabel('Title (optional)').fill('The Keeper of Gull Rock');
    await page.getByLabel('Author (optional)').fill('A. Test Author');
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.locator('#upload-stage').textContent(), { timeout: 30_000 }).toMatch(/^Done:/);
    const progress = await page.evaluate(() => (window as unknown as { progress: number[] }).progress);
    expect(progress.at(-1)).toBe(100);
    expect(progress.some((value) => value > 0 && value < 100)).toBe(true);
    await expect.poll(() => page.getByRole('list', { name: 'Chapters' }).locator('li').count()).toBe(3);
    expect(await page.getByRole('list', { name: 'Chapters' }).textContent()).toContain('The Ship');

    await page.getByRole('button', { name: /Make a card for Mira/ }).click();
    const name = page.getByLabel('Name', { exact: true });
    await expect.poll(() => name.inputValue()).toMatch(/Mira/);
    const characterName = await name.inputValue();
    // An empty name is refused by the server; the problem shows next to the field and in the list.
    await name.fill('');
    await page.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => page.locator('#card-problems').textContent()).toMatch(/data\.name/);
    expect(await page.locator('.field.invalid #card-name').count()).toBe(1);
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '06-studio-books');
    await name.fill(characterName);
    await page.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => page.locator('#card-result').textContent()).toMatch(/^Saved\./);
    const characterId = await page.locator('#card-id').inputValue();

    await page.getByRole('link', { name: `talk with ${characterName}` }).click();
    await expect.poll(() => page.locator('#chat-title').textContent()).toBe(characterName);
    await page.getByRole('button', { name: /All characters/ }).click();
    expect(await page.getByRole('button', { name: new RegExp(`^Talk with ${characterName}, from`) }).count()).toBe(1);
    await page.getByRole('button', { name: new RegExp(`^Talk with ${characterName}, from`) }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Were you afraid of the storm?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.message.character .voice').last().textContent(), { timeout: 30_000 }).toBe('offline voice');
    expect((await page.locator('.message.character .text').last().textContent())!.length).toBeGreaterThan(20);
    expect(characterId).toMatch(/^mira/);
    expect(foreignRequests(requests, harness.server.baseUrl)).toEqual([]);
  });

  it('corrects a discovered character: renames it, saves the choice with the book, and undoes it', async () => {
    const { page } = await harness.openPage();
    await page.goto('/studio');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('button', { name: 'Alice’s Adventures in Wonderland' }).or(page.getByRole('button', { name: "Alice's Adventures in Wonderland" })).click();
    // Every row's merge list names every entry, so the row is found by its first cell.
    const row = page.locator('table.discovered tr').filter({ has: page.locator('td:first-child', { hasText: /^The Dodo\b/ }) });
    await row.locator('summary', { hasText: 'Correct' }).click();
    await page.getByLabel('New name for The Dodo').fill('The Dodo Bird');
    await page.getByRole('button', { name: 'Rename The Dodo' }).click();
    await expect.poll(() => page.locator('#cast-status').textContent()).toBe('Saved with the book.');
    expect(await page.locator('table.discovered td:first-child', { hasText: /^The Dodo Bird/ }).count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Corrections' }).textContent()).toMatch(/“The Dodo” renamed “The Dodo Bird”/);
    await page.getByRole('button', { name: 'Undo: “The Dodo” renamed “The Dodo Bird”' }).click();
    await expect.poll(() => page.locator('table.discovered td:first-child', { hasText: /^The Dodo Bird/ }).count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Corrections' }).count()).toBe(0);
  });

  it('shows a character’s life: reflections per day, mood, cursor and quarantine', async () => {
    for (const kind of ['chapter', 'chapter', 'chat'] as const) await harness.admin('/api/characters/alice/reflect', { method: 'POST', body: { kind } });
    const { page } = await harness.openPage();
    await page.goto('/studio#characters');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('tabpanel', { name: 'Characters' }).getByLabel('Character', { exact: true }).selectOption('alice');
    await expect.poll(() => page.locator('#life .chart').count()).toBe(2);
    expect(await page.locator('#life .chart rect.series-0').count()).toBeGreaterThan(1);
    expect(await page.locator('#life .chart circle.dot').count()).toBeGreaterThan(1);
    expect(await page.locator('#life .facts').textContent()).toMatch(/Chapter cursor/);
    await screenshot(page, '07-studio-characters');
  });

  it('dreams, shows the proposal as a diff, approves it and rolls the memory back', async () => {
    // The same question in three conversations is a pattern the offline dreamer draws an insight from.
    for (let index = 0; index < 3; index += 1) {
      const response = await fetch(`${harness.server.baseUrl}/api/characters/alice/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'What do you think of the Queen of Hearts and her croquet game?', visitorId, newConversation: true }),
      });
      await response.text();
    }
    const { page } = await harness.openPage();
    await page.goto('/studio#dreams');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('tabpanel', { name: 'Dreams' }).getByLabel('Character', { exact: true }).selectOption('alice');
    await page.getByRole('button', { name: 'Dream now' }).click();
    await expect.poll(() => page.locator('#dream-state').textContent(), { timeout: 30_000 }).toMatch(/^The dream ended pending/);
    await page.locator('.dream.pending').getByRole('button', { name: 'Show changes' }).click();
    await expect.poll(() => page.locator('.dream.pending .diff-group h3').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Merged/), expect.stringMatching(/^Superseded/), expect.stringMatching(/^New insights/), expect.stringMatching(/^Forgotten/)]));
    expect(await page.locator('.dream.pending .diff-entry').count()).toBeGreaterThan(0);
    await screenshot(page, '08-studio-dreams');
    await page.locator('.dream.pending').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('#dream-state').textContent()).toMatch(/^Dream approved/);
    await expect.poll(() => page.locator('.versions').textContent()).toMatch(/v1 \(current\)/);
    await page.getByRole('button', { name: 'Make v0 current' }).click();
    await expect.poll(() => page.locator('#dream-state').textContent()).toMatch(/rolled back from v1 to v0/);
    await expect.poll(() => page.locator('.versions').textContent()).toMatch(/v0 \(current\)/);
  });

  it('shows the strategies a dream drew from rated replies, with what they rest on and their effect', async () => {
    const questions = ['How did you end up in Wonderland in the first place?', 'What did you find on the shelves while you were falling so slowly?', 'Tell me about the croquet game with the Queen.', 'What did the Caterpillar ask you?'];
    for (let rater = 0; rater < 4; rater += 1) {
      const id = `studio-rater-${rater}`.padEnd(20, '0');
      for (const message of questions) {
        const response = await fetch(`${harness.server.baseUrl}/api/characters/alice/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, visitorId: id }) });
        const body = await response.text();
        const turnId = /"turnId":"([^"]+)"/.exec(body)![1]!;
        const words = body.split('\n').filter((line) => line.startsWith('data: {"text"')).map((line) => (JSON.parse(line.slice(6)) as { text: string }).text).join('').split(/\s+/).filter(Boolean).length;
        await fetch(`${harness.server.baseUrl}/api/characters/alice/turns/${turnId}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(words <= 30 ? { rating: 1, visitorId: id } : { rating: -1, reason: 'too_long', visitorId: id }) });
      }
    }
    const { page } = await harness.openPage();
    await page.goto('/studio#dreams');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('tabpanel', { name: 'Dreams' }).getByLabel('Character', { exact: true }).selectOption('alice');
    await expect.poll(() => page.getByRole('heading', { name: 'Strategies' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Dream now' }).click();
    await expect.poll(() => page.locator('#dream-state').textContent(), { timeout: 30_000 }).toMatch(/^The dream ended/);
    // The studio reviews dreams by hand: the dream ends pending, and its entry is drawn after the state line.
    const pending = page.locator('.dream.pending');
    await expect.poll(() => pending.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    {
      await pending.getByRole('button', { name: 'Show changes' }).click();
      await expect.poll(() => pending.locator('.diff-group h3').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^New strategies/)]));
      await pending.getByRole('button', { name: 'Approve' }).click();
    }
    await expect.poll(() => page.locator('.strategy').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/under \d+ words.*max_words = \d+ · rests on \d+ replies · v\d+ · effect: before \d+% liked of 16/)]));
    await screenshot(page, '09b-studio-strategies');
  });

  it('shows providers, token usage per day and the Hub sync', async () => {
    const { page } = await harness.openPage();
    await page.goto('/studio#health');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await expect.poll(() => page.locator('#health table').first().textContent()).toMatch(/offline/);
    expect(await page.locator('#health .chart').count()).toBe(1);
    expect(await page.locator('#health .facts').textContent()).toMatch(/Last sync/);
    await screenshot(page, '09-studio-health');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('tab', { name: 'Books' }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, '10-studio-360');
  });
});
