import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/memory/memory-store.ts';
import type { TurnRecord } from '../../../src/memory/types.ts';
import { factsOfTurn } from '../../../src/memory/visitor-facts/fact-items.ts';
import { asksAboutThePast, recallForQuestion, sortVisitorFacts, visitorName } from '../../../src/memory/visitor-facts/recall-facts.ts';
import { rememberSpokenFacts } from '../../../src/memory/visitor-facts/remember-facts.ts';

function turn(id: string, text: string, day: number, visitor = 'visitor-aaaaaaaaaaaaaaaa'): TurnRecord {
  return { id, character: 'alice', visitor, conversationId: `c-${visitor}`, role: 'visitor', text, createdAt: new Date(Date.UTC(2025, 0, day)).toISOString() };
}

function say(store: ReturnType<typeof createMemoryStore>, ...turns: TurnRecord[]) {
  return turns.map((entry) => rememberSpokenFacts(store, entry.visitor, factsOfTurn(entry)));
}

const factsOf = (store: ReturnType<typeof createMemoryStore>, visitor = 'visitor-aaaaaaaaaaaaaaaa') =>
  sortVisitorFacts(store.items({ visitor, kinds: ['visitor_fact'] }, { includeSuperseded: true }).filter((item) => item.visitor === visitor));

describe('rememberSpokenFacts', () => {
  it('stores each fact at once as a private visitor_fact citing the turn it came from', () => {
    const store = createMemoryStore({ character: 'alice' });
    const [changes] = say(store, turn('t1', 'My name is Sam and my dog is called Rex.', 1));
    expect(changes!.added).toEqual([
      expect.objectContaining({ id: 'fact:t1:0', kind: 'visitor_fact', visitor: 'visitor-aaaaaaaaaaaaaaaa', text: 'Your name is Sam.', source: ['t1', 'c-visitor-aaaaaaaaaaaaaaaa'], subject: 'visitor', attribute: 'name', value: 'Sam', validFrom: '2025-01-01T00:00:00.000Z' }),
      expect.objectContaining({ id: 'fact:t1:1', text: 'Your dog is called Rex.', subject: 'dog', attribute: 'name', value: 'Rex' }),
    ]);
    expect(store.search('what is my dog called', { kinds: ['visitor_fact'], visitor: 'someone-else-entirely' }, 5)).toEqual([]);
  });

  it('supersedes an old value with a new one and keeps the old one as history', () => {
    const store = createMemoryStore({ character: 'alice' });
    say(store, turn('t1', 'My dog is called Rex.', 1), turn('t2', 'I live in Paris.', 2), turn('t3', 'Actually I renamed my dog Max.', 3), turn('t4', 'I moved to Lyon.', 4));
    expect(store.get('fact:t1:0')).toMatchObject({ value: 'Rex', validFrom: '2025-01-01T00:00:00.000Z', validTo: '2025-01-03T00:00:00.000Z', supersededBy: 'fact:t3:0' });
    expect(store.get('fact:t2:0')).toMatchObject({ value: 'Paris', supersededBy: 'fact:t4:0', validTo: '2025-01-04T00:00:00.000Z' });
    const facts = factsOf(store);
    expect(facts.current.map((fact) => [fact.subject, fact.attribute, fact.value, fact.previous])).toEqual([
      ['visitor', 'lives_in', 'Lyon', 'Paris'],
      ['dog', 'name', 'Max', 'Rex'],
    ]);
    // Retrieval returns the current value; the old one only when the past is asked about.
    expect(store.search('what is my dog called?', { kinds: ['visitor_fact'], visitor: 'visitor-aaaaaaaaaaaaaaaa' }, 5).map((hit) => hit.item.value)).toEqual(['Max']);
    expect(recallForQuestion(facts, 'What is my dog called?').former).toEqual([]);
    expect(recallForQuestion(facts, 'What was my dog called before?').former.map((fact) => fact.value)).toEqual(['Rex']);
  });

  it('lets a replacement said in the same breath retire what it replaces', () => {
    const store = createMemoryStore({ character: 'alice' });
    say(store, turn('t1', 'I love drinking tea.', 1), turn('t2', 'I love sailing too.', 2), turn('t3', 'I stopped drinking tea, it is only lemonade now.', 3));
    const facts = factsOf(store);
    expect(facts.current.map((fact) => fact.value).sort()).toEqual(['lemonade', 'sailing']);
    expect(facts.current.find((fact) => fact.value === 'lemonade')?.previous).toBe('drinking tea');
    expect(store.get('fact:t1:0')).toMatchObject({ supersededBy: 'fact:t3:0', validTo: '2025-01-03T00:00:00.000Z' });
  });

  it('keeps several values where a visitor has several (two cats, two sisters), and one per slot otherwise', () => {
    const store = createMemoryStore({ character: 'alice' });
    say(store, turn('t1', 'I have two cats, Tom and Jerry.', 1), turn('t2', 'My sister Ana is here.', 2), turn('t3', 'My sister Maria too.', 3), turn('t4', "I'm 30.", 4), turn('t5', "I'm 31.", 5));
    const facts = factsOf(store);
    expect(facts.current.filter((fact) => fact.subject === 'sister').map((fact) => fact.value).sort()).toEqual(['Ana', 'Maria']);
    expect(facts.current.filter((fact) => fact.subject === 'cat').map((fact) => fact.value)).toHaveLength(2);
    expect(facts.current.filter((fact) => fact.attribute === 'age').map((fact) => fact.value)).toEqual(['31']);
  });

  it('never mixes visitors: one visitor changing a value leaves another alone', () => {
    const store = createMemoryStore({ character: 'alice' });
    say(store, turn('t1', 'My dog is called Rex.', 1, 'visitor-bbbbbbbbbbbbbbbb'), turn('t2', 'My dog is called Max.', 2));
    expect(store.get('fact:t1:0')?.supersededBy).toBeUndefined();
    expect(visitorName(factsOf(store))).toBeUndefined();
  });

  it('gives the same items when the turns are read again, so facts survive a restart', () => {
    const turns = [turn('t1', "Hi, I'm Sam.", 1), turn('t2', 'Call me Sammy.', 2), turn('t3', 'I renamed my dog Max.', 3)];
    const first = createMemoryStore({ character: 'alice' });
    const second = createMemoryStore({ character: 'alice' });
    say(first, ...turns);
    say(second, ...turns);
    expect(second.items({ visitor: 'visitor-aaaaaaaaaaaaaaaa' }, { includeSuperseded: true })).toEqual(first.items({ visitor: 'visitor-aaaaaaaaaaaaaaaa' }, { includeSuperseded: true }));
    expect(visitorName(factsOf(second))).toBe('Sammy');
  });
});

describe('asksAboutThePast', () => {
  it('tells a question about what used to hold from one about now', () => {
    expect(asksAboutThePast('What was my dog called before?')).toBe(true);
    expect(asksAboutThePast('Where did I use to live? Where did I live previously?')).toBe(true);
    expect(asksAboutThePast('What is my dog called?')).toBe(false);
  });
});

describe('replaying facts at start', () => {
  it('gives the same facts and retirements as remembering them one message at a time', async () => {
    const { createMemoryStore } = await import('../../../src/memory/memory-store.ts');
    const { rememberSpokenFacts, replaySpokenFacts } = await import('../../../src/memory/visitor-facts/remember-facts.ts');
    const { factsOfTurn } = await import('../../../src/memory/visitor-facts/fact-items.ts');
    const said = [
      ['v1', 'My dog is called Rex.'], ['v2', 'I live in Porto.'], ['v1', 'Actually I renamed my dog Max.'],
      ['v2', 'I moved to Lyon last month.'], ['v1', 'I love sailing.'], ['v1', 'My name is Sam.'],
    ] as const;
    const turns = said.map(([visitor, text], index) => ({ id: `t${index}`, character: 'alice', visitor, conversationId: `c-${visitor}`, role: 'visitor' as const, text, createdAt: new Date(Date.UTC(2026, 0, 1, 10, index)).toISOString() }));
    const oneByOne = createMemoryStore({ character: 'alice' });
    for (const turn of turns) rememberSpokenFacts(oneByOne, turn.visitor, factsOfTurn(turn));
    const replayed = replaySpokenFacts([], turns.map((turn) => ({ visitor: turn.visitor, spoken: factsOfTurn(turn) })));
    const shape = (items: Array<{ id: string; value?: string; supersededBy?: string }>) => items.map((item) => `${item.id}:${item.value}:${item.supersededBy ?? ''}`).sort();
    expect(shape(replayed)).toEqual(shape(oneByOne.toSnapshot().items));
    expect(replayed.find((item) => item.value === 'Rex')?.supersededBy).toBe('fact:t2:0');
  });

  it('matches remembering one message at a time over many visitors and repeated, changed and replaced facts', async () => {
    const { replaySpokenFacts } = await import('../../../src/memory/visitor-facts/remember-facts.ts');
    const sayings = [
      'My dog is called Rex.', 'Actually I renamed my dog Max.', 'My dog is called Rex.', 'I live in Porto.', 'I moved to Lyon last month.',
      'My sister Ana lives in Rome.', 'My sister is now called Eva.', 'I love drinking tea.', 'I stopped drinking tea, it is only lemonade now.',
      "I don't drink coffee any more.", 'I love coffee.', 'My name is Sam.', 'Call me Sammy.', 'I work as a nurse in Lyon.', 'I have two cats, Tom and Jerry.',
      'My exam is on Friday.', 'My exam is on Monday.', 'I have a job interview tomorrow morning.', 'My best friend is called Leo.', 'I love sailing.',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const turns = Array.from({ length: 600 }, (_, index) => {
      const visitor = `visitor-${Math.floor(next() * 6)}`;
      return { id: `t${index}`, character: 'alice', visitor, conversationId: `c-${visitor}`, role: 'visitor' as const, text: sayings[Math.floor(next() * sayings.length)]!, createdAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString() };
    });
    const oneByOne = createMemoryStore({ character: 'alice' });
    for (const entry of turns) rememberSpokenFacts(oneByOne, entry.visitor, factsOfTurn(entry));
    const replayed = replaySpokenFacts([], turns.map((entry) => ({ visitor: entry.visitor, spoken: factsOfTurn(entry) })));
    const shape = (items: Array<{ id: string; value?: string; supersededBy?: string; validTo?: string }>) => items.map((item) => `${item.id}:${item.value}:${item.supersededBy ?? ''}:${item.validTo ?? ''}`).sort();
    expect(replayed.filter((item) => item.supersededBy !== undefined).length).toBeGreaterThan(50);
    expect(shape(replayed)).toEqual(shape(oneByOne.toSnapshot().items));
  });
});
