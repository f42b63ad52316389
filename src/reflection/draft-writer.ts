import { z } from 'zod';
import type { ChatRequest, Provider, Usage } from '../llm/provider.ts';
import { emptyUsage } from '../llm/provider.ts';
import { PreemptedError } from './activity-tracker.ts';
import { FACTS_MARKER } from './reflection-prompt.ts';

/** A draft as a model (or the offline writer) produced it. */
export interface Draft {
  text: string;
  provider: string;
  model: string;
  usage: Usage;
}

/** The provider name the offline voice reports in its finish chunk. */
export const OFFLINE_PROVIDER = 'offline';

/** Whether an error (or the signal) says the work was aborted by a visitor. */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (error instanceof PreemptedError) return true;
  if (error instanceof Error && (error.name === 'AbortError' || (error as { kind?: string }).kind === 'aborted')) return true;
  return false;
}

/**
 * Streams one reflection request to completion. Throws PreemptedError when the signal fires,
 * so no half-written draft escapes.
 */
export async function streamDraft(provider: Provider, request: ChatRequest): Promise<Draft> {
  const signal = request.signal;
  let text = '';
  let finish: { provider: string; model: string; usage: Usage } | null = null;
  try {
    for await (const chunk of provider.stream(request)) {
      if (signal?.aborted) throw new PreemptedError();
      if (chunk.type === 'text-delta') text += chunk.text;
      else finish = { provider: chunk.provider, model: chunk.model, usage: chunk.usage };
    }
  } catch (error) {
    if (isAbort(error, signal)) throw new PreemptedError(undefined, { cause: error });
    throw error;
  }
  if (signal?.aborted) throw new PreemptedError();
  return {
    text: text.trim(),
    provider: finish?.provider ?? provider.name,
    model: finish?.model ?? provider.model,
    usage: finish?.usage ?? emptyUsage(),
  };
}

const modelFactsSchema = z.array(z.string().trim().min(3).max(300)).max(20);

/** A chat reflection split into its shareable entry and the facts the model listed. */
export interface ParsedChatDraft {
  entry: string;
  facts: string[];
  /** Why the facts section was ignored, when it was. */
  factsProblem?: string;
}

/** Splits the model's chat reflection at the FACTS: marker and validates the facts with zod. */
export function parseChatDraft(text: string): ParsedChatDraft {
  const markerIndex = text.lastIndexOf(FACTS_MARKER);
  if (markerIndex === -1) return { entry: text.trim(), facts: [], factsProblem: 'no FACTS section' };
  const entry = text.slice(0, markerIndex).trim();
  const rest = text.slice(markerIndex + FACTS_MARKER.length).trim();
  const jsonText = rest.match(/\[[\s\S]*\]/)?.[0];
  if (!jsonText) return { entry, facts: [], factsProblem: 'FACTS section has no JSON array' };
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch {
    return { entry, facts: [], factsProblem: 'FACTS section is not valid JSON' };
  }
  const parsed = modelFactsSchema.safeParse(json);
  if (!parsed.success) return { entry, facts: [], factsProblem: `FACTS section is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}` };
  return { entry, facts: parsed.data };
}
