import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryStore as createBaselineStore } from '../../bench/baseline/minisearch-store.ts';
import { parseFairytaleQa } from '../../src/eval/fairytaleqa.ts';
import { locomoTurnText, parseLocomo, parseLocomoDate } from '../../src/eval/locomo.ts';
import { createMemoryStore, type MemoryStore } from '../../src/memory/memory-store.ts';
import type { MemoryHit, MemoryItem, RetrievalFilter } from '../../src/memory/types.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/**
 * The same ranking: equal scores rank for rank, and the same items above the k-th score. Items
 * with exactly equal scores may come in another order (the two engines break ties differently),
 * so within a tie only the set is compared.
 */
function expectSameTop(actual: MemoryHit[], expected: MemoryHit[], context: string): void {
  expect(actual.length, context).toBe(expected.length);
  actual.forEach((hit, rank) => expect(hit.score, `${context} rank ${rank + 1}`).toBeCloseTo(expected[rank]!.score, 9));
  const last = expected.at(-1)?.score ?? 0;
  const above = (hits: MemoryHit[]) => hits.filter((hit) => hit.score > last + 1e-9).map((hit) => hit.item.id).sort();
  expect(above(actual), context).toEqual(above(expected));
  const groups = (hits: MemoryHit[]) => {
    const byScore = new Map<string, string[]>();
    for (const hit of hits) if (hit.score > last + 1e-9) byScore.set(hit.score.toFixed(9), [...(byScore.get(hit.score.toFixed(9)) ?? []), hit.item.id].sort());
    return byScore;
  };
  expect(groups(actual), context).toEqual(groups(expected));
}

function both(items: MemoryItem[], now: Date): [MemoryStore, ReturnType<typeof createBaselineStore>] {
  const store = createMemoryStore({ character: 'eval', now: () => now });
  const baseline = createBaselineStore({ character: 'eval', now: () => now });
  store.add(items);
  baseline.add(items);
  return [store, baseline];
}

describe('the search index ranks as the minisearch engine did', () => {
  it('gives the same top 10 on every FairytaleQA validation question', () => {
    const stories = parseFairytaleQa(read('bench/fixtures/fairytaleqa/val.jsonl'));
    let questions = 0;
    for (const story of stories) {
      const items = story.sections.map((section): MemoryItem => ({
        id: section.id, character: 'eval', kind: 'passage', text: section.text, createdAt: new Date(0).toISOString(), source: [], importance: 5, bookId: story.story,
      }));
      const [store, baseline] = both(items, new Date(0));
      for (const question of story.questions) {
        const filter: RetrievalFilter = { kinds: ['passage'] };
        expectSameTop(store.search(question.question, filter, 10), baseline.search(question.question, filter, 10), `${story.story}: ${question.question}`);
        questions += 1;
      }
    }
    expect(questions).toBeGreaterThan(1000);
  });

  it('gives the same top 10 on every LoCoMo question, with the visitor filter, importance and recency', () => {
    for (const conversation of parseLocomo(read('bench/fixtures/locomo/locomo-dev5.json'))) {
      const items: MemoryItem[] = conversation.sessions.flatMap((session) => session.turns.map((turn, index): MemoryItem => ({
        id: `${conversation.id}:${turn.dia_id}`, character: 'eval', kind: index % 7 === 0 ? 'reflection' : 'turn', text: locomoTurnText(session, turn),
        createdAt: new Date(Date.parse(parseLocomoDate(session.dateTime)) + index * 1000).toISOString(), source: [turn.dia_id],
        importance: 1 + (index % 10), ...(index % 7 === 0 ? {} : { visitor: index % 3 === 0 ? 'other' : 'visitor' }),
      })));
      const lastSession = conversation.sessions.at(-1)!;
      const [store, baseline] = both(items, new Date(parseLocomoDate(lastSession.dateTime)));
      for (const qa of conversation.questions) {
        for (const filter of [{ kinds: ['turn'], visitor: 'visitor' }, { visitor: 'visitor' }, {}] as RetrievalFilter[]) {
          expectSameTop(store.search(qa.question, filter, 10), baseline.search(qa.question, filter, 10), `${conversation.id}: ${qa.question} ${JSON.stringify(filter)}`);
        }
      }
    }
  });
});
