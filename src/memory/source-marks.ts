/**
 * Where a character's sources stood the last time its store held exactly what they say: the
 * journal's position, and the reflection shards. An index checkpoint is written with its store's
 * mark, and a start that finds the sources still beginning with what the mark names trusts the
 * checkpoint's own records of what came from them (store-checkpoint.ts), reading only what was
 * written after.
 *
 * A store and its sources are out of step while a write to both is under way: a turn being
 * journaled and then added, a reflection added and then written to its shard, an erasure
 * rewriting the journal and the shards while it takes items out of the stores. Each such write
 * is bracketed by `begin` and `end`; the mark of a character is taken only when none of its
 * writes (and no write of every character) is under way, and otherwise is the one taken when
 * the last one ended. A mark that is too old only makes the next start read more; a mark newer
 * than the store would lose items, and this is what the brackets prevent.
 */
import type { JournalPosition } from './journal.ts';

/** One shard as a mark names it: its file name in its config's folder, and its size. */
export interface ShardMark {
  file: string;
  bytes: number;
}

/** What an index checkpoint's items rest on (absent: not known, so not trusted). */
export interface CheckpointSources {
  journal?: JournalPosition;
  reflections?: ShardMark[];
}

/** See the file comment. */
export interface SourceMarks {
  /** A write to a source and the store of `character` (of every character when absent) begins... */
  begin(character?: string): void;
  /** ...and ends (whether it succeeded or not). */
  end(character?: string): void;
  /** The latest mark at which the store of `character` matched its sources. */
  of(character: string): CheckpointSources;
}

/** Creates the marks over `current`, which says where the sources stand now. */
export function createSourceMarks(current: () => CheckpointSources): SourceMarks {
  const writing = new Map<string, number>();
  let writingAll = 0;
  const quiet = new Map<string, CheckpointSources>();
  const isQuiet = (character: string) => writingAll === 0 && (writing.get(character) ?? 0) === 0;
  return {
    begin(character) {
      if (character === undefined) {
        writingAll += 1;
        return;
      }
      // The mark before the first write of a run of them is the one that stays good through it.
      if (isQuiet(character)) quiet.set(character, current());
      writing.set(character, (writing.get(character) ?? 0) + 1);
    },
    end(character) {
      if (character === undefined) {
        writingAll = Math.max(0, writingAll - 1);
        // Marks taken before a write of every character may name sources it rewrote: none is kept.
        if (writingAll === 0) quiet.clear();
        return;
      }
      const left = Math.max(0, (writing.get(character) ?? 0) - 1);
      if (left === 0) writing.delete(character);
      else writing.set(character, left);
    },
    of(character) {
      if (isQuiet(character)) return current();
      return quiet.get(character) ?? {};
    },
  };
}
