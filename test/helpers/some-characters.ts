import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A CHARACTERS_DIR holding only some of the bundled characters (copies), so a test server starts faster. */
export async function someCharacters(ids: string[]): Promise<{ directory: string; remove(): Promise<void> }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'reverie-characters-'));
  for (const id of ids) await cp(path.resolve('characters', id), path.join(directory, id), { recursive: true });
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}
