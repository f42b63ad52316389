/**
 * `reverie eval characters`: do questions put to a character find its own pages? Each probe is a
 * question with the chapter that answers it; it is asked as the chat asks (the same question plan
 * and retrieval, a follow-up with the question before it as the earlier turn), and it is a hit at
 * k when the gold chapter is among the first k passages the chat would put in the reply's context.
 */
import { createCharacterRuntime, loadBooks } from '../character-runtime.ts';
import { loadCharacter } from '../characters/load-characters.ts';
import { loadProbes, type BookProbe, type ProbeSet } from '../characters/probes.ts';
import { retrieveForMessage } from '../chat/chat-service.ts';

/** The figures of one probe set for one character. */
export interface ProbeSetReport {
  set: ProbeSet;
  questions: number;
  followUps: number;
  'hit@1': number;
  'hit@3': number;
  'hit@5': number;
  /** Hit@3 of the follow-ups alone (asked with the question before them). */
  'follow-up hit@3': number | null;
  misses: Array<{ question: string; gold: number; got: number[] }>;
}

/** One character's report. */
export interface CharacterProbeReport {
  character: string;
  sets: ProbeSetReport[];
}

/** Options of `evaluateCharacters`. */
export interface CharacterEvaluationOptions {
  characters: string[];
  charactersDir: string;
  corpusDir: string;
  sets?: ProbeSet[];
}

function share(ranks: Array<number | null>, k: number): number {
  return ranks.length === 0 ? 0 : ranks.filter((rank) => rank !== null && rank <= k).length / ranks.length;
}

/** Runs the probe sets of each character through the chat's retrieval. */
export async function evaluateCharacters(options: CharacterEvaluationOptions): Promise<CharacterProbeReport[]> {
  const reports: CharacterProbeReport[] = [];
  for (const id of options.characters) {
    const character = await loadCharacter(options.charactersDir, id);
    const book = (await loadBooks([character], options.corpusDir)).get(character.card.data.extensions.reverie.book)!;
    const runtime = createCharacterRuntime(character, book);
    const sets: ProbeSetReport[] = [];
    for (const set of options.sets ?? ['probes', 'probes-you', 'probes-aside']) {
      const probes = await loadProbes(options.charactersDir, id, set).catch((error: unknown) => {
        if (set === 'probes') throw error;
        return null;
      });
      if (!probes) continue;
      const ranks: Array<number | null> = [];
      const followUpRanks: Array<number | null> = [];
      const misses: ProbeSetReport['misses'] = [];
      probes.book.forEach((probe: BookProbe, index) => {
        const earlier = probe.followUp && index > 0 ? [probes.book[index - 1]!.question] : [];
        const chapters = retrieveForMessage(runtime, probe.question, { earlier, passages: 5, memories: 0, lines: 0 }).passages.map((hit) => hit.item.chapter ?? 0);
        const position = chapters.indexOf(probe.chapter);
        const rank = position === -1 ? null : position + 1;
        ranks.push(rank);
        if (probe.followUp) followUpRanks.push(rank);
        if (rank === null || rank > 3) misses.push({ question: probe.question, gold: probe.chapter, got: chapters });
      });
      sets.push({
        set,
        questions: ranks.length,
        followUps: followUpRanks.length,
        'hit@1': share(ranks, 1),
        'hit@3': share(ranks, 3),
        'hit@5': share(ranks, 5),
        'follow-up hit@3': followUpRanks.length === 0 ? null : share(followUpRanks, 3),
        misses,
      });
    }
    reports.push({ character: id, sets });
  }
  return reports;
}
