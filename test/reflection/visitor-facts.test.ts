import { describe, expect, it } from 'vitest';
import { reflectOnce } from '../../src/reflection/reflect-once.ts';
import { extractVisitorFacts, scrubPrivateDetails } from '../../src/reflection/visitor-facts.ts';
import { conversation, createTestDeps, loadAliceBook, loadCard } from './helpers.ts';

describe('extractVisitorFacts', () => {
  it('finds names, places, pets, work, counts, ages and contact details', () => {
    const facts = extractVisitorFacts(
      'Hello! My name is Ruth Evans. I live in Aberystwyth. My dog is called Rex. I am a nurse. I have two children. I am 41 years old. Mail me at ruth@example.com or ring +44 7700 900123.',
    );
    expect(facts.map((fact) => fact.text)).toEqual([
      'Their name is Ruth Evans.',
      'They live in or come from Aberystwyth.',
      'Their dog is called Rex.',
      'They work as a nurse.',
      'They have two children.',
      'They are 41 years old.',
      'Their email address is ruth@example.com.',
      'Their phone number is +44 7700 900123.',
    ]);
  });

  it('does not take ordinary sentences for facts', () => {
    expect(extractVisitorFacts('I am sorry to hear that. My goodness, the Queen is cross! I live in hope.')).toEqual([]);
  });

  it('scrubs private terms, emails and phone numbers from shareable text', () => {
    expect(scrubPrivateDetails('Ruth from Leeds wrote from ruth@example.com, 07700 900123.', ['Ruth', 'Leeds'])).toBe(
      '(something private) from (something private) wrote from an address they gave, a number they gave.',
    );
  });
});

describe('chat reflection with a visitor who shares facts', () => {
  it('keeps the facts out of the shareable reflection, and adds no copy of them to memory', async () => {
    const chat = conversation('alice', 'c1', 'visitor-42', '2025-01-01T09:00:00Z', [
      'Hello Alice! My name is Ruth and I live in Aberystwyth.', 'How do you do, Ruth? I have never been there.',
      'My dog is called Rex. He would chase your White Rabbit, I am sure. Do you think the Rabbit was frightened of dogs?', 'Oh, I hope not! Rex sounds very lively.',
      'You can write to me at ruth@example.com. I am a nurse, by the way.', 'A nurse! Like the Duchess’s cook, only kinder.',
    ]);
    const { deps, memory } = createTestDeps({ characters: [{ id: 'alice', card: loadCard('alice') }], book: loadAliceBook(), conversations: new Map([['alice', [chat]]]) });
    const result = await reflectOnce(deps, { kind: 'chat' });
    expect(result.status).toBe('reflected');
    const text = result.record?.text ?? '';
    for (const term of ['Ruth', 'Aberystwyth', 'Rex', 'ruth@example.com']) expect(text).not.toContain(term);
    expect(text).toContain('Do you think the Rabbit was frightened of dogs?');
    const items = memory('alice').items;
    // The facts themselves were remembered as the visitor said them (memory/visitor-facts); the
    // reflection adds no copy of its own.
    expect(items.filter((item) => item.kind === 'visitor_fact')).toEqual([]);
    expect(items.find((item) => item.kind === 'reflection')?.visitor).toBeUndefined();
  });
});
