/**
 * The voice parameters a strategy may set, and their bounds: the contract between dreaming, which
 * proposes strategies, and the voices, which follow them. Anything else a strategy says is text.
 */

/** The rules a strategy may set, and the bounds of their values. */
export const STRATEGY_RULES = {
  max_words: { min: 15, max: 120 },
  max_quote_words: { min: 10, max: 80 },
  answer_first: { acts: ['question', 'opinion', 'self', 'recall', 'statement'] as const },
  mention_facts: { values: ['yes', 'no'] as const },
  /** Replies about this topic (one word of the book) are kept under TOPIC_MAX_WORDS. */
  brief_on: { pattern: /^[a-z][a-z'-]{2,29}$/ },
} as const;

/** The length a `brief_on` strategy keeps replies about its topic under. */
export const TOPIC_MAX_WORDS = 40;

/** A rule name strategies use. */
export type StrategyRule = keyof typeof STRATEGY_RULES;

/** Whether a rule and value are ones the voice understands (a model may propose anything). */
export function isKnownRule(rule: string | undefined, value: string | undefined): boolean {
  if (rule === undefined || value === undefined) return false;
  switch (rule) {
    case 'max_words':
    case 'max_quote_words': {
      const bounds = STRATEGY_RULES[rule];
      const number = Number(value);
      return Number.isInteger(number) && number >= bounds.min && number <= bounds.max;
    }
    case 'answer_first':
      return (STRATEGY_RULES.answer_first.acts as readonly string[]).includes(value);
    case 'mention_facts':
      return value === 'yes' || value === 'no';
    case 'brief_on':
      return STRATEGY_RULES.brief_on.pattern.test(value);
    default:
      return false;
  }
}

