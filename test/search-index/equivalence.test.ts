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

  it('ranks the same after one bulk add as after adding the items one by one, replacements and later adds included', () => {
    const conversations = parseLocomo(read('bench/fixtures/locomo/locomo-dev5.json'));
    const items: MemoryItem[] = conversations.flatMap((conversation) => conversation.sessions.flatMap((session) => session.turns.map((turn, index): MemoryItem => ({
      id: `${conversation.id}:${turn.dia_id}`, character: 'eval', kind: index % 5 === 0 ? 'reflection' : 'turn', text: locomoTurnText(session, turn),
      createdAt: new Date(Date.parse(parseLocomoDate(session.dateTime)) + index * 1000).toISOString(), source: [], importance: 1 + (index % 10),
      ...(index % 5 === 0 ? {} : { visitor: `visitor-${index % 4}` }),
    }))));
    expect(items.length).toBeGreaterThan(2048);
    // The same ids again with other words, inside the batch: each replaces the first.
    const replaced = items.slice(0, 300).map((item, index) => ({ ...item, text: items[items.length - 1 - index]!.text }));
    const batch = [...items, ...replaced];
    const later = items.slice(300, 340).map((item) => ({ ...item, id: `${item.id}:again` }));
    const now = new Date('2030-01-01T00:00:00Z');
    const bulk = createMemoryStore({ character: 'eval', now: () => now });
    bulk.add(batch);
    const single = createMemoryStore({ character: 'eval', now: () => now });
    for (const item of batch) single.add([item]);
    for (const store of [bulk, single]) {
      store.add(later);
      store.remove(items[500]!.id);
    }
    expect(bulk.size).toBe(single.size);
    for (const qa of conversations.flatMap((conversation) => conversation.questions).slice(0, 300)) {
      for (const filter of [{ kinds: ['turn'], visitor: 'visitor-1' }, { visitor: 'visitor-2' }, {}] as RetrievalFilter[]) {
        expectSameRanking(bulk.search(qa.question, filter, 10), single.search(qa.question, filter, 10), `${qa.question} ${JSON.stringify(filter)}`);
      }
    }
  });
});
