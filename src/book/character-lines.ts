/**
 * Which quotations belong to which discovered character: a speech whose speaker is one of the
 * character's names or aliases, and one under a name several characters share ("Joe") that the
 * context gives them (see `createContextResolver`). Discovery counts lines with it and card
 * drafting uses the same lines, so an entry the author merged or split drafts from its own.
 */
import type { Book, Speech } from './types.ts';
import { createContextResolver, type ContextResolver } from './context-resolution.ts';
import { nameKey } from './name-key.ts';

/** What line assignment needs to know of a character. */
export interface LineOwner {
  name: string;
  aliases: readonly string[];
  /** Names this character shares with others, resolved by context. */
  sharedAliases?: readonly string[];
}

/** Assigns every attributed speech to at most one character; returns each character's lines by name. */
export function assignLines(book: Pick<Book, 'chapters' | 'speeches'>, characters: readonly LineOwner[]): Map<string, Speech[]> {
  const owners = new Map<string, string>();
  for (const character of characters) {
    for (const name of [character.name, ...character.aliases]) if (!owners.has(nameKey(name))) owners.set(nameKey(name), character.name);
  }
  const sharers = new Map<string, LineOwner[]>();
  for (const character of characters) {
    for (const alias of character.sharedAliases ?? []) {
      const key = nameKey(alias);
      if (owners.has(key)) continue;
      sharers.set(key, [...(sharers.get(key) ?? []), character]);
    }
  }
  const resolvers = new Map<string, ContextResolver>();
  const resolverFor = (key: string, shared: string): ContextResolver => {
    let resolver = resolvers.get(key);
    if (!resolver) {
      const holders = (sharers.get(key) ?? []).map((holder) => ({ key: holder.name, names: [holder.name, ...holder.aliases] }));
      resolver = createContextResolver(book.chapters, holders, shared);
      resolvers.set(key, resolver);
    }
    return resolver;
  };
  const lines = new Map<string, Speech[]>(characters.map((character) => [character.name, []]));
  for (const speech of book.speeches) {
    if (speech.speaker === null) continue;
    const key = nameKey(speech.speaker);
    let owner = owners.get(key);
    if (owner === undefined && sharers.has(key)) {
      const shared = speech.speaker.replace(/^the\s+/i, '');
      owner = resolverFor(key, shared)(speech.chapter, speech.paragraph ?? 0) ?? undefined;
    }
    if (owner !== undefined) lines.get(owner)?.push(speech);
  }
  return lines;
}
