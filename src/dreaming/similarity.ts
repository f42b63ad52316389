import { tokenize } from '../memory/tokenize.ts';
import type { MemoryItem } from '../memory/types.ts';

/** Above this Jaccard similarity of stemmed terms two items say the same thing. */
export const DUPLICATE_THRESHOLD = 0.6;

/** The set of stemmed index terms of a text. */
export function termSet(text: string): Set<string> {
  return new Set(tokenize(text));
}

/** Jaccard similarity of two term sets: shared terms over all terms (0 when both are empty). */
export function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** The share of `inner`'s terms that `outer` holds too (1 when `inner` says nothing new). */
export function containment(inner: ReadonlySet<string>, outer: ReadonlySet<string>): number {
  if (inner.size === 0) return 1;
  let shared = 0;
  for (const term of inner) if (outer.has(term)) shared += 1;
  return shared / inner.size;
}

/** Items that may be compared: same kind and same visitor (private items never mix). */
export function sameShelf(left: MemoryItem, right: MemoryItem): boolean {
  return left.kind === right.kind && left.visitor === right.visitor;
}

/** Pairs of items on the same shelf whose similarity reaches the threshold, as index pairs. */
export function similarPairs(items: readonly MemoryItem[], threshold = DUPLICATE_THRESHOLD): Array<[number, number, number]> {
  const terms = items.map((item) => termSet(item.text));
  // An inverted index keeps this near-linear on large memories: only items sharing a term are compared.
  const postings = new Map<string, number[]>();
  terms.forEach((set, index) => {
    for (const term of set) {
      const list = postings.get(term);
      if (list) list.push(index);
      else postings.set(term, [index]);
    }
  });
  const pairs: Array<[number, number, number]> = [];
  for (let left = 0; left < items.length; left += 1) {
    const candidates = new Set<number>();
    for (const term of terms[left]!) for (const right of postings.get(term) ?? []) if (right > left) candidates.add(right);
    for (const right of candidates) {
      if (!sameShelf(items[left]!, items[right]!)) continue;
      const score = jaccard(terms[left]!, terms[right]!);
      if (score >= threshold) pairs.push([left, right, score]);
    }
  }
  return pairs;
}

/** Groups item indexes connected by similar pairs (union-find); singletons are left out. */
export function clusterPairs(count: number, pairs: ReadonlyArray<[number, number, number]>): number[][] {
  const parent = Array.from({ length: count }, (_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[index] !== root) {
      const next = parent[index]!;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  for (const [left, right] of pairs) parent[find(left)] = find(right);
  const groups = new Map<number, number[]>();
  for (let index = 0; index < count; index += 1) {
    const root = find(index);
    groups.set(root, [...(groups.get(root) ?? []), index]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}
