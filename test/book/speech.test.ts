import { describe, expect, it } from 'vitest';
import { parseBook } from '../../src/book/parse-book.ts';
import { findQuotes } from '../../src/book/find-quotes.ts';

const speechesOf = (body: string, options: Parameters<typeof parseBook>[1] = { id: 'dialogue' }) =>
  parseBook(`CHAPTER I.\nTea\n\n${body}`, options).speeches.map((speech) => [speech.text, speech.speaker]);

describe('quoted speech', () => {
  it('reads single curly quotes without taking apostrophes for quote marks', () => {
    expect(findQuotes('‘I don’t know,’ said Alice’s sister, ‘the girls’ hats are gone.’', 'single').map((quote) => quote.text)).toEqual([
      'I don’t know,',
      'the girls’ hats are gone.',
    ]);
  });

  it('reads straight double quotes', () => {
    expect(speechesOf('"Come in," said the old man. "Sit down."')).toEqual([
      ['Come in,', 'Old man'],
      ['Sit down.', 'Old man'],
    ]);
  });

  it('gives a first-person narrator\'s "he said," to the one other speaker of the exchange, and reads the paragraph it introduces as theirs', () => {
    const speakers = [{ name: 'The Creature', aliases: ['the daemon'] }];
    const narrators = [{ fromChapter: 1, toChapter: 1, speaker: 'Victor Frankenstein' }];
    const speeches = speechesOf(
      [
        '“I expected this reception,” said the dæmon. “All men hate the wretched.”',
        '“Devil,” I exclaimed, “do you dare approach me?”',
        'My rage was without bounds; I sprang on him.',
        'The ice cracked under us.',
        'He easily eluded me and said,',
        '“Be calm! I entreat you to hear me.”',
      ].join('\n\n'),
      { id: 'glacier', speakers, narrators },
    );
    expect(speeches).toEqual([
      ['I expected this reception,', 'The Creature'],
      ['All men hate the wretched.', 'The Creature'],
      ['Devil,', 'Victor Frankenstein'],
      ['do you dare approach me?', 'Victor Frankenstein'],
      ['Be calm! I entreat you to hear me.', 'The Creature'],
    ]);
  });

  it('finds speakers after the quote in either order and resolves aliases', () => {
    const speakers = [{ name: 'Mad Hatter', aliases: ['the Hatter', 'Hatter'] }];
    const speeches = speechesOf(
      [
        '‘Your hair wants cutting,’ said the Hatter.',
        '‘You should learn not to make personal remarks,’ Alice said with some severity.',
        '‘It’s very rude,’ the Hatter went on.',
        '‘Have some wine,’ replied the March Hare in an encouraging tone.',
      ].join('\n\n'),
      { id: 'tea', speakers },
    );
    expect(speeches).toEqual([
      ['Your hair wants cutting,', 'Mad Hatter'],
      ['You should learn not to make personal remarks,', 'Alice'],
      ['It’s very rude,', 'Mad Hatter'],
      ['Have some wine,', 'March Hare'],
    ]);
  });

  it('finds a speaker named before the quote', () => {
    expect(
      speechesOf('The Hatter opened his eyes very wide on hearing this; but all he _said_ was, ‘Why is a raven like a writing-desk?’'),
    ).toEqual([['Why is a raven like a writing-desk?', 'Hatter']]);
    expect(speechesOf('The Queen glared at her and screamed ‘Off with her head!’')).toEqual([['Off with her head!', 'Queen']]);
  });

  it('keeps the speaker across a quote split by its tag and across paragraphs left open', () => {
    expect(
      speechesOf('“Mine is a long and a sad tale!” said the Mouse, turning to Alice, “and it goes on\n\n“and on, and ends here.”\n\n“Indeed?”'),
    ).toEqual([
      ['Mine is a long and a sad tale!', 'Mouse'],
      ['and it goes on', 'Mouse'],
      ['and on, and ends here.', 'Mouse'],
      ['Indeed?', null],
    ]);
  });

  it('leaves a quote without any named speaker unattributed', () => {
    expect(speechesOf('It was written on the wall: “No entry.” Nobody knew why.')).toEqual([['No entry.', null]]);
  });

  it('maps first-person speech to the narrator of that chapter and never a pronoun', () => {
    const text = 'Letter 1\n\n“Good morning,” said I.\n\nChapter 1\n\n“Good evening,” I replied.\n\n“Who is there?” he asked.';
    const book = parseBook(text, {
      id: 'narrated',
      narrators: [
        { fromChapter: 1, toChapter: 1, speaker: 'Walton' },
        { fromChapter: 2, toChapter: 2, speaker: 'Victor' },
      ],
    });
    expect(book.speeches.map((speech) => [speech.chapter, speech.speaker])).toEqual([
      [1, 'Walton'],
      [2, 'Victor'],
      // "he asked" in Victor's own narration is someone else, and nobody else is named.
      [2, null],
    ]);
  });

  it('reads long quoted narration as narration and attributes the quotes inside it', () => {
    const framed = [
      '“I lived in a hovel. ‘Who is there?’ said the old man. ‘Come in.’ I entered.',
      '“I stayed there long.',
      '“At last I spoke. ‘Pardon this intrusion,’ said I.”',
    ].join('\n\n');
    const book = parseBook(`Chapter 1\n\n${framed}`, {
      id: 'framed',
      narrators: [{ fromChapter: 1, toChapter: 1, speaker: 'The Creature' }],
    });
    expect(book.speeches.map((speech) => [speech.text, speech.speaker])).toEqual([
      ['Who is there?', 'Old man'],
      ['Come in.', 'Old man'],
      ['Pardon this intrusion,', 'The Creature'],
    ]);
  });

  it('gives every speech an id and the id of the passage that holds it', () => {
    const book = parseBook('CHAPTER I.\nTea\n\n“One,” said Alice.\n\n“Two,” said Alice.', { id: 'ids' });
    expect(book.speeches.map((speech) => [speech.id, speech.passageId])).toEqual([
      ['ids:1:q0', 'ids:1:0'],
      ['ids:1:q1', 'ids:1:0'],
    ]);
  });
});
