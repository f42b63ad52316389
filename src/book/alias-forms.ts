/**
 * How a character's name or alias is found in a book's own text. A capitalised form ("Hatter",
 * "Victor") names the character wherever it stands. A lowercase word comes from an epithet ("the
 * creature", "the wretch", "the being"), and bare it is an ordinary noun ("a human being", "the
 * same happy creature", "poor wretch"): it names the character only right after a word that
 * points at one, "the creature", "my creature", "this wretch".
 */

const POINTING = '(?:[Tt]his|[Tt]hat|[Mm]y|[Yy]our|[Hh]is|[Hh]er|[Oo]ur|[Tt]heir)';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a form is a single lowercase word, which names the character only after a pointing word. */
export function isEpithetWord(form: string): boolean {
  return /^\p{Ll}+$/u.test(form);
}

/**
 * The pattern source of a form in book text, "the" before it included in the match; other pointing
 * words are required, not matched. `optionalThe`: a capitalised form may take "the" ("the Hatter").
 */
export function bookFormSource(form: string, optionalThe: boolean): string {
  const escaped = escapeRegExp(form);
  if (isEpithetWord(form)) return String.raw`(?:[Tt]he\s+|(?<=(?<![\p{L}\p{N}])${POINTING}\s+))${escaped}`;
  return optionalThe ? String.raw`(?:the\s+)?${escaped}` : escaped;
}
