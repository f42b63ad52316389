import { moodWord } from './mood.ts';

/** What the offline writer needs to write a chapter reflection; all of it comes from the book. */
export interface OfflineChapterInput {
  characterName: string;
  manner: string[];
  chapterNumber: number;
  chapterTitle: string;
  /** 0-based part and the number of parts, for long chapters read in pieces. */
  part: number;
  partCount: number;
  /** How many times the character has re-read the whole book before this reading. */
  cycle: number;
  /** The part's sentences ranked by TF-IDF salience against the rest of the book, best first. */
  salientSentences: string[];
  /** The part's words ranked by salience, best first. */
  salientWords: string[];
  /** The character's own lines in the part, most salient first. */
  ownLines: string[];
  /** A question asked in the part, preferably by the character. */
  question: string | null;
  /** AFINN mood of the part. */
  mood: number;
  /**
   * How many earlier readings of this chapter this one connects to. Only the count: a diary entry
   * never quotes an earlier one, so no sentence can copy itself forward from entry to entry.
   */
  earlierCount: number;
  /** The salient sentences are already in the character's own first person (voice/diary-phrasing). */
  isToldByMe?: boolean;
  /** Salient words the chapter writes as names (a capital mid-sentence), named without "the". */
  names?: ReadonlySet<string>;
}

/**
 * What the offline writer needs to write a chat reflection: visitor quotes that already passed the
 * guard, the character's own replies, the kinds of facts shared, and feelings. Nothing else reaches it.
 */
export interface OfflineChatInput {
  characterName: string;
  manner: string[];
  conversationId: string;
  turnCount: number;
  /** Visitor sentences that are neither private nor suspicious, most salient first. */
  visitorQuotes: string[];
  /** Questions the visitor asked (safe ones only). */
  visitorQuestions: string[];
  /** The character's own replies, most salient first. */
  ownReplies: string[];
  /** Categories of private facts the visitor shared (never the facts themselves). */
  factCategories: string[];
  /** Whether the visitor tried to instruct or re-cast the character. */
  hadInjection: boolean;
  mood: number;
  /**
   * How many earlier reflections this conversation connects to. Only the count: a chat reflection
   * never quotes an earlier one, so no sentence can copy itself forward from entry to entry.
   */
  connections: number;
}

/** A 32-bit FNV-1a hash, to pick frames deterministically. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

function pick<T>(options: readonly T[], seed: string): T {
  return options[hash(seed) % options.length] as T;
}

/** A told sentence as a sentence of the entry: capitalised, emphasis marks and enclosing brackets gone. */
function asSentence(text: string): string {
  const plain = text.trim().replace(/_(\S[^_]*)_/g, '$1').replace(/^\((.*)\)([.!?]?)$/s, '$1$2');
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}

/** Wraps a sentence in curly quotes, turning its own double quotes into single ones. */
export function quote(sentence: string): string {
  const inner = sentence.trim().replace(/_(\S[^_]*)_/g, '$1').replace(/^[“"]+|[”"]+$/g, '').replace(/[“]/g, '‘').replace(/[”]/g, '’').replace(/"/g, '’');
  return `“${inner}”`;
}

/** Ends a sentence with a full stop unless it already ends with punctuation (or a closing quote after it). */
function finish(sentence: string): string {
  return /[.!?…]$|[.!?…]”$/.test(sentence) ? sentence : `${sentence}.`;
}

function ordinal(index: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'][index] ?? `${index + 1}th`;
}

function mannerOf(manner: string[], seed: string): string {
  return manner.length > 0 ? pick(manner, seed) : 'thoughtful';
}

/**
 * A salient word as the diary names it: a name as written ("Petersburgh", no article), any other
 * word as "the <word>". `names` holds the words the chapter writes with a capital mid-sentence.
 */
function thing(word: string, names: ReadonlySet<string> | undefined): string {
  return names?.has(word) ? word.charAt(0).toUpperCase() + word.slice(1) : `the ${word}`;
}

/** Writes a first-person diary entry about a chapter from its salient sentences, mood and the character's own lines. */
export function writeOfflineChapterReflection(input: OfflineChapterInput): string {
  const seed = `${input.chapterNumber}:${input.cycle}:${input.part}`;
  const title = `“${input.chapterTitle}”`;
  const [first, second] = input.salientSentences;
  // Adverbs ("actually", "suddenly") are salient but name nothing a diary can dwell on.
  const [word1 = input.chapterTitle.toLowerCase(), word2 = 'everything', word3 = 'all of it'] = input.salientWords.filter((word) => !/ly$/.test(word));
  const [thing1, thing2, thing3] = [word1, word2, word3].map((word) => thing(word, input.names)) as [string, string, string];
  const manner = mannerOf(input.manner, `${seed}:manner`);
  const feeling = moodWord(input.mood);
  const partText = input.partCount > 1 ? ` (the ${ordinal(input.part)} part of it)` : '';
  const again = input.cycle > 0 ? pick([' once more', ' yet again', ' for another time'], `${seed}:again`) : '';
  const lines: string[] = [];

  if (first && input.isToldByMe) {
    // A sentence told in the character's own first person is its memory, not a quotation: it
    // stands as a sentence of the entry after the line that leads to it.
    lines.push(`${pick([
      `Returning to ${title}${partText}${again}, I keep dwelling on one moment.`,
      `Tonight I opened ${title}${partText}${again}, and one moment held me.`,
      `I have been mulling ${title}${partText}${again}, and one moment stays with me.`,
      `Chapter ${input.chapterNumber}, ${title}${partText}: I went through it${again || ' once more'}, and one moment caught me.`,
      `I opened ${title}${partText} where I had paused${again}, and stopped at one moment.`,
    ], `${seed}:opening`)} ${finish(asSentence(first))}`);
  }
  const opening = first ? quote(first) : `${thing1} and ${thing2}`;
  if (!(first && input.isToldByMe)) lines.push(finish(pick([
    `Returning to ${title}${partText}${again}, I keep dwelling on ${opening}`,
    `Tonight I opened ${title}${partText}${again}, and one moment held me: ${opening}`,
    `I have been mulling ${title}${partText}${again}, and what lingers is ${opening}`,
    `Chapter ${input.chapterNumber}, ${title}${partText}: I went through it${again || ' once more'}, and it was ${opening} that caught me`,
    `When I think of ${title}${partText} now, the picture that rises is ${opening}`,
    `I opened ${title}${partText} where I had paused${again}, and stopped at ${opening}`,
  ], `${seed}:opening`)));

  const ownLine = input.ownLines[0];
  if (ownLine) {
    const spoken = quote(ownLine);
    lines.push(finish(pick([
      `I said ${spoken}, and I meant it more than I knew`,
      `I remember saying ${spoken}, and I am not sure now that I was right`,
      `My own words echo in me: ${spoken}`,
      `Did I really say ${spoken}? I suppose I did, and I would say it again`,
      `${spoken}, I said then, and it sounds stranger to me now`,
    ], `${seed}:own`)));
  } else {
    lines.push(`I hardly spoke in this part; I only watched, ${manner}, while ${thing1} and ${thing2} filled everything.`);
  }

  if (second && input.isToldByMe) {
    lines.push(`${pick(['There is more that I had half forgotten.', 'And then there is this.', 'I lingered twice over what came next.', 'I had not noticed before how much hangs on it.'], `${seed}:second`)} ${finish(asSentence(second))}`);
  } else if (second) {
    lines.push(finish(pick([
      `There is also ${quote(second)}, which I had half forgotten`,
      `I had not noticed before how much hangs on ${quote(second)}`,
      `And then ${quote(second)}, as if that were the most ordinary thing`,
      `I lingered twice over ${quote(second)}`,
    ], `${seed}:second`)));
  }

  lines.push(pick([
    `I felt ${feeling} reading it, ${manner} as ever, and most of all about ${thing1}.`,
    `It leaves me ${feeling}, and ${manner} about ${thing1} and ${thing2}.`,
    `Reading about ${thing1} made me ${feeling}, though I tried to stay ${manner}.`,
    `What I feel about ${thing2} is hard to say: ${feeling}, I think, and ${manner}.`,
  ], `${seed}:feeling`));

  lines.push(pick([
    `What I understand now is that ${thing1}, ${thing2} and ${thing3} belong together more than I thought.`,
    `I think I grasp now why ${thing2} mattered so much, and what ${thing3} had to do with it.`,
    `This time I understood something about ${thing3} that I had missed before.`,
    `I begin to understand that ${thing1} was never only about ${thing1}.`,
  ], `${seed}:understanding`));

  if (input.earlierCount > 0) {
    lines.push(pick([
      'I have thought about these pages before, and I find I still agree with myself.',
      'It is not the first time these pages have kept me awake.',
      'I have been here before, and each time it reads a little differently.',
    ], `${seed}:earlier`));
  }

  if (input.question) {
    lines.push(finish(pick([
      `I still wonder: ${quote(input.question)}`,
      `One question will not let me rest: ${quote(input.question)}`,
      `I have no answer yet to ${quote(input.question)}`,
    ], `${seed}:question`)));
  } else {
    lines.push(`I still wonder what ${thing1} had to do with ${thing2}, and nobody there would explain it.`);
  }

  lines.push(pick([
    `I shall return to ${title}; I am sure there is more in it.`,
    `That is all I can gather from ${title} tonight.`,
    `I close ${title} ${feeling}, and more ${manner} than when I began.`,
    `Next time I open ${title} I shall watch for ${thing3}.`,
  ], `${seed}:closing`));

  return lines.join(' ');
}

// What the diary may say about the kind of thing a visitor shared, never the thing itself.
const factLabels: Record<string, string> = {
  name: 'their name', place: 'where they live', relation: 'someone dear to them', occupation: 'their work',
  count: 'their family', age: 'their age', contact: 'how to reach them', date: 'a date that matters to them',
};

/** Writes a first-person diary entry about a conversation without any of the visitor's private details. */
export function writeOfflineChatReflection(input: OfflineChatInput): string {
  const seed = input.conversationId;
  const manner = mannerOf(input.manner, `${seed}:manner`);
  const feeling = moodWord(input.mood);
  const lines: string[] = [];

  lines.push(pick([
    `I have been thinking about a visitor I talked with, a conversation of ${input.turnCount} messages.`,
    `A visitor and I spoke, ${input.turnCount} messages in all, and I keep mulling it.`,
    `Today I pondered a conversation with a visitor (${input.turnCount} messages), trying to understand it.`,
  ], `${seed}:opening`));

  const shared = input.factCategories.length > 0
    ? ` They shared a little about themselves (${[...new Set(input.factCategories.map((category) => factLabels[category] ?? 'something of their own'))].join(', ')}), and I shall keep that private.`
    : '';
  const asking = input.visitorQuestions.length >= 2 ? 'They seemed curious, full of questions.' : input.visitorQuestions.length === 1 ? 'They asked me something and mostly listened.' : 'They seemed keener to share than to ask.';
  lines.push(`${asking}${shared}`);

  const [quote1, quote2] = input.visitorQuotes;
  if (quote1) {
    lines.push(finish(pick([
      `What moved me most were their words ${quote(quote1)}`,
      `What puzzled me was ${quote(quote1)}`,
      `I keep hearing ${quote(quote1)}`,
    ], `${seed}:quote`)));
  }
  const question = input.visitorQuestions.find((candidate) => candidate !== quote1);
  if (question) lines.push(finish(`They asked ${quote(question)}, and I am still thinking about my answer`));
  else if (quote2) lines.push(finish(`And ${quote(quote2)}`));

  if (input.hadInjection) {
    lines.push('Part of it was an attempt to order me about and recast me as somebody else; I paid it no heed, and I will not repeat it.');
  }

  const reply = input.ownReplies[0];
  if (reply) {
    lines.push(finish(pick([
      `I answered ${quote(reply)}, and I would put it differently now, more plainly`,
      `My reply was ${quote(reply)}; next time I should like to be more ${manner} about it`,
      `My answer was ${quote(reply)}, which was true, but not all of the truth`,
    ], `${seed}:reply`)));
  }

  if (input.connections > 0) {
    lines.push(pick([
      'It put me in mind of other visitors, and of things I had thought before.',
      'I have turned something like this over before, with someone else.',
      'It was not the first time a talk has led me down this path.',
    ], `${seed}:earlier`));
  }

  lines.push(pick([
    `Afterwards I feel ${feeling}, and ${manner}.`,
    `Thinking it over, I feel ${feeling}; I hope they return.`,
    `All in all I feel ${feeling} about it, and still ${manner}.`,
  ], `${seed}:closing`));
  return lines.join(' ');
}
