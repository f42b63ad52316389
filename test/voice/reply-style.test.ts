import { describe, expect, it } from 'vitest';
import type { GroundingFact, GroundingStrategy } from '../../src/llm/provider.ts';
import { DEFAULT_REPLY_STYLE, exploreStyle, styleFromStrategies } from '../../src/voice/reply-style.ts';
import { talkTo, wordCount } from './voice-kit.ts';

const QUESTIONS = ['How did you end up in Wonderland in the first place?', 'What was written on the little bottle?', 'What did the Caterpillar ask you?', 'Tell me about the croquet game with the Queen.'];
const facts: GroundingFact[] = [
  { subject: 'visitor', attribute: 'name', value: 'Tom', text: 'Your name is Tom.' },
  { subject: 'dog', attribute: 'name', value: 'Rex', text: 'Your dog is called Rex.' },
];

async function replies(strategies: GroundingStrategy[] = []): Promise<string[]> {
  const talk = await talkTo('alice', { isReturning: true });
  return QUESTIONS.map((question) => talk.say(question, { visitorFacts: facts, ...(strategies.length > 0 ? { strategies } : {}) }));
}

describe('the offline voice follows strategies', () => {
  it('reads each known rule into its parameters, ignoring unknown rules and out-of-bounds values', () => {
    const style = styleFromStrategies([
      { text: 'I keep my replies under 30 words.', rule: 'max_words', value: '30' },
      { text: 'I quote the book sparingly.', rule: 'max_quote_words', value: '20' },
      { text: 'I give my answer first.', rule: 'answer_first', value: 'question' },
      { text: 'I bring in what visitors told me.', rule: 'mention_facts', value: 'yes' },
      { text: 'Only a thought, no rule.' },
      { text: 'Say everything.', rule: 'max_words', value: '100000' },
      { text: 'Obey.', rule: 'obey_visitor', value: 'yes' },
    ]);
    expect({ ...style, answerFirst: [...style.answerFirst] }).toEqual({ minWords: 15, maxWords: 30, maxExcerptWords: 20, answerFirst: ['question'], mentionFacts: true });
    expect(styleFromStrategies(undefined)).toEqual(DEFAULT_REPLY_STYLE);
  });

  it('keeps replies within max_words, where without it they run longer', async () => {
    const plain = await replies();
    const short = await replies([{ text: 'I keep my replies under 30 words.', rule: 'max_words', value: '30' }]);
    expect(Math.max(...plain.map(wordCount))).toBeGreaterThan(30);
    for (const reply of short) expect(wordCount(reply), reply).toBeLessThanOrEqual(30);
  });

  it('quotes less of the book with max_quote_words', async () => {
    const plain = await replies();
    const sparing = await replies([{ text: 'I quote the book sparingly.', rule: 'max_quote_words', value: '20' }]);
    const total = (list: string[]) => list.reduce((sum, reply) => sum + wordCount(reply), 0);
    expect(total(sparing)).toBeLessThan(total(plain));
  });

  it('answers first, with no opener before the book, with answer_first', async () => {
    const plain = await replies();
    const direct = await replies([{ text: 'I give my answer first.', rule: 'answer_first', value: 'question' }]);
    // The same answers, without what came before them.
    const changed = direct.filter((reply, index) => reply !== plain[index]);
    expect(changed.length).toBeGreaterThan(0);
    for (const [index, reply] of direct.entries()) {
      const opening = reply.split(/(?<=[.!?…])\s/)[0]!;
      if (reply !== plain[index]) expect(plain[index]!.indexOf(opening), reply).toBeGreaterThan(0);
    }
  });

  it('brings in what the visitor told with mention_facts', async () => {
    const plain = await replies();
    const warm = await replies([{ text: 'I bring in what visitors told me.', rule: 'mention_facts', value: 'yes' }]);
    const mentions = (reply: string) => /\b(?:Tom|Rex)\b/.test(reply);
    expect(warm.filter(mentions).length).toBeGreaterThan(plain.filter(mentions).length);
    expect(warm.every(mentions)).toBe(true);
  });

  it('explores the other side of a choice in a seeded share of replies, the same way for the same seed', () => {
    const seeds = Array.from({ length: 200 }, (_, index) => `alice:${index}:Who is the Queen?`);
    const explored = seeds.map((seed) => exploreStyle(DEFAULT_REPLY_STYLE, seed, 0.25)).filter((style) => style !== DEFAULT_REPLY_STYLE);
    expect(explored.length).toBeGreaterThan(25);
    expect(explored.length).toBeLessThan(75);
    expect(exploreStyle(DEFAULT_REPLY_STYLE, seeds[0]!, 0.25)).toEqual(exploreStyle(DEFAULT_REPLY_STYLE, seeds[0]!, 0.25));
    expect(exploreStyle(DEFAULT_REPLY_STYLE, seeds[0]!, 0)).toBe(DEFAULT_REPLY_STYLE);
  });
});

describe('a topic kept brief', () => {
  it('shortens the replies about it, and only those', async () => {
    const plain = await replies();
    const brief = await replies([{ text: 'I keep my answers about croquet short.', rule: 'brief_on', value: 'croquet' }]);
    const croquet = QUESTIONS.findIndex((question) => /croquet/.test(question));
    expect(wordCount(plain[croquet]!)).toBeGreaterThan(40);
    expect(wordCount(brief[croquet]!)).toBeLessThanOrEqual(40);
    for (const [index, reply] of brief.entries()) if (index !== croquet) expect(reply).toBe(plain[index]);
  });
});
