import { randomUUID } from 'node:crypto';
import type { Book } from '../book/types.ts';
import type { Character } from '../characters/card.ts';
import { expandCard } from '../characters/card-macros.ts';
import type { ChatRequest, Grounding, GroundingItem, Provider } from '../llm/provider.ts';
import { emptyUsage } from '../llm/provider.ts';
import type { MemoryHit, MemoryItem, ReflectionRecord, RetrievalFilter } from '../memory/types.ts';
import { DEFAULT_MAX_INPUT_CHARS } from './chapter-material.ts';
import type { ConversationSummary } from './chat-material.ts';
import { OFFLINE_PROVIDER, isAbort, parseChatDraft, streamDraft, type Draft } from './draft-writer.ts';
import { checkDraft } from './guard.ts';
import { estimateImportance, measureMood } from './mood.ts';
import type { DiaryPhrasing } from '../voice/diary-phrasing.ts';
import { writeOfflineChapterReflection, writeOfflineChatReflection } from './offline-reflection.ts';
import type { QuarantineLog } from './quarantine.ts';
import { guardModelFacts, recordWithheld } from './withheld.ts';
import { planChapter, planChat, speakerNames, type ReflectionPlan } from './reflection-plan.ts';
import { namesIn, snippet, termsFromModelFacts, toldSentences } from './reflection-text.ts';
import { buildChapterReflectionPrompt, buildChatReflectionPrompt, buildReflectionSystemLines } from './reflection-prompt.ts';
import { characterState, loadReflectionState, saveReflectionState, type ReflectionActivity } from './reflection-state.ts';
import { scrubPrivateDetails } from './visitor-facts.ts';
import { extractSpokenFacts } from '../memory/visitor-facts/extract-facts.ts';
import { parseFactText } from '../memory/visitor-facts/fact-text.ts';
import { factSlot, normalizeValue } from '../memory/visitor-facts/fact-types.ts';

/** What reflection needs from a character's memory store. */
export interface ReflectionMemory {
  search(query: string, filter: RetrievalFilter, limit: number): MemoryHit[];
  add(items: MemoryItem[]): void;
}

/** Where accepted reflection records go (the Parquet dataset's `reflections` config). */
export interface ReflectionSink {
  append(record: ReflectionRecord): Promise<void>;
}

/** Everything reflectOnce acts through; main.ts wires the real objects. */
export interface ReflectionDeps {
  characters: Character[];
  getBook(bookId: string): Book | undefined;
  /** The memory store of one character. */
  memoryFor(character: string): ReflectionMemory;
  listConversations(character: string): ConversationSummary[] | Promise<ConversationSummary[]>;
  /**
   * The model to write with (usually the cascade), or null when only the offline voice exists.
   * When the answering provider reports itself as 'offline', its chat-style reply is discarded
   * and the offline diary writer is used instead; the same happens when the provider fails.
   */
  provider: Provider | null;
  sink: ReflectionSink;
  quarantine: QuarantineLog;
  /** The JSON state file (round robin, cursors, conversations seen). */
  statePath: string;
  maxInputChars?: number;
  maxOutputTokens?: number;
  now?: () => Date;
  createId?: () => string;
  /**
   * How the offline diary of a character tells the book and what it may quote (voice/): the
   * book's sentences in its first person, and only plain visitor statements. Without it the
   * diary quotes the book's sentences as they stand.
   */
  phrasing?: (character: string) => DiaryPhrasing | undefined;
  /** Told when a reflection starts and stops being written to the store and the dataset (memory/source-marks.ts). */
  marks?: { begin(character: string): void; end(character: string): void };
}

/** Force a character and/or an activity (the admin "reflect now"), and pass the preemption signal. */
export interface ReflectOnceOptions {
  character?: string;
  kind?: ReflectionActivity;
  signal?: AbortSignal;
}

/** What one tick did. */
export interface ReflectOnceResult {
  status: 'reflected' | 'skipped' | 'quarantined';
  reason: string;
  record?: ReflectionRecord;
}

/** Raised for a request reflectOnce cannot serve (an unknown character). */
export class ReflectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReflectionError';
  }
}

const otherActivity = (kind: ReflectionActivity): ReflectionActivity => (kind === 'chapter' ? 'chat' : 'chapter');

/**
 * Writes one reflection for the next character in turn: re-reading its next chapter part or
 * reflecting on its oldest unreflected conversation, alternating, guarded, then stored.
 * Not re-entrant: run it through the scheduler and activity tracker, one at a time.
 */
export async function reflectOnce(deps: ReflectionDeps, options: ReflectOnceOptions = {}): Promise<ReflectOnceResult> {
  const signal = options.signal;
  if (signal?.aborted) return { status: 'skipped', reason: 'preempted' };
  if (deps.characters.length === 0) return { status: 'skipped', reason: 'no characters' };
  const state = await loadReflectionState(deps.statePath);
  let character: Character;
  if (options.character !== undefined) {
    const found = deps.characters.find((candidate) => candidate.id === options.character);
    if (!found) throw new ReflectionError(`unknown character "${options.character}"`);
    character = found;
  } else {
    character = deps.characters[state.nextCharacterIndex % deps.characters.length] as Character;
    state.nextCharacterIndex = (state.nextCharacterIndex + 1) % deps.characters.length;
  }
  const current = characterState(state, character.id);
  const book = deps.getBook(character.card.data.extensions.reverie.book);
  const activities = options.kind ? [options.kind] : [current.nextActivity, otherActivity(current.nextActivity)];
  let plan: ReflectionPlan | null = null;
  for (const activity of activities) {
    if (activity === 'chapter') plan = book ? planChapter(character, current, book, deps.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS) : null;
    else plan = planChat(current, await deps.listConversations(character.id), book);
    if (plan) break;
  }
  if (!plan) {
    await saveReflectionState(deps.statePath, state);
    const what = activities.map((activity) => (activity === 'chapter' ? (book ? 'no chapter within its knowledge' : 'no book') : 'no unreflected conversation')).join(', ');
    return { status: 'skipped', reason: `nothing to reflect on for ${character.id}: ${what}` };
  }

  let outcome: ReflectOnceResult;
  try {
    outcome = await writeAndStore(deps, character, plan, signal);
  } catch (error) {
    if (isAbort(error, signal)) return { status: 'skipped', reason: 'preempted' };
    throw error;
  }
  if (plan.kind === 'chapter') Object.assign(current, plan.cursor);
  else current.conversations[plan.material.conversation.conversationId] = plan.turnCount;
  current.nextActivity = otherActivity(plan.kind);
  await saveReflectionState(deps.statePath, state);
  return outcome;
}

/**
 * Earlier reflections a new one may connect to: for a chapter, the character's earlier readings
 * of that same chapter (quoting another chapter's reflection would file that chapter's words
 * under this one, and book questions would find the wrong chapter); for a chat, any.
 */
function earlierReflections(deps: ReflectionDeps, character: Character, query: string, bookId: string | undefined, chapter?: number): MemoryHit[] {
  if (!query.trim()) return [];
  const filter: RetrievalFilter = { kinds: ['reflection'], ...(bookId ? { bookId } : {}) };
  const hits = deps.memoryFor(character.id).search(query, filter, chapter === undefined ? 3 : 50).filter((hit) => hit.item.character === character.id && hit.item.kind === 'reflection');
  return chapter === undefined ? hits : hits.filter((hit) => hit.item.chapter === chapter).slice(0, 3);
}

function grounding(character: Character, items: GroundingItem[]): Grounding {
  const data = expandCard(character.card).data;
  return { characterName: data.name, greeting: data.first_mes, manner: data.extensions.reverie.manner, items, turnIndex: 0 };
}

async function draftWith(deps: ReflectionDeps, request: ChatRequest, offline: () => string): Promise<Draft> {
  const offlineDraft = (): Draft => ({ text: offline(), provider: OFFLINE_PROVIDER, model: OFFLINE_PROVIDER, usage: emptyUsage() });
  if (!deps.provider) return offlineDraft();
  try {
    const draft = await streamDraft(deps.provider, request);
    // The offline voice answers like a chat; for a diary entry the offline writer does better.
    if (draft.provider === OFFLINE_PROVIDER || !draft.text) return { ...offlineDraft(), usage: draft.usage };
    return draft;
  } catch (error) {
    if (isAbort(error, request.signal)) throw error;
    return offlineDraft();
  }
}

async function writeAndStore(deps: ReflectionDeps, character: Character, plan: ReflectionPlan, signal: AbortSignal | undefined): Promise<ReflectOnceResult> {
  // A diary is written for nobody in particular: {{user}} is "the visitor".
  const card = expandCard(character.card);
  const manner = card.data.extensions.reverie.manner;
  const system = [{ text: buildReflectionSystemLines(card).join('\n'), isCacheable: true }];
  const base = { system, purpose: 'reflection' as const, maxOutputTokens: deps.maxOutputTokens ?? 600, temperature: 0.8, ...(signal ? { signal } : {}) };
  let text: string;
  let draft: Draft;
  let evidence: string[];
  let privateTerms: string[] = [];
  let unquotable: string[] = [];
  let factItems: Omit<MemoryItem, 'id' | 'createdAt'>[] = [];
  let signals = { connections: 0, visitorFacts: 0, turns: 0, ownLines: 0 };

  if (plan.kind === 'chapter') {
    const material = plan.material;
    const hits = earlierReflections(deps, character, material.salientWords.join(' '), plan.book.id, material.chapter.number);
    const earlier = hits.map((hit) => snippet(hit.item.text, material.salientWords));
    const items: GroundingItem[] = [
      ...material.ownLines.map((line, index) => ({ id: `line:${material.chapter.number}:${index}`, kind: 'line' as const, text: line, chapterTitle: material.chapter.title })),
      ...material.salientSentences.map((sentence, index) => ({ id: `${plan.book.id}:${material.chapter.number}:salient:${index}`, kind: 'passage' as const, text: sentence, chapterTitle: material.chapter.title })),
      ...hits.map((hit) => ({ id: hit.item.id, kind: 'reflection' as const, text: hit.item.text })),
    ];
    const prompt = buildChapterReflectionPrompt({ characterName: card.data.name, chapterNumber: material.chapter.number, chapterTitle: material.chapter.title, part: material.part, partCount: material.partCount, cycle: plan.cursor.cycle, text: material.text, ownLines: material.ownLines, earlier });
    const phrasing = deps.phrasing?.(character.id);
    draft = await draftWith(deps, { ...base, messages: [{ role: 'user', content: prompt.join('\n') }], grounding: grounding(character, items) }, () =>
      writeOfflineChapterReflection({ characterName: card.data.name, manner, chapterNumber: material.chapter.number, chapterTitle: material.chapter.title, part: material.part, partCount: material.partCount, cycle: plan.cursor.cycle, salientSentences: toldSentences(phrasing, material.salientSentences, material.salientWords), isToldByMe: phrasing !== undefined, names: namesIn(material.text, material.salientWords), salientWords: material.salientWords, ownLines: material.ownLines, question: material.question, mood: measureMood(material.text), earlierCount: hits.length }));
    text = draft.text;
    evidence = [...material.passageIds, ...hits.map((hit) => hit.item.id)];
    signals = { ...signals, connections: hits.length, ownLines: material.ownLines.length };
  } else {
    const material = plan.material;
    // Earlier reflections are evidence of a connection, never text to copy: a chat reflection
    // quotes none of them, so an injected sentence cannot carry itself forward entry by entry.
    const hits = earlierReflections(deps, character, material.salientWords.join(' '), undefined);
    const prompt = buildChatReflectionPrompt({ characterName: card.data.name, transcript: material.transcript });
    const visitorText = material.conversation.turns.filter((turn) => turn.role === 'visitor').map((turn) => turn.text).join(' ');
    await recordWithheld(deps.quarantine, character.id, material, deps.now);
    const phrasing = deps.phrasing?.(character.id);
    // Only plain statements a visitor made about themselves are quoted, and no reply that reads as a diary entry.
    const visitorQuotes = phrasing ? material.visitorQuotes.filter((sentence) => phrasing.isQuotableVisitorSentence(sentence)) : material.visitorQuotes;
    const visitorQuestions = phrasing ? material.visitorQuestions.filter((sentence) => !phrasing.isDiaryQuote(sentence)) : material.visitorQuestions;
    const ownReplies = phrasing ? material.ownReplies.filter((reply) => !phrasing.isDiaryQuote(reply)) : material.ownReplies;
    draft = await draftWith(deps, { ...base, messages: [{ role: 'user', content: prompt.join('\n') }], grounding: grounding(character, []) }, () =>
      writeOfflineChatReflection({ characterName: card.data.name, manner, conversationId: material.conversation.conversationId, turnCount: material.conversation.turns.length, visitorQuotes, visitorQuestions, ownReplies, factCategories: material.facts.map((fact) => fact.category), hadInjection: material.hadInjection, mood: measureMood(visitorText), connections: hits.length }));
    const parsed = draft.provider === OFFLINE_PROVIDER ? { entry: draft.text, facts: [] } : parseChatDraft(draft.text);
    // What the visitor stated is already remembered, from the turn it was said in; only what the model adds is new.
    const spoken = material.conversation.turns.flatMap((turn) => (turn.role === 'visitor' ? extractSpokenFacts(turn.text) : []));
    const added = parsed.facts.filter((fact) => {
      const fields = parseFactText(fact);
      if (material.facts.some((known) => known.text.toLowerCase() === fact.toLowerCase())) return false;
      return !fields || !spoken.some((said) => factSlot(said) === factSlot(fields) && normalizeValue(said.value) === normalizeValue(fields.value));
    });
    const modelFacts = await guardModelFacts(deps.quarantine, character.id, material.conversation.conversationId, added, deps.now);
    unquotable = material.unquotable;
    privateTerms = [...material.privateTerms, ...termsFromModelFacts(modelFacts, visitorText, speakerNames(character))];
    text = scrubPrivateDetails(parsed.entry, privateTerms);
    const conversationId = material.conversation.conversationId;
    // The facts a visitor states are remembered as they speak (see memory/visitor-facts); a model may
    // find more. They were true when said, not when reflected on: newer words of the visitor win.
    const saidAt = material.conversation.lastAt;
    const factBase = { character: character.id, kind: 'visitor_fact' as const, source: [conversationId], visitor: material.conversation.visitor, importance: 6, conversationId, validFrom: saidAt };
    factItems = modelFacts.map((fact) => ({ ...factBase, text: fact, ...(parseFactText(fact) ?? {}) }));
    evidence = [...material.turnIds, ...hits.map((hit) => hit.item.id)];
    signals = { ...signals, connections: hits.length, visitorFacts: material.facts.length + factItems.length, turns: material.conversation.turns.length };
  }

  if (signal?.aborted) return { status: 'skipped', reason: 'preempted' };
  const now = (deps.now ?? (() => new Date()))();
  const id = (deps.createId ?? randomUUID)();
  const mood = measureMood(text);
  const importance = estimateImportance({ mood, ...signals });
  const verdict = checkDraft(text, { card, privateTerms, unquotable });
  const record: ReflectionRecord = {
    id, character: character.id, kind: plan.kind, text, createdAt: now.toISOString(),
    ...(plan.kind === 'chapter' ? { chapter: plan.material.chapter.number } : { conversationId: plan.material.conversation.conversationId }),
    evidence, mood, importance, provider: draft.provider, model: draft.model,
    inputTokens: draft.usage.inputTokens, outputTokens: draft.usage.outputTokens,
    verdict: verdict.verdict, ...(verdict.reasons.length > 0 ? { reason: verdict.reasons.join('; ') } : {}),
  };
  if (verdict.verdict === 'quarantined') {
    await deps.quarantine.add({ id, character: character.id, kind: plan.kind, draft: text, reasons: verdict.reasons, createdAt: record.createdAt, ...(plan.kind === 'chat' ? { conversationId: plan.material.conversation.conversationId } : {}) });
    return { status: 'quarantined', reason: verdict.reasons.join('; '), record };
  }
  const where = plan.kind === 'chapter' ? `chapter:${plan.material.chapter.number}` : `conversation:${plan.material.conversation.conversationId}`;
  const reflectionItem: MemoryItem = {
    id, character: character.id, kind: 'reflection', text, createdAt: record.createdAt, source: [...evidence, where], importance,
    ...(plan.kind === 'chapter' ? { bookId: plan.book.id, chapter: plan.material.chapter.number } : { conversationId: plan.material.conversation.conversationId }),
  };
  const facts = factItems.map((fact, index) => ({ ...fact, id: `${id}:fact:${index}`, createdAt: record.createdAt }));
  deps.marks?.begin(character.id);
  try {
    deps.memoryFor(character.id).add([reflectionItem, ...facts]);
    await deps.sink.append(record);
  } finally {
    deps.marks?.end(character.id);
  }
  const label = plan.kind === 'chapter' ? `chapter ${plan.material.chapter.number} part ${plan.material.part + 1}/${plan.material.partCount}` : `conversation ${plan.material.conversation.conversationId}`;
  return { status: 'reflected', reason: `${character.id} reflected on ${label}`, record };
}
