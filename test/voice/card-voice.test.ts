import { describe, expect, it } from 'vitest';
import { asSituation, chooseTone, readExamples, replaceMacros } from '../../src/voice/card-voice.ts';
import { curiousTone, rudeTone, slyTone } from '../../src/voice/tone-phrases.ts';
import { ardentTone, graveTone, plainTone, sorrowfulTone } from '../../src/voice/tone-phrases-grave.ts';
import { readingOf } from './voice-kit.ts';

describe('the card’s voice', () => {
  it('chooses a tone by the card’s manner words, leading words first', () => {
    expect(chooseTone(['curious', 'polite'])).toBe(curiousTone);
    expect(chooseTone(['serene', 'sly'])).toBe(slyTone);
    expect(chooseTone(['excitable', 'rude'])).toBe(rudeTone);
    expect(chooseTone(['impassioned', 'grave', 'eloquent'])).toBe(graveTone);
    expect(chooseTone(['eloquent', 'sorrowful'])).toBe(sorrowfulTone);
    expect(chooseTone(['ardent', 'earnest'])).toBe(ardentTone);
    expect(chooseTone(['stoic'])).toBe(plainTone);
  });

  it('reads the example dialogue into questions and answers, macros replaced', () => {
    const examples = readExamples('<START>\n{{user}}: Who are you?\n{{char}}: I am {{char}}, and you are {{user}}.', 'Alice');
    expect(examples).toMatchObject([{ question: 'Who are you?', answer: 'I am Alice, and you are you.' }]);
    expect(replaceMacros('Hello {{user}}, I am <BOT>.', 'Alice', 'Tom')).toBe('Hello Tom, I am Alice.');
  });

  it('tells the card’s description and scenario in the first person', async () => {
    const hatter = await readingOf('mad-hatter');
    expect(hatter.voice.selfLines[0]).toMatch(/^I keep an endless tea-party/);
    // The scenario's quotation is the book's line of several speakers: the line keeps what comes before it.
    expect(hatter.voice.scenarioLines).toContain('It is six o’clock, as it always is.');
    const creature = await readingOf('the-creature');
    expect(creature.voice.selfLines[0]).toMatch(/^I am the being Victor Frankenstein made at Ingolstadt/);
  });

  it('leaves out a card line where a character called "it" would be both "I" and "it"', async () => {
    // The cards say "When it revealed itself…, Felix beat it away; it burned the cottage", "…and it
    // bargains from strength", "leaves when it pleases": said as half "I" and half "it" they garble.
    for (const id of ['the-creature', 'cheshire-cat']) {
      const lines = (await readingOf(id)).voice.selfLines;
      expect(lines.length, id).toBeGreaterThan(1);
      for (const line of lines) expect(line, id).not.toMatch(/(?:[;,:]\s+|\b(?:and|but|where|when)\s+)it\s+(?!is\b|was\b)\p{Ll}+/u);
    }
  });

  it('keeps the card’s own exclamations and signature lines', async () => {
    expect((await readingOf('mad-hatter')).voice.exclamations).toContain('No room!');
    expect((await readingOf('cheshire-cat')).voice.signatures).toContain('That depends a good deal on where you want to get to');
  });

  it('holds no one book’s names in the tones, so a new card does not speak of another’s world', () => {
    const text = JSON.stringify([curiousTone, slyTone, rudeTone, graveTone, sorrowfulTone, ardentTone, plainTone]);
    for (const name of ['Alice', 'Dinah', 'Hatter', 'Queen', 'Victor', 'Geneva', 'Margaret', 'Walton', 'Elizabeth']) expect(text).not.toContain(name);
  });

  it('says a scene-setting fragment of the scenario as a sentence, and leaves a sentence as it is', () => {
    expect(asSituation('Among the mountains above Chamounix, not long after the meeting, where I told Victor my history.')).toBe('I am among the mountains above Chamounix, not long after the meeting, where I told Victor my history.');
    expect(asSituation('Aboard my ship, in September of 17—, homeward bound.')).toBe('I am aboard my ship, in September of 17—, homeward bound.');
    expect(asSituation('In the morning I walk along the river.')).toBe('In the morning I walk along the river.');
    expect(asSituation('At six o’clock it is always tea-time.')).toBe('At six o’clock it is always tea-time.');
    expect(asSituation('It is six o’clock, as it always is.')).toBe('It is six o’clock, as it always is.');
  });
});
