import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/llm/provider.ts';
import { selectProviders, UnknownProviderError } from '../../src/llm/select-providers.ts';

const provider = (name: string): Provider => ({ name, model: `${name}-model`, isPaid: false, async *stream() {} });

describe('selectProviders', () => {
  it('keeps the configured order, brings X-fallback after X and logs one line per provider left out', () => {
    const lines: string[] = [];
    const selected = selectProviders(
      ['anthropic', 'openai', 'llamacpp', 'offline'],
      {
        anthropic: provider('anthropic'),
        'anthropic-fallback': provider('anthropic-fallback'),
        openai: { unavailable: 'no OPENAI_BASE_URL configured' },
        llamacpp: { unavailable: 'node-llama-cpp is not installed' },
        offline: provider('offline'),
      },
      (line) => lines.push(line),
    );
    expect(selected.map((entry) => entry.name)).toEqual(['anthropic', 'anthropic-fallback', 'offline']);
    expect(lines).toEqual(['llm: openai left out of the cascade: no OPENAI_BASE_URL configured', 'llm: llamacpp left out of the cascade: node-llama-cpp is not installed']);
  });

  it('honours an explicit place for the fallback', () => {
    const available = { anthropic: provider('anthropic'), 'anthropic-fallback': provider('anthropic-fallback'), offline: provider('offline') };
    expect(selectProviders(['anthropic', 'offline', 'anthropic-fallback'], available, () => {}).map((entry) => entry.name)).toEqual(['anthropic', 'offline', 'anthropic-fallback']);
  });

  it('rejects an unknown name with the known ones listed', () => {
    expect(() => selectProviders(['antropic'], { anthropic: provider('anthropic') }, () => {})).toThrow(UnknownProviderError);
    expect(() => selectProviders(['antropic'], { anthropic: provider('anthropic') }, () => {})).toThrow(/known: anthropic/);
  });
});
