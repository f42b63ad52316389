import type { MemoryItem } from '../memory/types.ts';
import { splitSentences } from '../reflection/visitor-facts.ts';
import { privateStems, privateTermsOf, type DreamInput } from './dream-input.ts';
import type { DreamOperation } from './dream-types.ts';
import { itemFactKey } from './fact-keys.ts';
import { normalizeValue } from '../memory/visitor-facts/fact-types.ts';
import { findQuestionClusters, questionInsightText } from './question-clusters.ts';
import { clusterPairs, containment, DUPLICATE_THRESHOLD, similarPairs, termSet } from './similarity.ts';
import { splitWords, stem, tokenize } from '../memory/tokenize.ts';
import { proposeStrategies } from './strategy-proposer.ts';

/** Tuning of the offline proposer. */
export interface OfflineProposerOptions {
  duplicateThreshold?: number;
  /** A question topic becomes an insight when asked in this many different conversations. */
  minConversations?: number;
}

const newestFirst = (left: MemoryItem, right: MemoryItem): number => right.createdAt.localeCompare(left.createdAt) || right.id.localeCompare(left.id);
// A visitor fact is as new as when it was said, not when a reflection wrote it down.
const newestSaid = (left: MemoryItem, right: MemoryItem): number => (right.validFrom ?? right.createdAt).localeCompare(left.validFrom ?? left.createdAt) || right.id.localeCompare(left.id);

/** Merged text that keeps what each item said: the fullest text, then every sentence the others add. */
export function mergeTexts(items: readonly MemoryItem[]): string {
  const ordered = [...items].sort((left, right) => right.text.length - left.text.length || newestFirst(left, right));
  const sentences = splitSentences(ordered[0]?.text ?? '');
  const covered = termSet(sentences.join(' '));
  for (const item of ordered.slice(1)) {
    for (const sentence of splitSentences(item.text)) {
      const terms = termSet(sentence);
      if (containment(terms, covered) >= 0.8) continue;
      sentences.push(sentence);
      for (const term of terms) covered.add(term);
    }
  }
  return sentences.join(' ').slice(0, 4_000);
}

/** The passages a chapter reading read: its sources named `<book>:<chapter>:<index>` (see `Passage.id`). */
function passagesRead(item: MemoryItem): Set<string> | null {
  if (item.kind !== 'reflection' || item.visitor !== undefined || item.chapter === undefined || item.bookId === undefined) return null;
  const prefix = `${item.bookId}:${item.chapter}:`;
  const passages = new Set(item.source.filter((source) => source.startsWith(prefix) && /^\d+$/.test(source.slice(prefix.length))));
  return passages.size > 0 ? passages : null;
}

/**
 * Re-readings of the same pages become one memory of them: chapter reflections of the same book
 * and chapter that read mostly the same passages (at least 80 % of the smaller set). Their wording
 * differs from reading to reading, so word overlap alone leaves a new pile per cycle, and the
 * piles crowd other chapters out of what a question recalls.
 */
function proposeReadingMerges(items: readonly MemoryItem[], operations: DreamOperation[], consumed: Set<string>): void {
  const readings = items.flatMap((item) => {
    const passages = consumed.has(item.id) ? null : passagesRead(item);
    return passages ? [{ item, passages }] : [];
  });
  // Only readings of one chapter are compared, so months of readings stay cheap to sort out.
  const byChapter = new Map<string, number[]>();
  readings.forEach((reading, index) => {
    const key = `${reading.item.bookId}\u0000${reading.item.chapter}`;
    const bucket = byChapter.get(key);
    if (bucket) bucket.push(index);
    else byChapter.set(key, [index]);
  });
  const pairs: Array<[number, number, number]> = [];
  for (const indexes of byChapter.values()) {
    indexes.forEach((leftIndex, position) => {
      for (const rightIndex of indexes.slice(position + 1)) {
        const [left, right] = [readings[leftIndex]!, readings[rightIndex]!];
        const [small, large] = left.passages.size <= right.passages.size ? [left, right] : [right, left];
        const shared = containment(small.passages, large.passages);
        if (shared >= 0.8) pairs.push([leftIndex, rightIndex, shared]);
      }
    });
  }
  for (const group of clusterPairs(readings.length, pairs)) {
    const members = group.map((index) => readings[index]!.item);
    operations.push({ type: 'merge', ids: members.map((item) => item.id), text: mergeTexts(members), reason: `${members.length} readings of the same pages of chapter ${members[0]!.chapter}` });
    for (const item of members) consumed.add(item.id);
  }
}

/** Visitor facts about the same attribute of the same visitor: newer wins; same value merges. */
function proposeFactUpdates(items: readonly MemoryItem[], operations: DreamOperation[], consumed: Set<string>): void {
  const groups = new Map<string, Array<{ item: MemoryItem; value: string }>>();
  for (const item of items) {
    if (item.kind !== 'visitor_fact' || item.visitor === undefined) continue;
    const key = itemFactKey(item);
    if (!key) continue;
    const groupKey = `${item.visitor}\u0000${key.attribute}`;
    groups.set(groupKey, [...(groups.get(groupKey) ?? []), { item, value: normalizeValue(key.value) }]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((left, right) => newestSaid(left.item, right.item));
    const newest = group[0]!;
    const sameValue = group.filter((entry) => entry.value === newest.value);
    // The supersede anchors on the newest fact; its duplicates merge into it only when nothing older is replaced.
    const replaced = group.filter((entry) => entry.value !== newest.value);
    if (sameValue.length > 1 && replaced.length === 0) {
      operations.push({ type: 'merge', ids: sameValue.map((entry) => entry.item.id), text: newest.item.text, reason: 'the visitor told me the same thing more than once' });
      for (const entry of sameValue) consumed.add(entry.item.id);
    }
    // The reason names no value: it is published with the audit, and the value is the visitor's.
    for (const entry of replaced) {
      operations.push({ type: 'supersede', oldId: entry.item.id, newId: newest.item.id, reason: 'updated by a later fact of the same visitor' });
      consumed.add(entry.item.id);
    }
    consumed.add(newest.item.id);
  }
}

/**
 * Proposes a consolidation without a model: visitor facts by attribute (newer wins), near-duplicates
 * by stemmed-term Jaccard, redundant and trivial items, recurring question topics across
 * conversations, topics shared with sibling characters' public reflections, and strategies from
 * how replies were taken (strategy-proposer.ts).
 */
export function proposeOffline(dreamInput: DreamInput, options: OfflineProposerOptions = {}): DreamOperation[] {
  // Strategies change only by newer strategies: merges, forgetting and insights leave them alone.
  const input = { ...dreamInput, items: dreamInput.items.filter((item) => item.kind !== 'strategy') };
  const operations: DreamOperation[] = [];
  const consumed = new Set<string>();
  proposeFactUpdates(input.items, operations, consumed);

  proposeReadingMerges(input.items, operations, consumed);
  const rest = input.items.filter((item) => !consumed.has(item.id));
  const threshold = options.duplicateThreshold ?? DUPLICATE_THRESHOLD;
  for (const group of clusterPairs(rest.length, similarPairs(rest, threshold))) {
    const members = group.map((index) => rest[index]!);
    operations.push({ type: 'merge', ids: members.map((item) => item.id), text: mergeTexts(members), reason: `${members.length} items say nearly the same thing` });
    for (const item of members) consumed.add(item.id);
  }

  const remaining = rest.filter((item) => !consumed.has(item.id));
  const terms = new Map(remaining.map((item) => [item.id, termSet(item.text)]));
  for (const item of remaining) {
    const own = terms.get(item.id)!;
    if (item.kind !== 'visitor_fact' && item.importance <= 2 && own.size <= 3) {
      operations.push({ type: 'forget', id: item.id, reason: 'trivial: little said and of little importance' });
      consumed.add(item.id);
      continue;
    }
    const fuller = remaining.find((other) => other.id !== item.id && !consumed.has(other.id) && other.kind === item.kind && other.visitor === item.visitor
      && terms.get(other.id)!.size > own.size && containment(own, terms.get(other.id)!) >= 0.9);
    if (fuller && own.size > 0) {
      operations.push({ type: 'forget', id: item.id, reason: `redundant: ${fuller.id} says all of it and more` });
      consumed.add(item.id);
    }
  }

  const privateTerms = privateTermsOf(input);
  const excluded = privateStems([...privateTerms, input.characterName, ...input.conversations.map((conversation) => conversation.visitor)]);
  const existingInsights = input.items.filter((item) => item.kind === 'insight' && item.visitor === undefined && !consumed.has(item.id));
  for (const cluster of findQuestionClusters(input.conversations, { minConversations: options.minConversations, excludedStems: excluded })) {
    const text = questionInsightText(cluster);
    const clusterStems = new Set(cluster.words.flatMap((word) => tokenize(word)));
    const replaces = existingInsights
      .filter((item) => item.text.startsWith('Visitors keep asking me about') && containment(clusterStems, termSet(item.text)) === 1)
      .map((item) => item.id);
    if (replaces.some((id) => input.items.find((item) => item.id === id)?.text === text)) continue;
    operations.push({ type: 'insight', text, evidence: cluster.turnIds, ...(replaces.length > 0 ? { replaces } : {}), reason: `asked in ${cluster.conversations} different conversations` });
  }

  const collective = proposeCollective(input, excluded);
  if (collective) operations.push(collective);
  operations.push(...proposeStrategies(dreamInput));
  return operations;
}

/** Topics the character's public reflections share with its siblings', as one shared insight. */
function proposeCollective(input: DreamInput, excluded: ReadonlySet<string>): DreamOperation | null {
  const siblings = input.siblingItems.filter((item) => item.visitor === undefined && (item.kind === 'reflection' || item.kind === 'insight'));
  const own = input.items.filter((item) => item.visitor === undefined && item.kind === 'reflection');
  if (siblings.length < 2 || own.length < 2) return null;
  const count = (items: MemoryItem[]): Map<string, string[]> => {
    const byTerm = new Map<string, string[]>();
    for (const item of items) for (const term of termSet(item.text)) byTerm.set(term, [...(byTerm.get(term) ?? []), item.id]);
    return byTerm;
  };
  const ownTerms = count(own);
  const siblingTerms = count(siblings);
  const shared = [...ownTerms]
    .filter(([term, ids]) => term.length >= 4 && !excluded.has(term) && ids.length >= 2 && (siblingTerms.get(term)?.length ?? 0) >= 2)
    .sort((left, right) => Math.min(right[1].length, siblingTerms.get(right[0])!.length) - Math.min(left[1].length, siblingTerms.get(left[0])!.length) || left[0].localeCompare(right[0]))
    .slice(0, 3);
  if (shared.length === 0) return null;
  const evidence = [...new Set(shared.flatMap(([term, ids]) => [...ids.slice(0, 3), ...siblingTerms.get(term)!.slice(0, 3)]))];
  const words = shared.map(([term]) => surfaceOf(term, own));
  const text = `Others from my book keep returning to ${words.join(', ')} in their own thoughts, as I do; we are haunted by the same things.`;
  return { type: 'insight', text, evidence, reason: 'shared with sibling characters\' public reflections' };
}

/** The first word in the items' texts whose stem is `term` (stems read badly in prose). */
function surfaceOf(term: string, items: readonly MemoryItem[]): string {
  for (const item of items) for (const word of splitWords(item.text)) if (stem(word) === term) return word;
  return term;
}
