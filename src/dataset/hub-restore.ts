import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { downloadFile, repoExists } from '@huggingface/hub';
import { writeFileAtomic } from './atomic-file.ts';
import { configOfPath, datasetRepo, isDatasetPath, listRemoteFiles, type HubRepoAccess } from './hub-files.ts';

/** Options of restoreFromHub. */
export interface RestoreOptions extends HubRepoAccess {
  datasetDir: string;
  log: (message: string) => void;
  /** Downloads at once (default 8). */
  concurrency?: number;
}

/** What a restore brought back. */
export interface RestoreResult {
  status: 'restored' | 'no-repo';
  shards: number;
  stateFiles: number;
  hasCard: boolean;
  bytes: number;
  /** Shards per config. */
  configs: Record<string, number>;
}

/** Raised when a file cannot be downloaded or is not what its name says. */
export class HubRestoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubRestoreError';
  }
}

async function downloadOne(options: RestoreOptions, path: string): Promise<number> {
  const blob = await downloadFile({
    repo: datasetRepo(options.repo),
    path,
    hubUrl: options.hubUrl,
    accessToken: options.token,
    xet: false,
  });
  if (!blob) throw new HubRestoreError(`${path} vanished from ${options.repo} during the restore`);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const name = path.split('/').pop() ?? '';
  if (configOfPath(path) && !name.startsWith(createHash('sha256').update(bytes).digest('hex').slice(0, 16))) {
    throw new HubRestoreError(`${path} does not match its content hash: refusing a corrupt shard`);
  }
  await writeFileAtomic(join(options.datasetDir, ...path.split('/')), bytes);
  return bytes.length;
}

/**
 * Downloads every shard, state file and the card of the Hub repository into `datasetDir`, each
 * written atomically. Files already present with the same name are replaced by the Hub's.
 * Afterwards the caller rebuilds memory from the shards (readConfig).
 */
export async function restoreFromHub(options: RestoreOptions): Promise<RestoreResult> {
  const result: RestoreResult = { status: 'restored', shards: 0, stateFiles: 0, hasCard: false, bytes: 0, configs: {} };
  const exists = await repoExists({ repo: datasetRepo(options.repo), hubUrl: options.hubUrl, accessToken: options.token });
  if (!exists) {
    options.log(`Restore: ${options.repo} does not exist yet; starting empty`);
    return { ...result, status: 'no-repo' };
  }
  const paths = [...(await listRemoteFiles(options)).keys()].filter(isDatasetPath);
  const queue = [...paths];
  const worker = async (): Promise<void> => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      try {
        result.bytes += await downloadOne(options, path);
      } catch (error) {
        if (error instanceof HubRestoreError) throw error;
        throw new HubRestoreError(`Could not download ${path} from ${options.repo}`, { cause: error });
      }
      const config = configOfPath(path);
      if (config) {
        result.shards += 1;
        result.configs[config] = (result.configs[config] ?? 0) + 1;
      } else if (path === 'README.md') result.hasCard = true;
      else result.stateFiles += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, Math.max(1, paths.length)) }, worker));
  options.log(`Restore: ${result.shards} shard(s), ${result.stateFiles} state file(s), ${result.bytes} bytes from ${options.repo}`);
  return result;
}
