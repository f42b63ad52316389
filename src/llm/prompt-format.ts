import type { ChatMessage, SystemBlock } from './provider.ts';

/** An Anthropic system text block, with the cache breakpoint where the stable prefix ends. */
export interface AnthropicSystemBlock {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral' };
}

/** A message in the OpenAI chat-completions shape. */
export interface OpenAIChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * Renders system blocks for the Messages API. The last cacheable block carries
 * `cache_control`, so everything up to it (card, constitution, book) is read from the cache
 * on later turns. Empty blocks are dropped: the API rejects empty text blocks.
 */
export function toAnthropicSystem(blocks: SystemBlock[]): AnthropicSystemBlock[] {
  const kept = blocks.filter((block) => block.text.trim() !== '');
  let lastCacheable = -1;
  kept.forEach((block, index) => {
    if (block.isCacheable) lastCacheable = index;
  });
  return kept.map((block, index) =>
    index === lastCacheable
      ? { type: 'text', text: block.text, cache_control: { type: 'ephemeral' } }
      : { type: 'text', text: block.text },
  );
}

/**
 * Renders messages for the Messages API, which wants a user turn first and strict alternation:
 * consecutive turns of one role are joined, and a leading assistant turn (a greeting) is kept
 * behind a short user placeholder.
 */
export function toAlternatingMessages(messages: ChatMessage[]): ChatMessage[] {
  const merged: ChatMessage[] = [];
  for (const message of messages) {
    if (message.content.trim() === '') continue;
    const previous = merged.at(-1);
    if (previous && previous.role === message.role) {
      previous.content = `${previous.content}\n\n${message.content}`;
    } else {
      merged.push({ role: message.role, content: message.content });
    }
  }
  if (merged[0]?.role === 'assistant') merged.unshift({ role: 'user', content: '(The visitor arrives.)' });
  if (merged.length === 0) merged.push({ role: 'user', content: '(Go on.)' });
  return merged;
}

/** Joins system blocks into one system prompt for providers without structured system blocks. */
export function toSystemText(blocks: SystemBlock[]): string {
  return blocks
    .map((block) => block.text.trim())
    .filter((text) => text !== '')
    .join('\n\n');
}

/** Renders system blocks and messages for the chat-completions API. */
export function toOpenAIMessages(system: SystemBlock[], messages: ChatMessage[]): OpenAIChatMessage[] {
  const systemText = toSystemText(system);
  const rendered: OpenAIChatMessage[] = systemText === '' ? [] : [{ role: 'system', content: systemText }];
  for (const message of toAlternatingMessages(messages)) rendered.push({ role: message.role, content: message.content });
  return rendered;
}
