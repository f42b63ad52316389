import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingProvider } from '../helpers/recording-provider.ts';
import { someCharacters } from '../helpers/some-characters.ts';
import { postMessage, startTestServer } from '../helpers/reverie-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('grounding for the voices', () => {
  it('carries the current facts on every request and the facts of the message being answered', async () => {
    const provider = createRecordingProvider(() => 'Oh my!');
    const characters = await someCharacters(['alice']);
    cleanups.push(() => characters.remove());
    const server = await startTestServer({ CHARACTERS_DIR: characters.directory }, { provider });
    cleanups.push(() => server.destroy());
    const visitorId = 'visitor-grounding-0123456789';
    const send = (message: string) => postMessage(server.baseUrl, 'alice', { message, visitorId });
    await send('My dog is called Rex.');
    expect(provider.requests.at(-1)!.grounding.newFacts).toEqual([{ subject: 'dog', attribute: 'name', value: 'Rex', text: 'Your dog is called Rex.' }]);
    await send('I renamed my dog Max. I live in Lyon.');
    const grounding = provider.requests.at(-1)!.grounding;
    expect(grounding.newFacts).toEqual([
      { subject: 'dog', attribute: 'name', value: 'Max', text: 'Your dog is called Max.', previous: 'Rex' },
      { subject: 'visitor', attribute: 'lives_in', value: 'Lyon', text: 'You live in Lyon.' },
    ]);
    await send('What is my dog called?');
    const later = provider.requests.at(-1)!.grounding;
    expect(later.newFacts).toEqual([]);
    expect(later.visitorFacts).toEqual([
      { subject: 'visitor', attribute: 'lives_in', value: 'Lyon', text: 'You live in Lyon.' },
      { subject: 'dog', attribute: 'name', value: 'Max', text: 'Your dog is called Max.', previous: 'Rex' },
    ]);
    // The fact the question asks about leads the memories the voice answers from.
    expect(later.items.find((item) => item.kind === 'visitor_fact')?.text).toBe('Your dog is called Max.');
  });
});
