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
  /** Snippets of the character's earlier reflections this one connects to. */
  earlier: string[];
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

/** Writes a first-person diary entry about a chapter from its salient sentences, mood and the character's own lines. */
export function writeOfflineChapterReflection(input: OfflineChapterInput): string {
  const seed = `${input.chapterNumber}:${input.cycle}:${input.part}`;
  const title = `“${input.chapterTitle}”`;
  const [first, second] = input.salientSentences;
  const [word1 = input.chapterTitle.toLowerCase(), word2 = 'everything', word3 = 'all of it'] = input.salientWords;
  const manner = mannerOf(input.manner, `${seed}:manner`);
  const feeling = moodWord(input.mood);
  const partText = input.partCount > 1 ? ` (the ${ordinal(input.part)} part of it)` : '';
  const again = input.cycle > 0 ? pick([' once more', ' yet again', ' for another time'], `${seed}:again`) : '';
  const lines: string[] = [];

  const opening = first ? quote(first) : `the ${word1} and the ${word2}`;
  lines.push(finish(pick([
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
    lines.push(`I hardly spoke in this part; I only watched, ${manner}, while the ${word1} and the ${word2} filled everything.`);
  }

  if (second) {
    lines.push(finish(pick([
      `There is also ${quote(second)}, which I had half forgotten`,
      `I had not noticed before how much hangs on ${quote(second)}`,
      `And then ${quote(second)}, as if that were the most ordinary thing`,
      `I lingered twice over ${quote(second)}`,
    ], `${seed}:second`)));
  }

  lines.push(pick([
    `I felt ${feeling} reading it, ${manner} as ever, and most of all about the ${word1}.`,
    `It leaves me ${feeling}, and ${manner} about the ${word1} and the ${word2}.`,
    `Reading about the ${word1} made me ${feeling}, though I tried to stay ${manner}.`,
    `What I feel about the ${word2} is hard to say: ${feeling}, I think, and ${manner}.`,
  ], `${seed}:feeling`));

  lines.push(pick([
    `What I understand now is that the ${word1}, the ${word2} and the ${word3} belong together more than I thought.`,
    `I think I grasp now why the ${word2} mattered so much, and what the ${word3} had to do with it.`,
    `This time I understood something about the ${word3} that I had missed before.`,
    `I begin to understand that the ${word1} was never only about the ${word1}.`,
  ], `${seed}:understanding`));

  const earlier = input.earlier[0];
  if (earlier) {
    lines.push(finish(pick([
      `Once I wrote ${quote(earlier)}, and reading this chapter I still agree with myself`,
      `It puts me in mind of what I thought before: ${quote(earlier)}`,
      `I remember I once put it like this: ${quote(earlier)}; now I am less certain`,
    ], `${seed}:earlier`)));
  }

  if (input.question) {
    lines.push(finish(pick([
      `I still wonder: ${quote(input.question)}`,
      `One question will not let me rest: ${quote(input.question)}`,
      `I have no answer yet to ${quote(input.question)}`,
    ], `${seed}:question`)));
  } else {
    lines.push(`I still wonder what the ${word1} had to do with the ${word2}, and nobody there would explain it.`);
  }

  lines.push(pick([
    `I shall return to ${title}; I am sure there is more in it.`,
    `That is all I can gather from ${title} tonight.`,
    `I close ${title} ${feeling}, and more ${manner} than when I began.`,
    `Next time I open ${title} I shall watch for the ${word3}.`,
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
