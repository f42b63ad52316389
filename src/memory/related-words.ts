/**
 * Words a book tells the same thing with: "Why did you kill William?" is answered by a page that
 * says "murdered" or "strangled", "Were you afraid?" by one that says "terror". A small general
 * thesaurus of feelings and of what happens to people, not of any one book.
 */
import { splitWords, stem } from './tokenize.ts';

/**
 * Each group's words, as written; a question's word finds the others of its groups. A word
 * marked `~` has another common sense ("cross the ice", "on the left", "a passion for science"):
 * the others find it, but it finds nothing, so a question about crossing never asks about anger.
 */
export const RELATED_WORD_GROUPS: readonly string[] = [
  'regret remorse repent guilt',
  '~cross angry anger fury furious ~passion temper rage',
  'afraid frightened fear terror horror dread',
  'happy glad joy delight happiness pleased',
  'sad sorrow grief misery tears wept melancholy unhappy',
  'kill killed murder murdered murderer death dead destroy strangled slain',
  'die died death dead',
  'love loved affection beloved fond',
  'hate hatred abhor detest loathe',
  'friend friends companion friendship',
  'meet met encounter',
  'learn learned taught study',
  'leave left quit depart departure',
  'wedding married marriage',
];

let groups: Map<string, Set<string>> | undefined;

/** The index terms related to `term` (its own stem excluded), from every group that holds it. */
export function relatedTerms(term: string): ReadonlySet<string> {
  if (!groups) {
    groups = new Map();
    for (const group of RELATED_WORD_GROUPS) {
      const words = group.split(/\s+/);
      const terms = [...new Set(words.flatMap((word) => splitWords(word).map(stem)))];
      const leads = new Set(words.filter((word) => !word.startsWith('~')).flatMap((word) => splitWords(word).map(stem)));
      for (const member of leads) {
        const related = groups.get(member) ?? new Set<string>();
        for (const other of terms) if (other !== member) related.add(other);
        groups.set(member, related);
      }
    }
  }
  return groups.get(term) ?? EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();
