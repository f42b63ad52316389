import { describe, expect, it } from 'vitest';
import { findDefects, hasInternalLabel, hasMisattributedLine, hasOwnWordsAsVisitors, hasStrayClosingQuote, hasThirdPersonSelf, type DefectContext } from '../../src/eval/conversation-defects.ts';
import { distinctness } from '../../src/eval/conversation.ts';
import { isAnswered, parseConversationScript } from '../../src/eval/conversation-script.ts';

const speeches: Record<string, string> = {
  'Let us get to the shore, and then I’ll tell you my history': 'Mouse',
  'Who cares for you? You’re nothing but a pack of cards!': 'Alice',
  'Off with her head! Off with her head!': 'Queen',
};

const context: DefectContext = {
  selfForms: ['Alice', 'Mary Ann'],
  selfSpeaker: 'Alice',
  speakerForms: new Map([['Alice', ['Alice']], ['Mouse', ['Mouse']], ['Queen', ['Queen']]]),
  speakerOf: (quote) => speeches[quote.replace(/[.,]$/, '')] ?? undefined,
  earlierReplies: [],
};

describe('the conversation defects', () => {
  it('counts the character named in the third person outside quotations, not in them nor in "I am Alice"', () => {
    expect(hasThirdPersonSelf('Luckily for Alice, the bottle had done its work.', context.selfForms)).toBe(true);
    expect(hasThirdPersonSelf('“Alice!” cried the Queen. I am Alice, you know.', context.selfForms)).toBe(false);
    // A lowercase epithet counts only when it points at the character.
    expect(hasThirdPersonSelf('Then the monster fled across the ice.', ['The Creature', 'monster'])).toBe(true);
    expect(hasThirdPersonSelf('Was I, then, a monster, a blot upon the earth?', ['The Creature', 'monster'])).toBe(false);
  });

  it('counts another’s line claimed as the character’s, or given to no one', () => {
    expect(hasMisattributedLine('I remember saying, “Let us get to the shore, and then I’ll tell you my history.”', context)).toBe(true);
    expect(hasMisattributedLine('“Let us get to the shore, and then I’ll tell you my history.”', context)).toBe(true);
    expect(hasMisattributedLine('The Mouse said, “Let us get to the shore, and then I’ll tell you my history.”', context)).toBe(false);
    expect(hasMisattributedLine('“Who cares for you? You’re nothing but a pack of cards!” I said.', context)).toBe(false);
    // Given a speaker twice, in front and after.
    expect(hasMisattributedLine('I said, “Why did you call him Tortoise, if he wasn’t one?” I asked.', context)).toBe(true);
    expect(hasMisattributedLine('“Why did you call him Tortoise, if he wasn’t one?” I asked.', context)).toBe(false);
    expect(hasMisattributedLine('I stretched out my hand to him and cried, I said, “Are you then safe—and Elizabeth—and Ernest?”', context)).toBe(true);
    // The end of someone's speech said as the character's own: a closing mark with none open.
    expect(hasMisattributedLine('It is engraved on my memory. No one could love a child more than I loved your brother”—tears came into his eyes as he spoke.', context)).toBe(true);
    expect(hasStrayClosingQuote('I said, “Hush.” And then “no” again.')).toBe(false);
  });

  it('counts the character’s own earlier words presented as the visitor’s', () => {
    const earlier = ['It was the stupidest tea-party I ever was at in all my life!'];
    expect(hasOwnWordsAsVisitors('You told me before: “It was the stupidest tea-party I ever was at.”', earlier)).toBe(true);
    expect(hasOwnWordsAsVisitors('You told me your name is Tom.', earlier)).toBe(false);
  });

  it('counts memory labels and unfilled macros', () => {
    expect(hasInternalLabel('I remember: The visitor said: hello')).toBe(true);
    expect(hasInternalLabel('Hello {{user}}!')).toBe(true);
    expect(hasInternalLabel('“As wet as ever,” I said: “it doesn’t seem to dry me at all.”')).toBe(false);
  });

  it('counts repeats and lengths', () => {
    const reply = 'Oh, I remember that! It was the stupidest tea-party I ever was at in all my life, and I shall never go there again.';
    expect(findDefects(reply, { ...context, earlierReplies: [reply] })).toEqual(['repeat']);
    expect(findDefects('Goodbye!', context)).toEqual(['too-short']);
  });
});

describe('the conversation script', () => {
  it('is answered when every expectation is met (any of a list) and nothing forbidden appears', () => {
    const turn = { expect: ['Rufus', ['tea party', 'tea-party']], forbid: ['Tom'] };
    expect(isAnswered('Rufus came to the Tea-Party.', turn)).toBe(true);
    expect(isAnswered('Rufus came.', turn)).toBe(false);
    expect(isAnswered('Rufus and Tom came to the tea party.', turn)).toBe(false);
  });

  it('validates a script file', () => {
    expect(() => parseConversationScript('{"part":"x","conversations":[]}')).toThrow();
    expect(parseConversationScript('{"part":"x","conversations":[{"id":"a","character":"alice","turns":[{"say":"Hi","kind":"greeting"}]}]}').conversations[0]!.turns[0]).toEqual({ say: 'Hi', kind: 'greeting', expect: [], forbid: [] });
  });

  it('measures distinctness as the share of word trigrams no other character used', () => {
    expect(distinctness([{ character: 'a', reply: 'one two three four' }, { character: 'b', reply: 'five six seven eight' }])).toBe(1);
    expect(distinctness([{ character: 'a', reply: 'one two three' }, { character: 'b', reply: 'one two three' }])).toBe(0);
  });
});
