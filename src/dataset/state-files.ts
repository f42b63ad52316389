import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMPORARY_PREFIX, writeFileAtomic } from './atomic-file.ts';

/** Raised for a bad state file name or a state file that is not JSON. */
export class StateFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateFileError';
  }
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/** The folder of state files inside the dataset folder (synced to `state/` on the Hub). */
export function stateDirectory(datasetDir: string): string {
  return join(datasetDir, 'state');
}

function statePath(datasetDir: string, name: string): string {
  if (!NAME_PATTERN.test(name) || name.includes('..')) {
    throw new StateFileError(`Invalid state file name "${name}": use letters, digits, dot, dash, underscore`);
  }
  return join(stateDirectory(datasetDir), `${name}.json`);
}

/** Writes `state/<name>.json` atomically; the next sync uploads it if it changed. */
export async function writeStateFile(datasetDir: string, name: string, value: unknown): Promise<void> {
  await writeFileAtomic(statePath(datasetDir, name), Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
}

/** Reads `state/<name>.json`, or undefined when there is none. Callers validate the shape. */
export async function readStateFile(datasetDir: string, name: string): Promise<unknown> {
  const path = statePath(datasetDir, name);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StateFileError(`State file ${path} is not valid JSON`, { cause: error });
  }
}

/** Names (without .json) of every state file present. */
export async function listStateFiles(datasetDir: string): Promise<string[]> {
  const names = await readdir(stateDirectory(datasetDir)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names
    .filter((name) => name.endsWith('.json') && !name.startsWith(TEMPORARY_PREFIX))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}
