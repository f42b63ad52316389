import type { CharacterRuntime } from './character-runtime.ts';
import type { DatasetSetup } from './dataset-setup.ts';
import { claimRestoredFacts, latestFactRows } from './dataset/restored-facts.ts';
import type { FactChanges } from './memory/visitor-facts/remember-facts.ts';

/** Visitor facts beyond this machine: published on opt-in, restored from the Hub, claimed back by their visitor. */
export interface VisitorFactSetup {
  /** Publishes what a message added and retired (only when HF_PUBLISH_CONVERSATIONS is on). */
  publish(characterId: string, changes: FactChanges): Promise<void>;
  /** Loads published facts the journal does not hold (after a restore on an empty disk); returns how many. */
  loadPublished(): Promise<number>;
  /** Gives a returning visitor the facts restored under their pseudonym. */
  claim(characterId: string, visitorId: string): void;
}

/** Wires visitor facts to the dataset. */
export function createVisitorFactSetup(options: { runtimes: Map<string, CharacterRuntime>; dataset: DatasetSetup; log: (line: string) => void }): VisitorFactSetup {
  // Pseudonyms with restored facts waiting, per character; most visitors never have any.
  const waiting = new Map<string, Set<string>>();
  return {
    async publish(_characterId, changes) {
      await options.dataset.appendRows('visitor_facts', [...changes.retired, ...changes.added]);
    },
    async loadPublished() {
      let loaded = 0;
      for (const item of latestFactRows(await options.dataset.readVisitorFacts())) {
        const runtime = options.runtimes.get(item.character);
        // A fact the journal still holds was derived from it already, under the visitor's own id;
        // one held under the pseudonym (restored before, kept by an index checkpoint) still waits.
        const held = runtime?.memory.get(item.id);
        if (!runtime || item.visitor === undefined || (held && held.visitor !== item.visitor)) continue;
        if (!held) runtime.memory.add([item]);
        const pending = waiting.get(item.character) ?? new Set<string>();
        pending.add(item.visitor);
        waiting.set(item.character, pending);
        loaded += 1;
      }
      if (loaded > 0) options.log(`visitors: ${loaded} published visitor fact(s) restored, waiting for their visitors`);
      return loaded;
    },
    claim(characterId, visitorId) {
      const pending = waiting.get(characterId);
      if (!pending || pending.size === 0) return;
      const pseudonym = options.dataset.pseudonym(visitorId);
      if (!pending.has(pseudonym)) return;
      pending.delete(pseudonym);
      const runtime = options.runtimes.get(characterId);
      if (runtime) claimRestoredFacts(runtime.memory, pseudonym, visitorId);
    },
  };
}
