import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Character } from './card.ts';
import { CardError, type CardProblem } from './card-error.ts';
import { parseCardJson, validateCard } from './validate-card.ts';

/** What a character id (its folder name) must look like. */
export const CHARACTER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whether a string is a usable character id. */
export function isCharacterId(value: string): boolean {
  return CHARACTER_ID_PATTERN.test(value);
}

/**
 * Loads every `<dir>/<id>/card.json`, sorted by id. Folders without a card.json are skipped.
 * Problems in all cards are collected into one CardError, each naming its file and field.
 */
export async function loadCharacters(dir: string): Promise<Character[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw CardError.of(dir, '', 'cannot read the characters folder', error);
  }
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const characters: Character[] = [];
  const problems: CardProblem[] = [];
  const causes: unknown[] = [];
  for (const folder of folders) {
    const cardPath = path.join(dir, folder, 'card.json');
    let text: string;
    try {
      text = await readFile(cardPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problems.push({ source: cardPath, path: '', message: `cannot read the file (${String(error)})` });
      causes.push(error);
      continue;
    }
    if (!isCharacterId(folder)) {
      problems.push({
        source: cardPath,
        path: '',
        message: `folder name "${folder}" is not a valid character id (lowercase letters, digits and dashes, at most 64, starting with a letter or digit)`,
      });
      continue;
    }
    try {
      characters.push({ id: folder, card: validateCard(parseCardJson(text, cardPath), cardPath) });
    } catch (error) {
      if (!(error instanceof CardError)) throw error;
      problems.push(...error.problems);
      causes.push(error);
    }
  }
  if (problems.length > 0) {
    throw new CardError(problems, { cause: causes.length === 1 ? causes[0] : new AggregateError(causes) });
  }
  return characters;
}

/** Loads one character by id from `<dir>/<id>/card.json`. */
export async function loadCharacter(dir: string, id: string): Promise<Character> {
  const cardPath = path.join(dir, id, 'card.json');
  if (!isCharacterId(id)) throw CardError.of(cardPath, '', `"${id}" is not a valid character id`);
  let text: string;
  try {
    text = await readFile(cardPath, 'utf8');
  } catch (error) {
    throw CardError.of(cardPath, '', 'cannot read the card file', error);
  }
  return { id, card: validateCard(parseCardJson(text, cardPath), cardPath) };
}
