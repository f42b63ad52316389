import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Raised when a file could not be written in full; nothing is left behind. */
export class AtomicWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AtomicWriteError';
  }
}

/** The prefix of temporary files; readers skip names that start with it. */
export const TEMPORARY_PREFIX = '.tmp-';

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes bytes to `path` so that readers see the old file or the whole new one, never a part:
 * temp file in the same folder, fsync, rename over, fsync the folder.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporaryPath = join(directory, `${TEMPORARY_PREFIX}${basename(path)}.${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temporaryPath, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, path);
    await syncDirectory(directory);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw new AtomicWriteError(`Could not write ${path}`, { cause: error });
  }
}
