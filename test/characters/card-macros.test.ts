import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cardSchema } from '../../src/characters/card.ts';
import { expandCard, expandMacros } from '../../src/characters/card-macros.ts';
import { buildCharacterLines } from '../../src/chat/prompt.ts';

const context = { char: 'Alice', now: new Date('2025-03-04T10:20:00Z') };

describe('expandMacros', () => {
  it('replaces the character and the visitor, by name when the visitor is known', () => {
    expect(expandMacros('You are {{char}}, talking with {{user}}. <BOT> greets <USER>.', { ...context, user: 'Sam' })).toBe('You are Alice, talking with Sam. Alice greets Sam.');
    expect(expandMacros('You are {{Char}}, talking with {{USER}}.', context)).toBe('You are Alice, talking with the visitor.');
    expect(expandMacros('{{user}}: Who are you?\n{{char}}: I hardly know.', context)).toBe('The visitor: Who are you?\nAlice: I hardly know.');
    expect(expandMacros('Hello, {{user}}!', { ...context, userFallback: 'you' })).toBe('Hello, you!');
  });

  it('replaces the other common macros and leaves unknown ones alone', () => {
    expect(expandMacros('{{// a note for authors}}Today is {{weekday}}, {{isodate}}.{{newline}}Line{{noop}}.', context)).toBe('Today is Tuesday, 2025-03-04.\nLine.');
    expect(expandMacros('A {{random:red,blue}} hat', context)).toMatch(/^A (red|blue) hat$/);
    expect(expandMacros('A {{random:red,blue}} hat', context)).toBe(expandMacros('A {{random:red,blue}} hat', context));
    expect(expandMacros('{{roll:d6}}', context)).toMatch(/^[1-6]$/);
    expect(expandMacros('{{original}} and {{unknownmacro}}', context)).toBe('{{original}} and {{unknownmacro}}');
    expect(expandMacros('{{original}}!', { ...context, original: 'Be kind' })).toBe('Be kind!');
  });
});

describe('expandCard', () => {
  it('expands every text of a card that reaches a model or the visitor, and puts our opening where {{original}} says', async () => {
    const raw = cardSchema.parse(JSON.parse(await readFile('characters/alice/card.json', 'utf8')));
    const card = expandCard({ ...raw, data: { ...raw.data, system_prompt: '{{original}} You talk with {{user}}.', first_mes: 'Oh, hello {{user}}!' } }, { user: 'Sam' });
    expect(JSON.stringify(card.data)).not.toMatch(/\{\{(?:char|user)\}\}|<USER>|<BOT>/i);
    expect(card.data.first_mes).toBe('Oh, hello Sam!');
    const lines = buildCharacterLines(card, { title: 'Alice', author: 'Lewis Carroll', chapterTitles: ['Down the Rabbit-Hole'] });
    expect(lines[0]).toBe('You are Alice, from "Alice" by Lewis Carroll. Speak only as Alice, in the first person, in your own voice. You talk with Sam.');
    expect(lines.join('\n')).toContain('Sam: Who are you?');
    expect(expandCard(raw).data.first_mes).not.toContain('{{');
  });
});
