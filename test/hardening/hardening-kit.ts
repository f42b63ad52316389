import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/main.ts';
import { startTestServer, type TestServer } from '../helpers/reverie-server.ts';

/** The admin token the hardening tests configure. */
export const adminToken = 'test-admin-token-0123456789';

/** A server running on temporary copies of characters/ and corpus/, inside one sandbox folder. */
export interface Sandbox {
  server: TestServer;
  root: string;
  charactersDir: string;
  corpusDir: string;
  /** Every file under the sandbox (and the project's own characters/ and corpus/), with a content hash. */
  snapshot(): Promise<Map<string, string>>;
  destroy(): Promise<void>;
}

async function hashTree(folder: string, into: Map<string, string>, prefix: string): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await hashTree(full, into, `${prefix}${entry.name}/`);
    else into.set(`${prefix}${entry.name}`, createHash('sha256').update(await readFile(full)).digest('hex'));
  }
}

/** Starts a server on copies of the bundled characters and books, so tests may attack them freely. */
export async function startSandbox(environment: Record<string, string> = {}): Promise<Sandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'reverie-hardening-'));
  const charactersDir = path.join(root, 'characters');
  const corpusDir = path.join(root, 'corpus');
  await cp(path.join(projectRoot, 'characters'), charactersDir, { recursive: true });
  await cp(path.join(projectRoot, 'corpus'), corpusDir, { recursive: true });
  const server = await startTestServer(
    { CHARACTERS_DIR: charactersDir, CORPUS_DIR: corpusDir, REVERIE_ADMIN_TOKEN: adminToken, ...environment },
    { dataDir: path.join(root, 'data') },
  );
  // The indexes built at start are saved in the background; the snapshots compare what requests write.
  await server.reverie.indexesSaved;
  return {
    server,
    root,
    charactersDir,
    corpusDir,
    async snapshot() {
      const files = new Map<string, string>();
      await hashTree(root, files, 'sandbox/');
      await hashTree(path.join(projectRoot, 'characters'), files, 'project/characters/');
      await hashTree(path.join(projectRoot, 'corpus'), files, 'project/corpus/');
      return files;
    },
    async destroy() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Files outside data/ that differ between two snapshots (added, removed or changed). */
export function changedOutsideData(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [file, hash] of after) if (before.get(file) !== hash) changed.push(file);
  for (const file of before.keys()) if (!after.has(file)) changed.push(file);
  return changed.filter((file) => !file.startsWith('sandbox/data/'));
}

/** Headers with the admin bearer token. */
export const asAdmin = { authorization: `Bearer ${adminToken}` };
