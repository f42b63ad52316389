import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the ingestion fixture texts. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
/** The repository's bundled corpus. */
export const BUNDLED_CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));

/** A fresh empty folder under the OS temp dir, and a function removing it. */
export async function createTempDir(prefix = 'reverie-ingest-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Every path under a folder, relative and sorted, to compare a corpus before and after. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.map(String).sort();
}
