import { z } from 'zod';
import { createMemoryStore, type MemoryStoreOptions } from '../memory/memory-store.ts';
import type { MemoryItem } from '../memory/types.ts';
import { firstGoldRank, rankItemIds, summariseRanks, type HitMetrics } from './ranking.ts';

const questionSchema = z.object({
  question_id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().min(1),
  cor_section: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  attribute: z.string().default('unknown'),
  local_or_sum: z.string().optional(),
  ex_or_im: z.string().optional(),
});

const storySchema = z.object({
  story: z.string().min(1),
  split: z.string().optional(),
  sections: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), text: z.string() })).min(1),
  questions: z.array(questionSchema),
});

/** One FairytaleQA story: its sections (the passages) and questions naming their gold sections. */
export type FairytaleQaStory = z.infer<typeof storySchema>;

/** Retrieval settings to evaluate instead of the defaults (for tuning). */
export interface EvaluationOptions {
  retrieval?: Pick<MemoryStoreOptions, "index" | "weights" | "feedback">;
}

/** FairytaleQA retrieval figures, overall and per question attribute (character, setting, ...). */
export interface FairytaleQaReport extends HitMetrics {
  byAttribute: Record<string, HitMetrics>;
}

/** A FairytaleQA file that does not have the expected shape. */
export class FairytaleQaFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FairytaleQaFormatError';
  }
}

/** Parses FairytaleQA JSON lines (one story a line), validating each line. */
export function parseFairytaleQa(jsonl: string): FairytaleQaStory[] {
  const stories: FairytaleQaStory[] = [];
  jsonl.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new FairytaleQaFormatError(`FairytaleQA line ${index + 1} is not JSON`, { cause: error });
    }
    const parsed = storySchema.safeParse(value);
    if (!parsed.success) {
      throw new FairytaleQaFormatError(`FairytaleQA line ${index + 1}: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
    }
    stories.push(parsed.data);
  });
  return stories;
}

/**
 * Retrieval quality on FairytaleQA: one store per story holding its sections as passages,
 * each question as the query; a question is a hit at k when any gold section is in the top k.
 */
export function evaluateFairytaleQa(stories: FairytaleQaStory[], options: EvaluationOptions = {}): FairytaleQaReport {
  const ranks: Array<number | null> = [];
  const ranksByAttribute = new Map<string, Array<number | null>>();
  for (const story of stories) {
    const store = createMemoryStore({ ...options.retrieval, character: 'fairytaleqa', now: () => new Date(0) });
    const items: MemoryItem[] = story.sections.map((section, position) => ({
      id: section.id,
      character: 'fairytaleqa',
      kind: 'passage',
      text: section.text,
      createdAt: new Date(0).toISOString(),
      source: [`${story.story}:${section.id}`],
      importance: 5,
      bookId: story.story,
      position,
    }));
    store.add(items);
    for (const question of story.questions) {
      const ranking = rankItemIds(store, question.question, { kinds: ['passage'] }, 5);
      const rank = firstGoldRank(ranking, new Set(question.cor_section));
      ranks.push(rank);
      const attributeRanks = ranksByAttribute.get(question.attribute) ?? [];
      attributeRanks.push(rank);
      ranksByAttribute.set(question.attribute, attributeRanks);
    }
  }
  const byAttribute: Record<string, HitMetrics> = {};
  for (const [attribute, attributeRanks] of [...ranksByAttribute].sort()) byAttribute[attribute] = summariseRanks(attributeRanks);
  return { ...summariseRanks(ranks), byAttribute };
}
