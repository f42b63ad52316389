/**
 * Words a book tells the same thing with: "Why did you kill William?" is answered by a page that
 * says "murdered" or "strangled", "Were you afraid?" by one that says "terror". A small general
 * thesaurus of feelings and of what happens to people, not of any one book.
 */
import { splitWords, stem } from './tokenize.ts';

/**
 * Each group's words, as written; a question's word finds the others of its groups. A word
 * marked `~` has another common sense ("a passion for science"): the others find it, but it finds
 * nothing. One marked `=` leads only as written: "cross" is angry, "crossing" is not.
 */
export const RELATED_WORD_GROUPS: readonly string[] = [
  'regret remorse repent guilt',
  '=cross angry anger fury furious ~passion temper rage',
  'afraid frightened scared fear terror horror dread',
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
  'travel travelled traveled trip journey voyage',
];

interface Group {
  terms: string[];
  /** Stems that lead whatever their form, and words that lead only as written. */
  leadingStems: Set<string>;
  leadingWords: Set<string>;
}

let groups: Group[] | undefined;

function readGroups(): Group[] {
  return RELATED_WORD_GROUPS.map((group) => {
    const words = group.split(/\s+/);
    const bare = (word: string) => word.replace(/^[~=]/, '');
    return {
      terms: [...new Set(words.flatMap((word) => splitWords(bare(word)).map(stem)))],
      leadingStems: new Set(words.filter((word) => !/^[~=]/.test(word)).flatMap((word) => splitWords(word).map(stem))),
      leadingWords: new Set(words.filter((word) => word.startsWith('=')).map(bare)),
    };
  });
}

/**
 * The index terms related to a question's word (its own stem excluded), from every group it
 * leads: `word` as written, lower case ("crossing"), and `term` its stem ("cross").
 */
export function relatedTerms(term: string, word?: string): ReadonlySet<string> {
  groups ??= readGroups();
  const related = new Set<string>();
  for (const group of groups) {
    if (!group.leadingStems.has(term) && !(word !== undefined && group.leadingWords.has(word))) continue;
    for (const other of group.terms) if (other !== term) related.add(other);
  }
  return related;
}
