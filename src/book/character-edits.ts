/**
 * The author's corrections to discovered characters, replayed in order after every discovery:
 * merge two entries, split an alias off into an entry of its own, rename an entry (its old name
 * stays an alias, so its lines stay its own), and mark an entry as not a character. An edit names
 * entries by any of their names, so it still applies when discovery ranks or names them a little
 * differently; one that no longer finds its entries is reported unapplied and changes nothing.
 */
import { z } from 'zod';
import type { Book } from './types.ts';
import type { DiscoveredCharacter } from './discover-characters.ts';
import { nameKey } from './name-key.ts';

const name = z.string().trim().min(1).max(200);

/** One correction, as the studio sends it and `character-edits.json` stores it. */
export const characterEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('merge'), into: name, from: name }),
  z.object({ op: z.literal('split'), from: name, alias: name, name: name.optional() }),
  z.object({ op: z.literal('rename'), from: name, to: name }),
  z.object({ op: z.literal('not-character'), name }),
]);

/** One correction. */
export type CharacterEdit = z.infer<typeof characterEditSchema>;

/** The corrected list and, per edit, whether it found what it names. */
export interface EditedCharacters {
  characters: DiscoveredCharacter[];
  applied: boolean[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Counts where the text names someone by any of these names, and in which chapters. */
export function countMentions(book: Pick<Book, 'chapters'>, names: readonly string[]): { mentions: number; chapters: Set<number> } {
  const usable = [...new Set(names.map((entry) => entry.replace(/^the\s+/i, '')))].filter((entry) => entry.length > 1).sort((a, b) => b.length - a.length);
  const chapters = new Set<number>();
  if (usable.length === 0) return { mentions: 0, chapters };
  const pattern = new RegExp(`(?<![\\p{L}])(?:${usable.map(escape).join('|')})(?![\\p{L}])`, 'gu');
  let mentions = 0;
  for (const chapter of book.chapters) {
    for (const paragraph of chapter.paragraphs) {
      const found = paragraph.match(pattern)?.length ?? 0;
      if (found > 0) chapters.add(chapter.number);
      mentions += found;
    }
  }
  return { mentions, chapters };
}

function findEntry(characters: readonly DiscoveredCharacter[], wanted: string): DiscoveredCharacter | undefined {
  const key = nameKey(wanted);
  return characters.find((character) => nameKey(character.name) === key) ?? characters.find((character) => character.aliases.some((alias) => nameKey(alias) === key));
}

function withCounts(book: Pick<Book, 'chapters'>, character: DiscoveredCharacter): DiscoveredCharacter {
  const { mentions, chapters } = countMentions(book, [character.name, ...character.aliases]);
  return { ...character, mentions, chapters: [...new Set([...chapters])].sort((a, b) => a - b) };
}

function applyOne(book: Pick<Book, 'chapters'>, characters: DiscoveredCharacter[], edit: CharacterEdit): boolean {
  if (edit.op === 'not-character') {
    const entry = findEntry(characters, edit.name);
    if (!entry) return false;
    characters.splice(characters.indexOf(entry), 1);
    return true;
  }
  if (edit.op === 'rename') {
    const entry = findEntry(characters, edit.from);
    if (!entry || (findEntry(characters, edit.to) !== undefined && findEntry(characters, edit.to) !== entry)) return false;
    const aliases = new Set([...entry.aliases, entry.name].filter((alias) => nameKey(alias) !== nameKey(edit.to)));
    characters[characters.indexOf(entry)] = { ...entry, name: edit.to, aliases: [...aliases].sort() };
    return true;
  }
  if (edit.op === 'merge') {
    const into = findEntry(characters, edit.into);
    const from = findEntry(characters, edit.from);
    if (!into || !from || into === from) return false;
    const aliases = new Set([...into.aliases, ...from.aliases, from.name].filter((alias) => nameKey(alias) !== nameKey(into.name)));
    const shared = new Set([...into.sharedAliases, ...from.sharedAliases].filter((alias) => ![...aliases].some((own) => nameKey(own) === nameKey(alias))));
    characters[characters.indexOf(into)] = {
      ...into,
      aliases: [...aliases].sort(),
      sharedAliases: [...shared].sort(),
      mentions: into.mentions + from.mentions,
      chapters: [...new Set([...into.chapters, ...from.chapters])].sort((a, b) => a - b),
      isNarrator: into.isNarrator || from.isNarrator,
      narration: into.narration + from.narration,
    };
    characters.splice(characters.indexOf(from), 1);
    return true;
  }
  const from = findEntry(characters, edit.from);
  const alias = from?.aliases.find((candidate) => nameKey(candidate) === nameKey(edit.alias));
  if (!from || !alias) return false;
  const rest = from.aliases.filter((candidate) => candidate !== alias && nameKey(candidate) !== nameKey(alias));
  const newName = edit.name ?? alias;
  const split: DiscoveredCharacter = { name: newName, aliases: nameKey(newName) === nameKey(alias) ? [] : [alias], sharedAliases: [], lines: 0, mentions: 0, chapters: [], isNarrator: false, narration: 0 };
  characters[characters.indexOf(from)] = withCounts(book, { ...from, aliases: rest });
  characters.push(withCounts(book, split));
  return true;
}

/** Replays the author's edits on a discovered list (lines are the caller's to recount). */
export function applyCharacterEdits(book: Pick<Book, 'chapters'>, discovered: readonly DiscoveredCharacter[], edits: readonly CharacterEdit[]): EditedCharacters {
  const characters = [...discovered];
  const applied = edits.map((edit) => applyOne(book, characters, edit));
  return { characters, applied };
}
