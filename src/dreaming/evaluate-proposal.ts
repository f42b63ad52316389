import type { Card } from '../characters/card.ts';
import type { BookProbe } from '../characters/probes.ts';
import type { MemoryItem } from '../memory/types.ts';
import { applyOperations } from './apply-operations.ts';
import { buildFactProbes, createProbeStore, gateProposal } from './dream-gate.ts';
import type { DreamInput } from './dream-input.ts';
import type { DreamOperation, GateFigures, RefusedOperation } from './dream-types.ts';
import { validateProposal } from './validate-proposal.ts';

/** What a dream starts from: the current version's items and the input the proposer saw. */
export interface Prepared {
  parentVersion: number;
  parentCovered: string[];
  currentItems: MemoryItem[];
  input: DreamInput;
}

/** A proposal judged: the operations kept and refused, the memory they make, and the gate's figures. */
export interface Evaluated {
  accepted: DreamOperation[];
  refused: RefusedOperation[];
  nextItems: MemoryItem[];
  gate: GateFigures;
  version: number;
}

/**
 * Validates a proposal's operations, applies the accepted ones to a copy of the memory as
 * version `version`, and runs the retrieval gate on throwaway stores: the live store is untouched.
 */
export function evaluateProposal(options: {
  characterId: string;
  card: Card;
  prepared: Prepared;
  operations: readonly DreamOperation[];
  dreamId: string;
  version: number;
  bookProbes: BookProbe[];
  now: () => Date;
}): Evaluated {
  const { characterId, prepared } = options;
  const { accepted, refused } = validateProposal(options.operations, prepared.input, options.card);
  const nextItems = applyOperations(prepared.currentItems, accepted, { character: characterId, dreamId: options.dreamId, version: options.version, now: prepared.input.now });
  const gate = gateProposal(
    createProbeStore(characterId, prepared.currentItems, options.now),
    createProbeStore(characterId, nextItems, options.now),
    options.bookProbes,
    buildFactProbes(prepared.currentItems),
  );
  return { accepted, refused, nextItems, gate, version: options.version };
}
