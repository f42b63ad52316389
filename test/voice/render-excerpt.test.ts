import { describe, expect, it } from 'vitest';
import { balanceQuotes, renderExcerpt, selectClauses } from '../../src/voice/render-excerpt.ts';
import { readingOf } from './voice-kit.ts';

describe('rendering an excerpt', () => {
  it('keeps the best clauses of a long sentence, cut at ; and : only', () => {
    const text = 'The rain pattered dismally against the panes; my candle was nearly burnt out; by the glimmer of the half-extinguished light I saw the dull yellow eye of the creature open.';
    expect(selectClauses(text, new Set(['eye', 'creatur']), 20)).toBe('By the glimmer of the half-extinguished light I saw the dull yellow eye of the creature open.');
  });

  it('closes a quotation left open', () => {
    expect(balanceQuotes('I had to sing “Twinkle, twinkle,')).toBe('I had to sing “Twinkle, twinkle”');
    expect(balanceQuotes('Seizing the hand of the old man, I cried, ‘Now is the time!')).toBe('Seizing the hand of the old man, I cried, ‘Now is the time!’');
    expect(balanceQuotes('As he told it, “I cried, ‘Now is the time!')).toBe('As he told it, “I cried, ‘Now is the time!’”');
    expect(balanceQuotes('‘Enter,’ said De Lacey, and I didn’t.')).toBe('‘Enter,’ said De Lacey, and I didn’t.');
    expect(balanceQuotes('“Repeat, “You are old, Father William,’” said the Caterpillar.')).toBe('“Repeat, ‘You are old, Father William,’” said the Caterpillar.');
  });

  it('gives another narrator’s words as theirs, and its own narration as it stands', async () => {
    const walton = await readingOf('robert-walton');
    const victor = await readingOf('victor-frankenstein');
    const creation = walton.book.index.sentences.find((sentence) => sentence.text.startsWith('It was on a dreary night of November'))!;
    expect(renderExcerpt(walton, [creation])?.text).toMatch(/^As Frankenstein told it, “It was on a dreary night of November/);
    expect(renderExcerpt(victor, [creation])?.text).toMatch(/^It was on a dreary night of November/);
  });

  it('turns third-person narration about the character into the first person', async () => {
    const alice = await readingOf('alice');
    const sentence = alice.book.index.sentences.find((entry) => entry.text.startsWith('Luckily for Alice'))!;
    expect(renderExcerpt(alice, [sentence])?.text).toMatch(/^Luckily for me, the little magic bottle/);
  });
});

describe('rendering a speech that goes on after its tag', () => {
  it('names its speaker once', async () => {
    const cat = await readingOf('cheshire-cat');
    const sentences = cat.book.index.sentences;
    const asked = sentences.findIndex((entry) => entry.text.startsWith('“By-the-bye, what became of the baby?”'));
    expect(asked).toBeGreaterThan(-1);
    const text = renderExcerpt(cat, [sentences[asked]!, sentences[asked + 1]!])?.text;
    expect(text).toBe('“By-the-bye, what became of the baby?” I said. “I’d nearly forgotten to ask.”');
  });
});

describe('rendering a line whose speaker the book does not name', () => {
  it('leaves it out rather than say "Unhappy victim said"', async () => {
    const walton = await readingOf('robert-walton');
    expect(walton.isNameable('Unhappy victim')).toBe(false);
    expect(walton.isNameable('Elizabeth')).toBe(true);
    const piece = walton.book.index.sentences.find((entry) => entry.pieceOf?.speaker === 'Unhappy victim')!;
    expect(piece).toBeDefined();
    expect(renderExcerpt(walton, [piece])).toBeNull();
  });
});

describe('rendering a sentence that tags its own speaker after an untagged piece', () => {
  it('does not name the speaker a second time in front', async () => {
    const alice = await readingOf('alice');
    const sentence = alice.book.index.sentences.find((entry) => entry.text.includes('Father William') && entry.text.startsWith('“Repeat'))!;
    // (The book's text opens the inner quotation with “, so the balanced line may end with a ”.)
    expect(renderExcerpt(alice, [sentence])?.text).toMatch(/^“Repeat,.*said the Caterpillar\.”?$/);
  });
});

describe('rendering a question whose tag the book splits off after its "?”"', () => {
  it('lets the tag name the speaker, not a "said" in front as well', async () => {
    const alice = await readingOf('alice');
    const sentences = alice.book.index.sentences;
    const asked = sentences.findIndex((entry) => entry.text === '“Why did you call him Tortoise, if he wasn’t one?”');
    expect(asked).toBeGreaterThan(-1);
    expect(renderExcerpt(alice, [sentences[asked]!])?.text).toBe('I said, “Why did you call him Tortoise, if he wasn’t one?”');
    expect(renderExcerpt(alice, [sentences[asked]!, sentences[asked + 1]!])?.text).toBe('“Why did you call him Tortoise, if he wasn’t one?” I asked.');
  });
});

describe('rendering a speech whose tag ends the sentence before it', () => {
  it('lets "…and cried," name the speaker, not an "I said" as well', async () => {
    const victor = await readingOf('victor-frankenstein');
    const sentences = victor.book.index.sentences;
    const asked = sentences.findIndex((entry) => entry.text === '“Are you then safe—and Elizabeth—and Ernest?”');
    expect(asked).toBeGreaterThan(0);
    expect(sentences[asked - 1]!.text.endsWith('cried,')).toBe(true);
    expect(renderExcerpt(victor, [sentences[asked - 1]!, sentences[asked]!])?.text).toBe('I stretched out my hand to him and cried, “Are you then safe—and Elizabeth—and Ernest?”');
  });
});

describe('rendering a long speech that opens inside the sentence before', () => {
  it('goes on inside the open quotation, without naming its speaker again inside it', async () => {
    const walton = await readingOf('robert-walton');
    const sentences = walton.book.index.sentences;
    const opening = sentences.findIndex((entry) => entry.text.startsWith('“When younger,” said he'));
    expect(opening).toBeGreaterThan(-1);
    const text = renderExcerpt(walton, [sentences[opening]!, sentences[opening + 1]!])?.text;
    expect(text).toBe('“When younger,” said he, “I believed myself destined for some great enterprise. My feelings are profound, but I possessed a coolness of judgment that fitted me for illustrious achievements.”');
  });
});

describe('rendering a sentence about someone else that opens on a pronoun', () => {
  it('names the "she" the sentences before it name, when the teller is not her', async () => {
    const cat = await readingOf('cheshire-cat');
    const sentences = cat.book.index.sentences;
    const muttered = sentences.findIndex((entry) => entry.text.startsWith('“It’s really dreadful,” she muttered'));
    expect(muttered).toBeGreaterThan(-1);
    expect(renderExcerpt(cat, [sentences[muttered]!])?.text).toMatch(/^“It’s really dreadful,” Alice muttered to herself/);
    // Alice's own telling keeps her "I".
    const alice = await readingOf('alice');
    expect(renderExcerpt(alice, [alice.book.index.sentences[muttered]!])?.text).toMatch(/^“It’s really dreadful,” I muttered/);
  });
});
