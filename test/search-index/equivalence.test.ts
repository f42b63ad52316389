import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryStore as createBaselineStore } from '../../bench/baseline/minisearch-store.ts';
import { parseFairytaleQa } from '../../src/eval/fairytaleqa.ts';
import { locomoTurnText, parseLocomo, parseLocomoDate } from '../../src/eval/locomo.ts';
import { createMemoryStore, type MemoryStore } from '../../src/memory/memory-store.ts';
import type { MemoryItem, RetrievalFilter } from '../../src/memory/types.ts';
import { expectSameRanking } from '../helpers/same-ranking.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

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
        expectSameRanking(store.search(question.question, filter, 10), baseline.search(question.question, filter, 10), `${story.story}: ${question.question}`);
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
          expectSameRanking(store.search(qa.question, filter, 10), baseline.search(qa.question, filter, 10), `${conversation.id}: ${qa.question} ${JSON.stringify(filter)}`);
        }
      }
    }
  });
});
