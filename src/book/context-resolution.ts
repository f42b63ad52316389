/**
 * Who a name several people share means at one place in the book: "Joe" in a chapter about Joe
 * Harper is Joe Harper, and in the graveyard scene it is Injun Joe. The holder named last before
 * that place in the same chapter wins, else the first named after it; when the chapter names
 * none of them, nobody is chosen.
 */
import type { Chapter } from './types.ts';

/** One holder of a shared name and the names that are theirs alone. */
export interface NameHolder {
  key: string;
  names: readonly string[];
}

/** Resolves a shared name at a chapter and paragraph to a holder's key, or null. */
export type ContextResolver = (chapter: number, paragraph: number) => string | null;

interface Mention {
  paragraph: number;
  /** The holder's key, or null for the shared name itself. */
  holder: string | null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the mention pattern: holders' names longest first, so "Injun Joe" is not read as "Joe". */
function mentionPattern(holders: readonly NameHolder[], shared: string): { pattern: RegExp; ownerOf: Map<string, string | null> } {
  const ownerOf = new Map<string, string | null>();
  for (const holder of holders) for (const name of holder.names) if (name.length > 1 && name !== shared && !ownerOf.has(name)) ownerOf.set(name, holder.key);
  ownerOf.set(shared, null);
  const alternatives = [...ownerOf.keys()].sort((a, b) => b.length - a.length).map(escape);
  return { pattern: new RegExp(`(?<![\\p{L}])(?:${alternatives.join('|')})(?![\\p{L}])`, 'gu'), ownerOf };
}

/** Creates a resolver for one shared name; chapters are scanned once, when first asked about. */
export function createContextResolver(chapters: readonly Chapter[], holders: readonly NameHolder[], shared: string): ContextResolver {
  const { pattern, ownerOf } = mentionPattern(holders, shared);
  const byChapter = new Map<number, Mention[]>();
  const mentionsOf = (number: number): Mention[] => {
    let mentions = byChapter.get(number);
    if (mentions) return mentions;
    mentions = [];
    const chapter = chapters[number - 1];
    for (const [paragraph, text] of (chapter?.paragraphs ?? []).entries()) {
      for (const match of text.matchAll(pattern)) mentions.push({ paragraph, holder: ownerOf.get(match[0]) ?? null });
    }
    byChapter.set(number, mentions);
    return mentions;
  };
  return (chapter, paragraph) => {
    const mentions = mentionsOf(chapter);
    let before: string | null = null;
    let after: string | null = null;
    for (const mention of mentions) {
      if (mention.holder === null) continue;
      if (mention.paragraph <= paragraph) before = mention.holder;
      else if (after === null) after = mention.holder;
    }
    return before ?? after;
  };
}

/** Counts, per holder, the uses of the shared name that context gives them. */
export function countSharedUses(chapters: readonly Chapter[], holders: readonly NameHolder[], shared: string, inChapters: Iterable<number>): Map<string, number> {
  const resolve = createContextResolver(chapters, holders, shared);
  const pattern = new RegExp(`(?<![\\p{L}])${escape(shared)}(?![\\p{L}])`, 'gu');
  const longer = holders.flatMap((holder) => holder.names).filter((name) => name !== shared && name.includes(shared));
  const counts = new Map<string, number>();
  for (const number of inChapters) {
    for (const [paragraph, text] of (chapters[number - 1]?.paragraphs ?? []).entries()) {
      // Uses inside a longer name ("Injun Joe") are that name's, not the shared one's.
      const inside = longer.reduce((sum, name) => sum + (text.split(name).length - 1), 0);
      const uses = (text.match(pattern)?.length ?? 0) - inside;
      if (uses <= 0) continue;
      const holder = resolve(number, paragraph);
      if (holder !== null) counts.set(holder, (counts.get(holder) ?? 0) + uses);
    }
  }
  return counts;
}
