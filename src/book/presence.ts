/**
 * Who is in a passage: the characters it names, those whose quoted speech it holds, and the one
 * who narrates it. Retrieval uses this as a prior, so a question put to a character finds the
 * pages it is in before equal keyword matches elsewhere.
 */
import type { BuiltPassage } from './build-passages.ts';
import { paragraphNarrators } from './narrator-ranges.ts';
import type { NarratorRange, SpeakerAliases, Speech } from './types.ts';
import { bookFormSource } from './alias-forms.ts';

/** How a character is in a passage. */
export type PresenceKind = 'named' | 'speaking' | 'narrating';

/** One character in one passage, by canonical name. */
export interface PassagePresence {
  name: string;
  kinds: PresenceKind[];
}

/** A matcher per known character for its name and aliases as whole words ("the Hatter" also as "Hatter"). */
function namePatterns(speakers: SpeakerAliases[]): Array<{ name: string; pattern: RegExp }> {
  return speakers.map((speaker) => {
    const names = [...new Set([speaker.name, ...speaker.aliases].flatMap((alias) => [alias, alias.replace(/^the\s+/i, '')]).filter((alias) => alias.length >= 2))];
    // Case matters: "Alice" is a name, "alice" is not a word anyway; "Cat" must not match "cat" in "a cat's whiskers" only when lower case.
    // A lowercase epithet word ("creature" of "the creature") only after "the", "my", "this"... (alias-forms.ts).
    return { name: speaker.name, pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map((alias) => bookFormSource(alias, false)).join('|')})(?![\\p{L}\\p{N}])`, 'u') };
  });
}

/** Presence in every passage of one chapter, by passage id. */
export function chapterPresence(input: {
  chapter: number;
  paragraphs: string[];
  passages: BuiltPassage[];
  speeches: Speech[];
  narrators: NarratorRange[];
  speakers: SpeakerAliases[];
}): Map<string, PassagePresence[]> {
  const patterns = namePatterns(input.speakers);
  const narrators = paragraphNarrators(input.narrators, input.chapter, input.paragraphs);
  const result = new Map<string, PassagePresence[]>();
  for (const built of input.passages) {
    const kinds = new Map<string, Set<PresenceKind>>();
    const add = (name: string, kind: PresenceKind) => {
      const set = kinds.get(name) ?? new Set<PresenceKind>();
      set.add(kind);
      kinds.set(name, set);
    };
    for (const paragraph of new Set(built.pieces.map((piece) => piece.paragraph))) {
      const narrator = narrators[paragraph] ?? null;
      if (narrator) add(narrator, 'narrating');
    }
    for (const speech of input.speeches) if (speech.passageId === built.passage.id && speech.speaker) add(speech.speaker, 'speaking');
    for (const { name, pattern } of patterns) if (pattern.test(built.passage.text)) add(name, 'named');
    result.set(built.passage.id, [...kinds].map(([name, set]) => ({ name, kinds: [...set].sort() })).sort((left, right) => left.name.localeCompare(right.name)));
  }
  return result;
}
