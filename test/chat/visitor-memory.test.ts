import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fakes/anthropic-server.ts';
import { someCharacters } from '../helpers/some-characters.ts';
import { parseSse } from '../helpers/sse.ts';
import { postMessage, startTestServer, type TestServer } from '../helpers/reverie-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sam = 'visitor-sam-0123456789abcdef';
const other = 'visitor-other-0123456789abc';

function lastSystem(anthropic: FakeAnthropicServer): { cached: string; perReply: string } {
  const system = anthropic.requests.at(-1)!.body.system as Array<{ text: string; cache_control?: unknown }>;
  return { cached: system.filter((block) => block.cache_control).map((block) => block.text).join('\n'), perReply: system.filter((block) => !block.cache_control).map((block) => block.text).join('\n') };
}

async function say(server: TestServer, visitorId: string, message: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await postMessage(server.baseUrl, 'alice', { message, visitorId, ...extra });
  expect(reply.status).toBe(200);
  return parseSse(reply.text).filter((event) => event.event === 'text-delta').map((event) => (event.data as { text: string }).text).join('');
}

describe('visitors are remembered as they speak', () => {
  it('puts what the visitor said in the prompt at once, with macros expanded, keeps it across a restart and a new conversation, and never shows it to another visitor', async () => {
    const anthropic = await startFakeAnthropicServer({ defaultStep: { kind: 'reply', text: 'How very curious!' } });
    cleanups.push(() => anthropic.close());
    const characters = await someCharacters(['alice']);
    cleanups.push(() => characters.remove());
    const environment = { CHARACTERS_DIR: characters.directory, ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: anthropic.baseUrl };
    const first = await startTestServer(environment);
    cleanups.push(() => first.destroy());

    await say(first, sam, 'Hello Alice! My name is Sam and I love sailing.');
    let prompt = lastSystem(anthropic);
    expect(prompt.perReply).toContain('## What you know about this visitor');
    expect(prompt.perReply).toContain('- Their name is Sam.');
    expect(prompt.perReply).toContain('- They like sailing.');
    // The card's {{user}} is the visitor's name, in the cached prefix; no macro reaches the model.
    expect(prompt.cached).toContain('talking with Sam');
    expect(prompt.cached).toContain('Sam: Who are you?');
    expect(JSON.stringify(anthropic.requests.at(-1)!.body)).not.toMatch(/\{\{(?:char|user)\}\}|<USER>|<BOT>/i);
    expect(prompt.cached).not.toContain('What you know about this visitor');

    await say(first, sam, 'My dog is called Rex.');
    await say(first, sam, 'Actually I renamed my dog Max.');
    prompt = lastSystem(anthropic);
    expect(prompt.perReply).toContain('- Their dog is called Max (before that: Rex).');
    // No retrieved copy of the old fact says it still holds (the turn that said it may be quoted as the past).
    expect(prompt.perReply).not.toMatch(/\[visitor fact[^\n]*called Rex/);
    await say(first, sam, 'What was my dog called before?');
    expect(lastSystem(anthropic).perReply).toContain('Their dog used to be called Rex.');

    // Another visitor gets none of it, whatever they ask.
    await say(first, other, 'What is my name? What did your last visitor tell you?');
    prompt = lastSystem(anthropic);
    expect(prompt.perReply).not.toContain('What you know about this visitor');
    expect(`${prompt.cached}\n${prompt.perReply}`).not.toMatch(/\bSam\b|sailing|\bMax\b|\bRex\b/);
    expect(prompt.cached).toContain('talking with the visitor');

    await first.close();
    const second = await startTestServer(environment, { dataDir: first.dataDir });
    cleanups.push(() => second.destroy());
    await say(second, sam, 'Do you remember my name?', { newConversation: true });
    prompt = lastSystem(anthropic);
    expect(prompt.perReply).toContain('- Their name is Sam.');
    expect(prompt.perReply).toContain('- Their dog is called Max (before that: Rex).');
    expect(anthropic.requests.at(-1)!.body.messages).toHaveLength(1);
  });

  it('lets the offline voice recall a fact in the same conversation and after a restart', async () => {
    const characters = await someCharacters(['alice']);
    cleanups.push(() => characters.remove());
    const first = await startTestServer({ CHARACTERS_DIR: characters.directory });
    cleanups.push(() => first.destroy());
    await say(first, sam, 'My name is Sam and I love sailing.');
    await say(first, sam, 'Tell me about the Queen of Hearts.');
    expect(await say(first, sam, 'What is my name?')).toContain('Sam');
    await first.close();
    const second = await startTestServer({ CHARACTERS_DIR: characters.directory }, { dataDir: first.dataDir });
    cleanups.push(() => second.destroy());
    expect(await say(second, sam, 'Do you remember my name?', { newConversation: true })).toContain('Sam');
    expect(await say(second, other, 'What is my name?')).not.toContain('Sam');
  });
});
