/**
 * Evidence from dialogue about who is who: a name used to address someone ("Mr. Jones, we
 * haven't been doing nothing") names the speaker just before or just after it, whose lines are
 * attributed under another name ("the Welshman"); and it never names the one who says it.
 */
import type { Speech } from './types.ts';
import { vocativesIn } from './vocatives.ts';

/** A name of address and the speaker it was said to. */
export interface AddressLink {
  vocative: string;
  addressee: string;
}

/** A name of address and the speaker who used it, who is someone else. */
export interface AddressBy {
  vocative: string;
  speaker: string;
}

/** How many paragraphs away the speaker being answered, or answering, may be. */
const REACH_PARAGRAPHS = 2;

function paragraphOf(speech: Speech): number {
  return speech.paragraph ?? 0;
}

/** Finds, for every name of address in the book's quotations, the speakers it was said to and by. */
export function findAddressLinks(speeches: readonly Speech[]): { links: AddressLink[]; usedBy: AddressBy[] } {
  const links: AddressLink[] = [];
  const usedBy: AddressBy[] = [];
  for (const [index, speech] of speeches.entries()) {
    const vocatives = vocativesIn(speech.text);
    if (vocatives.length === 0) continue;
    const isNear = (other: Speech | undefined): other is Speech =>
      other !== undefined && other.chapter === speech.chapter && other.speaker !== null && other.speaker !== speech.speaker && Math.abs(paragraphOf(other) - paragraphOf(speech)) <= REACH_PARAGRAPHS && paragraphOf(other) !== paragraphOf(speech);
    let previous: Speech | undefined;
    for (let back = index - 1; back >= 0 && back >= index - 3; back -= 1) {
      if (paragraphOf(speeches[back]!) !== paragraphOf(speech) || speeches[back]!.chapter !== speech.chapter) {
        previous = speeches[back];
        break;
      }
    }
    const next = speeches.slice(index + 1, index + 4).find((later) => later.chapter !== speech.chapter || paragraphOf(later) !== paragraphOf(speech));
    for (const vocative of vocatives) {
      if (speech.speaker !== null) usedBy.push({ vocative, speaker: speech.speaker });
      if (isNear(previous)) links.push({ vocative, addressee: previous.speaker! });
      if (isNear(next)) links.push({ vocative, addressee: next.speaker! });
    }
  }
  return { links, usedBy };
}
