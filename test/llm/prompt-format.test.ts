import { describe, expect, it } from 'vitest';
import { toAlternatingMessages, toAnthropicSystem, toOpenAIMessages } from '../../src/llm/prompt-format.ts';

describe('prompt format', () => {
  it('marks only the last cacheable system block and drops empty ones', () => {
    expect(
      toAnthropicSystem([
        { text: 'card', isCacheable: true },
        { text: ' ', isCacheable: true },
        { text: 'book', isCacheable: true },
        { text: 'visitor facts', isCacheable: false },
      ]),
    ).toEqual([
      { type: 'text', text: 'card' },
      { type: 'text', text: 'book', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'visitor facts' },
    ]);
  });

  it('makes messages alternate and start with the visitor, as the Messages API requires', () => {
    expect(
      toAlternatingMessages([
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Hi.' },
        { role: 'user', content: 'Are you there?' },
      ]),
    ).toEqual([
      { role: 'user', content: '(The visitor arrives.)' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Hi.\n\nAre you there?' },
    ]);
  });

  it('joins the system blocks into one system message for chat completions', () => {
    expect(toOpenAIMessages([{ text: 'card', isCacheable: true }, { text: 'facts', isCacheable: false }], [{ role: 'user', content: 'Hi' }])).toEqual([
      { role: 'system', content: 'card\n\nfacts' },
      { role: 'user', content: 'Hi' },
    ]);
  });
});
