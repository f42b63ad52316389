import type { FactAttribute, SpokenFact } from './fact-types.ts';

/** What a rule reads after its cue; the rule's attribute applies unless the fact names another. */
export type RuleFact = Omit<SpokenFact, 'attribute' | 'isUpdate'> & { attribute?: FactAttribute; isUpdate?: boolean };

/**
 * One way visitors state a fact: a cue (global, case-insensitive) and a reader of what follows it.
 * A clause whose words before the cue deny, doubt or report it is skipped, unless the rule says the
 * cue itself carries that ("I don't like", "I'd prefer you call me").
 */
export interface FactRule {
  attribute: FactAttribute;
  cue: RegExp;
  read(rest: string, match: RegExpExecArray): RuleFact[];
  /** The cue holds its own negation ("I can't stand", "I'm not a teacher any more"). */
  handlesNegation?: boolean;
  /** The cue holds its own "would" ("I'd rather be called Jo"). */
  allowsHypothetical?: boolean;
  /** Every fact of this rule is a change of what was held ("I moved to Lyon"). */
  isUpdate?: boolean;
}
