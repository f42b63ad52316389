import { describe, expect, it } from 'vitest';
import { buildDreamInstructions, buildDreamMaterial, extractJson } from '../../src/dreaming/dream-prompt.ts';
import { conversation } from './dream-kit.ts';

describe('dream prompt', () => {
  it('lists the operation shapes and the rules in the instructions', () => {
    expect(buildDreamInstructions('Alice')).toMatchInlineSnapshot(`
      [
        "You are the dreaming mind of Alice. You consolidate Alice's memory; you do not chat.",
        "Return only JSON: {"operations": [...]}, each operation one of:",
        "{"type":"merge","ids":[two or more item ids],"text":"one item that keeps what each said","reason":"..."}",
        "{"type":"supersede","oldId":"older item","newId":"newer item that updates or contradicts it","reason":"..."}",
        "{"type":"insight","text":"a pattern across several sessions, first person","evidence":[turn or item ids],"reason":"..."}",
        "{"type":"forget","id":"a trivial or redundant item","reason":"..."}",
        "{"type":"strategy","text":"a short rule about how you talk to visitors, first person","evidence":[at least 3 reply ids from OUTCOMES],"rule":"max_words|max_quote_words|answer_first|mention_facts|brief_on (optional)","value":"words, an act, yes, or a topic word","replaces":[older strategy ids],"reason":"..."}",
        "Rules: use only ids listed below. Merge only items of the same kind and the same visitor.",
        "A strategy compares replies liked with replies disliked or corrected; it is about manner only (length, quoting, what to answer first, warmth), never about who you are or what you will not do, and never quotes a visitor.",
        "An insight is shared with everyone: never put a visitor's name, place, pet or any private detail in it.",
        "When unsure, leave an item alone. An empty list is a fine answer.",
      ]
    `);
  });

  it('shows items with ids, visitor turns by conversation and sibling reflections', () => {
    const material = buildDreamMaterial({
      character: 'alice',
      characterName: 'Alice',
      items: [{ id: 'r1', character: 'alice', kind: 'reflection', text: 'The Queen frightened me.', createdAt: '2026-11-02T12:00:00.000Z', source: [], importance: 5 }],
      conversations: [conversation('c1', 'v1', ['Were you afraid?'])],
      siblingItems: [{ id: 's1', character: 'cheshire-cat', kind: 'reflection', text: 'I grinned at the Queen.', createdAt: '2026-11-02T12:00:00.000Z', source: [], importance: 5 }],
      now: '2026-12-01T00:00:00.000Z',
    });
    expect(material).toMatchInlineSnapshot(`
      [
        "ITEMS (id | kind | visitor | created | text):",
        "r1 | reflection | - | 2026-11-02 | The Queen frightened me.",
        "",
        "VISITOR TURNS (turn id | conversation | text):",
        "c1:v0 | c1 | Were you afraid?",
        "",
        "OTHER CHARACTERS OF THE BOOK, PUBLIC REFLECTIONS (id | character | text):",
        "s1 | cheshire-cat | I grinned at the Queen.",
      ]
    `);
  });

  it('finds the JSON object inside a chatty reply, and nothing in prose', () => {
    expect(extractJson('Sure! ```json\n{"operations": []}\n```')).toEqual({ operations: [] });
    expect(extractJson('no json here')).toBeUndefined();
  });
});
