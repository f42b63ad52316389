import { describe, expect, it } from 'vitest';
import { detectImplicitSignals, LEFT_AFTER_MS, replyLeftAfter } from '../../src/chat/implicit-signals.ts';
import type { TurnRecord } from '../../src/memory/types.ts';

const reply = 'The Queen said “Off with her head!” and nobody moved.';

describe('implicit signals', () => {
  it('reads a correction of the reply', () => {
    for (const message of ['No, that was the Duchess.', 'no it was the Hatter who said that', "That's wrong, it was the King.", 'You are mistaken about the tarts.', 'Actually, it was the Knave.', 'Nope.']) {
      expect(detectImplicitSignals({ question: 'Who shouted at the croquet game?', reply, message }), message).toContain('correction');
    }
  });

  it('does not take an answer to the character, or a new question, for a correction', () => {
    for (const message of ['No thanks, I am fine.', 'Nothing much today.', 'Who is the Duchess?', 'I know, the Queen is like that.']) {
      expect(detectImplicitSignals({ question: 'Who shouted at the croquet game?', reply, message }), message).not.toContain('correction');
    }
  });

  it('reads the same question asked again in other words, and only that', () => {
    expect(detectImplicitSignals({ question: 'Who shouted at the croquet game?', reply, message: 'But who was shouting during the croquet game?' })).toEqual(['rephrase']);
    expect(detectImplicitSignals({ question: 'Who shouted at the croquet game?', reply, message: 'What did the Caterpillar smoke?' })).toEqual([]);
    expect(detectImplicitSignals({ question: 'I like croquet games.', reply, message: 'I like croquet games too.' })).toEqual([]);
    expect(detectImplicitSignals({ reply, message: 'Who shouted at the croquet game?' })).toEqual([]);
  });

  it('finds the reply a visitor left right after, once the conversation has gone quiet', () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 10, minutes)).toISOString();
    const turn = (id: string, role: 'visitor' | 'character', text: string, minutes: number): TurnRecord => ({ id, character: 'alice', visitor: 'v', conversationId: 'c', role, text, createdAt: at(minutes) });
    const asked = [turn('t1', 'visitor', 'Who stole the tarts?', 0), turn('t2', 'character', reply, 1)];
    const later = Date.parse(at(1)) + LEFT_AFTER_MS;
    expect(replyLeftAfter(asked, later)?.id).toBe('t2');
    expect(replyLeftAfter(asked, later - 60_000)).toBeUndefined();
    expect(replyLeftAfter([turn('t1', 'visitor', 'Thank you, goodbye!', 0), turn('t2', 'character', 'Goodbye!', 1)], later)).toBeUndefined();
    expect(replyLeftAfter([...asked, turn('t3', 'visitor', 'And then?', 2)], later + 60_000)).toBeUndefined();
  });
});
