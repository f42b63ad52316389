/** One thing wrong with a card: the file it came from, the field path and what is wrong. */
export interface CardProblem {
  /** Where the card came from, e.g. `characters/alice/card.json` or `upload.png`. */
  source: string;
  /** Dotted path to the field, e.g. `data.extensions.reverie.constitution`; empty for the whole card. */
  path: string;
  message: string;
}

/** Formats one problem as `source: path: message` (the path left out when empty). */
export function formatCardProblem(problem: CardProblem): string {
  return problem.path === ''
    ? `${problem.source}: ${problem.message}`
    : `${problem.source}: ${problem.path}: ${problem.message}`;
}

/**
 * A card (or a probe set) that cannot be used. The message lists every problem found, one a line,
 * each naming the file and the field; `problems` carries them for the studio to show.
 */
export class CardError extends Error {
  readonly problems: CardProblem[];

  constructor(problems: CardProblem[], options?: { cause?: unknown }) {
    super(problems.map(formatCardProblem).join('\n'), options);
    this.name = 'CardError';
    this.problems = problems;
  }

  /** A CardError with a single problem. */
  static of(source: string, path: string, message: string, cause?: unknown): CardError {
    return new CardError([{ source, path, message }], cause === undefined ? undefined : { cause });
  }
}
