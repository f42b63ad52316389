import type { ChatRequest, Provider, Usage } from '../llm/provider.ts';
import { emptyUsage } from '../llm/provider.ts';
import type { DreamInput } from './dream-input.ts';
import { dreamProposalSchema, type DreamOperation } from './dream-types.ts';
import { outcomeScore, replyFeatures } from './outcomes.ts';

/** How much of each item and turn the prompt shows. */
const MAX_TEXT_CHARS = 300;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT_CHARS ? `${flat.slice(0, MAX_TEXT_CHARS - 1)}…` : flat;
}

/** The instructions of a dream, as lines. */
export function buildDreamInstructions(characterName: string): string[] {
  return [
    `You are the dreaming mind of ${characterName}. You consolidate ${characterName}'s memory; you do not chat.`,
    'Return only JSON: {"operations": [...]}, each operation one of:',
    '{"type":"merge","ids":[two or more item ids],"text":"one item that keeps what each said","reason":"..."}',
    '{"type":"supersede","oldId":"older item","newId":"newer item that updates or contradicts it","reason":"..."}',
    '{"type":"insight","text":"a pattern across several sessions, first person","evidence":[turn or item ids],"reason":"..."}',
    '{"type":"forget","id":"a trivial or redundant item","reason":"..."}',
    '{"type":"strategy","text":"a short rule about how you talk to visitors, first person","evidence":[at least 3 reply ids from OUTCOMES],"rule":"max_words|max_quote_words|answer_first|mention_facts|brief_on (optional)","value":"words, an act, yes, or a topic word","replaces":[older strategy ids],"reason":"..."}',
    'Rules: use only ids listed below. Merge only items of the same kind and the same visitor.',
    'A strategy compares replies liked with replies disliked or corrected; it is about manner only (length, quoting, what to answer first, warmth), never about who you are or what you will not do, and never quotes a visitor.',
    'An insight is shared with everyone: never put a visitor\'s name, place, pet or any private detail in it.',
    'When unsure, leave an item alone. An empty list is a fine answer.',
  ];
}

/** The material of a dream, as lines: items with ids, then visitor questions by conversation, then siblings. */
export function buildDreamMaterial(input: DreamInput): string[] {
  const lines = ['ITEMS (id | kind | visitor | created | text):'];
  for (const item of input.items) lines.push(`${item.id} | ${item.kind} | ${item.visitor ?? '-'} | ${item.createdAt.slice(0, 10)} | ${clip(item.text)}`);
  lines.push('', 'VISITOR TURNS (turn id | conversation | text):');
  for (const conversation of input.conversations) {
    for (const turn of conversation.turns) if (turn.role === 'visitor') lines.push(`${turn.id} | ${conversation.conversationId} | ${clip(turn.text)}`);
  }
  if (input.outcomes && input.outcomes.length > 0) {
    lines.push('', 'OUTCOMES OF YOUR REPLIES (reply id | act answered | score | reasons | words | quoted words | answers first | names a visitor fact | reply):');
    for (const outcome of input.outcomes) {
      const score = outcomeScore(outcome);
      if (score === 0) continue;
      const features = replyFeatures(outcome);
      const reasons = [...new Set(outcome.signals.flatMap((signal) => (signal.reason ? [signal.reason] : signal.kind === 'rating' ? [] : [signal.kind])))].join(',') || '-';
      lines.push(`${outcome.turnId} | ${outcome.act} | ${score} | ${reasons} | ${features.words} | ${features.quoteWords} | ${features.isDirect ? 'yes' : 'no'} | ${features.mentionsFact ? 'yes' : 'no'} | ${clip(outcome.reply)}`);
    }
  }
  if (input.siblingItems.length > 0) {
    lines.push('', 'OTHER CHARACTERS OF THE BOOK, PUBLIC REFLECTIONS (id | character | text):');
    for (const item of input.siblingItems) lines.push(`${item.id} | ${item.character} | ${clip(item.text)}`);
  }
  return lines;
}

/** What a model-proposed dream returned. */
export type ModelProposal =
  | { status: 'proposed'; operations: DreamOperation[]; provider: string; model: string; usage: Usage }
  | { status: 'unusable'; reason: string; provider: string; model: string; usage: Usage };

/** Pulls the first JSON object out of a reply (models wrap JSON in prose or fences). */
export function extractJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/**
 * Asks a provider (purpose 'dream') for a proposal and validates it with zod. The offline voice
 * cannot consolidate, so its answer is reported unusable and the caller falls back.
 */
export async function proposeWithModel(provider: Provider, input: DreamInput, options: { signal?: AbortSignal; maxOutputTokens?: number } = {}): Promise<ModelProposal> {
  const request: ChatRequest = {
    system: [{ text: buildDreamInstructions(input.characterName).join('\n'), isCacheable: true }],
    messages: [{ role: 'user', content: buildDreamMaterial(input).join('\n') }],
    grounding: { characterName: input.characterName, greeting: '', manner: [], items: [], turnIndex: 0 },
    purpose: 'dream',
    maxOutputTokens: options.maxOutputTokens ?? 4_000,
    signal: options.signal,
    temperature: 0,
  };
  let text = '';
  let provider_ = provider.name;
  let model = provider.model;
  let usage = emptyUsage();
  for await (const chunk of provider.stream(request)) {
    if (chunk.type === 'text-delta') text += chunk.text;
    else {
      provider_ = chunk.provider;
      model = chunk.model;
      usage = chunk.usage;
    }
  }
  if (provider_ === 'offline') return { status: 'unusable', reason: 'the offline voice answered; it cannot consolidate', provider: provider_, model, usage };
  const parsed = dreamProposalSchema.safeParse(extractJson(text));
  if (!parsed.success) return { status: 'unusable', reason: 'the model did not return a valid proposal', provider: provider_, model, usage };
  return { status: 'proposed', operations: parsed.data.operations, provider: provider_, model, usage };
}
