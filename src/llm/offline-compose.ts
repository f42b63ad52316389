import type { Grounding, GroundingItem } from './provider.ts';

/** Picks an index in [0, length) from a random source. */
type Pick = (length: number) => number;

const stopwords = new Set(
  'a an and are as at be but by did do does for from had has have he her him his how i if in is it its me my no not of on or she so that the their them then there they this to was we were what when where which who why will with would you your'.split(' '),
);

// A light suffix stripper: enough for "killed" to meet "kill" without importing a stemmer here.
function stem(word: string): string {
  if (word.length > 5) return word.replace(/(ings?|edly|ed|ly|es|s)$/, '');
  if (word.length > 3) return word.replace(/s$/, '');
  return word;
}

/** Lowercase, lightly stemmed content words, for ranking sentences against the visitor's words. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().replace(/[’‘]/g, "'").match(/[a-z0-9']+/g) ?? [])
    .map((word) => word.replace(/'s$/, '').replace(/'/g, ''))
    .filter((word) => word.length > 2 && !stopwords.has(word))
    .map(stem);
}

/** Splits prose into sentences, keeping the closing quote with its sentence. */
export function sentences(text: string): string[] {
  return (text.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]+['"’”)]*\s*/g) ?? [text])
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.split(' ').length >= 4);
}

function overlap(words: Set<string>, text: string): number {
  let score = 0;
  for (const word of new Set(contentWords(text))) {
    if (words.has(word)) score += 1;
  }
  return score;
}

/** The best-matching run of one or two sentences from the top passages, varied by `pick`. */
function excerpt(passages: GroundingItem[], words: Set<string>, pick: Pick): { text: string; chapterTitle?: string } | null {
  const candidates: Array<{ text: string; score: number; chapterTitle?: string }> = [];
  for (const [rank, passage] of passages.slice(0, 3).entries()) {
    const parts = sentences(passage.text);
    for (let index = 0; index < parts.length; index += 1) {
      const text = [parts[index], parts[index + 1]].filter(Boolean).join(' ');
      if (text.split(' ').length > 70) continue;
      // The retriever's order counts: a sentence of the best passage needs more to be beaten.
      candidates.push({ text, score: overlap(words, text) - rank * 1.5, chapterTitle: passage.chapterTitle });
    }
  }
  candidates.sort((left, right) => right.score - left.score);
  const best = candidates.filter((candidate) => candidate.score > 0).slice(0, 3);
  if (best.length === 0) return candidates.length > 0 ? (candidates[pick(Math.min(candidates.length, 3))] ?? null) : null;
  return best[pick(best.length)] ?? null;
}

const openers = [
  'Ah, you ask about that.',
  'That brings something back to me.',
  'Let me tell you what I remember.',
  'How strange that you should ask me that.',
  'I have turned that over in my mind more than once.',
  'Well, I can only tell you what I know.',
];
const lineFrames = ['As I said once: “{line}”', 'I remember saying, “{line}”', 'Those were my own words: “{line}”', '“{line}” That is what I said, and I meant it.'];
const passageFrames = [
  'It comes back to me like this, from “{chapter}”: {text}',
  'I remember it as it was written, in “{chapter}”: {text}',
  'Here is how it happened, in “{chapter}”: {text}',
];
const memoryFrames = ['When I last thought it over, I wrote: “{text}”', 'I have been thinking about it since: “{text}”'];
const visitorFrames = ['You told me before: “{text}”', 'I remember what you said to me: “{text}”'];
const closings = ['What made you think of it?', 'And you, what do you make of it?', 'Does that answer you?', 'Tell me what you think.', ''];
const unknowns = [
  'I am not sure my story tells me that.',
  'I cannot say I know that; it is not in anything I remember.',
  'That is beyond what I know, I am afraid.',
];

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => values[key] ?? '');
}

function firstSentences(text: string, count: number): string {
  const parts = sentences(text);
  return (parts.length > 0 ? parts.slice(0, count).join(' ') : text).slice(0, 400);
}

/**
 * Composes an in-character reply from the book and memory only: the character's own lines, the
 * passages that match the visitor's words, and what it remembers, framed by its card. Every
 * statement of fact is a quotation of the book or of memory, so nothing is invented.
 */
export function composeOfflineReply(grounding: Grounding, message: string, random: () => number): string {
  const pick: Pick = (length) => Math.min(length - 1, Math.floor(random() * length));
  const words = new Set(contentWords(message));
  const byKind = (kind: GroundingItem['kind']) => grounding.items.filter((item) => item.kind === kind);
  const isGreeting = /^\s*(hi|hello|hey|good (morning|afternoon|evening|day)|greetings|how do you do)\b/i.test(message) && message.length < 60;

  if (isGreeting) {
    if (grounding.turnIndex === 0) return grounding.greeting;
    const fact = byKind('visitor_fact')[0];
    const welcome = `Oh, it is you again. ${grounding.greeting.split(/(?<=[.!?])\s/)[0] ?? ''}`.trim();
    return fact ? `${welcome} ${fill(visitorFrames[pick(visitorFrames.length)]!, { text: fact.text })}` : welcome;
  }

  const parts: string[] = [openers[pick(openers.length)]!];
  // Whole sayings only: a fragment of a quote split by "said Alice" starts in lower case.
  const lines = byKind('line').filter((line) => line.text.split(' ').length >= 6 && /^[“"‘']?[A-Z]/.test(line.text));
  const rankedLines = lines
    .map((line, rank) => ({ line, score: overlap(words, line.text) - rank * 0.01 }))
    .sort((left, right) => right.score - left.score);
  const relevantLines = rankedLines.filter((entry) => entry.score > 0).slice(0, 3);
  const passage = excerpt(byKind('passage'), words, pick);
  const memory = [...byKind('reflection'), ...byKind('insight')].find((item) => overlap(words, item.text) > 0);
  // Only what the visitor said is theirs to be reminded of; the character's own replies are not.
  const visitorMemory = [...byKind('visitor_fact'), ...byKind('turn').filter((item) => item.role !== 'character')].find((item) => overlap(words, item.text) > 0);

  if (visitorMemory) parts.push(fill(visitorFrames[pick(visitorFrames.length)]!, { text: firstSentences(visitorMemory.text, 2) }));
  if (passage) {
    parts.push(fill(passageFrames[pick(passageFrames.length)]!, { chapter: passage.chapterTitle ?? 'my story', text: passage.text }));
  }
  const chosenLine = relevantLines[pick(relevantLines.length)]?.line ?? (passage ? undefined : lines[pick(lines.length)]);
  if (chosenLine) parts.push(fill(lineFrames[pick(lineFrames.length)]!, { line: chosenLine.text.replace(/^[“"‘']|[”"’']$/g, '').replace(/[,;:]$/, '…') }));
  if (memory) parts.push(fill(memoryFrames[pick(memoryFrames.length)]!, { text: firstSentences(memory.text, 2) }));
  if (parts.length === 1) parts.push(unknowns[pick(unknowns.length)]!);
  const closing = closings[pick(closings.length)]!;
  if (closing) parts.push(closing);
  return parts.join(' ');
}
