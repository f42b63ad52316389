/**
 * What the text says outright about two names being one person, and what dialogue shows:
 * - "known as" and appositions of names: "Arthur Holmwood, now Lord Godalming", "Daniel
 *   Brown, known as Red Dan", "Tom Canty, alias the Prince";
 * - the same speaker across a quotation: one paragraph is one speaker's turn, so two names
 *   tagging quotations in the same paragraph ("…,” said Huck. “…,” Huckleberry added) name one
 *   person;
 * - and, against both, two names that speak in turns next to each other are two people.
 */
import type { Chapter, Speech } from './types.ts';

/** Two names the text gives one person, and how it says so. */
export interface IdentityLink {
  a: string;
  b: string;
  kind: 'apposition' | 'same-turn';
}

const TITLE = String.raw`(?:(?:Mr|Mrs|Ms|Dr|St|M|Mme|Mlle)\.\s+|(?:Miss|Madam|Madame|Captain|Professor|Doctor|Lord|Lady|Sir|Aunt|Uncle|Count|Countess|Judge|Widow|Colonel|Major|Squire|Baron|Duke)\s+)`;
const NAME = String.raw`(${TITLE}?\p{Lu}[\p{Ll}’'-]+(?:\s+\p{Lu}[\p{Ll}’'-]+){0,2})`;
const APPOSITIONS = [
  new RegExp(String.raw`${NAME},?\s+(?:who\s+was\s+|better\s+|commonly\s+|generally\s+|also\s+|otherwise\s+)?(?:known|called|nicknamed)\s+(?:as\s+|by\s+the\s+name\s+of\s+)?[“"‘]?${NAME}`, 'gu'),
  new RegExp(String.raw`${NAME},?\s+(?:alias|otherwise|or\s+rather)\s+[“"‘]?${NAME}`, 'gu'),
  new RegExp(String.raw`${NAME},\s+now\s+((?:Lord|Lady|Sir|Mrs\.|Count|Countess|Baron|Duke)\s+\p{Lu}[\p{Ll}’'-]+)`, 'gu'),
];

const APPOSITION_WORDS = ['known', 'called', 'nicknamed', 'alias', 'otherwise', 'or rather', ', now '];

/** Finds "known as", "alias" and "now Lord …" appositions of two names in the narration. */
export function findAppositions(chapters: readonly Chapter[]): IdentityLink[] {
  const links: IdentityLink[] = [];
  for (const chapter of chapters) {
    for (const paragraph of chapter.paragraphs) {
      // Plain substring searches first: the patterns are costly and few paragraphs hold these words.
      if (!APPOSITION_WORDS.some((word) => paragraph.includes(word))) continue;
      for (const pattern of APPOSITIONS) {
        for (const match of paragraph.matchAll(pattern)) links.push({ a: match[1]!, b: match[2]!, kind: 'apposition' });
      }
    }
  }
  return links;
}

interface Turn {
  chapter: number;
  paragraph: number;
  speakers: Set<string>;
}

/** Pairs of names tagging quotations in one paragraph, and pairs speaking in adjacent turns. */
export function findTurnLinks(speeches: readonly Speech[]): { same: IdentityLink[]; apart: Array<[string, string]> } {
  const same: IdentityLink[] = [];
  const apart: Array<[string, string]> = [];
  let turn: Turn | null = null;
  const close = (next: Turn | null): void => {
    if (turn && turn.speakers.size === 2) {
      const [a, b] = [...turn.speakers] as [string, string];
      same.push({ a, b, kind: 'same-turn' });
    }
    if (turn && next && next.chapter === turn.chapter && next.paragraph === turn.paragraph + 1) {
      for (const a of turn.speakers) for (const b of next.speakers) if (a !== b) apart.push([a, b]);
    }
  };
  for (const speech of speeches) {
    if (speech.speaker === null) continue;
    const paragraph = speech.paragraph ?? 0;
    if (turn && turn.chapter === speech.chapter && turn.paragraph === paragraph) {
      turn.speakers.add(speech.speaker);
      continue;
    }
    const next: Turn = { chapter: speech.chapter, paragraph, speakers: new Set([speech.speaker]) };
    close(next);
    turn = next;
  }
  close(null);
  return { same, apart };
}
