import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles, type ListFileEntry } from '@huggingface/hub';
import { TEMPORARY_PREFIX } from './atomic-file.ts';
import { DATASET_CONFIGS } from './schema.ts';

/** Where a dataset repository lives and how to reach it. */
export interface HubRepoAccess {
  token: string;
  /** `namespace/name` of a dataset repository. */
  repo: string;
  hubUrl: string;
}

/** The repo designation @huggingface/hub takes for a dataset. */
export function datasetRepo(repo: string): { type: 'dataset'; name: string } {
  return { type: 'dataset', name: repo };
}

/** The git blob id of bytes: what the Hub's tree reports as `oid` for a regular file. */
export function gitBlobOid(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Whether a repo path is something Reverie publishes: a shard, a state file or the card. */
export function isDatasetPath(path: string): boolean {
  return /^data\/[a-z0-9_]+\/[^/]+\.parquet$/.test(path) || /^state\/[^/]+\.json$/.test(path) || path === 'README.md';
}

/** The config a shard path belongs to, or undefined for anything else. */
export function configOfPath(path: string): string | undefined {
  return /^data\/([a-z0-9_]+)\/[^/]+\.parquet$/.exec(path)?.[1];
}

/** Every file of the repository, by path. */
export async function listRemoteFiles(access: HubRepoAccess): Promise<Map<string, ListFileEntry>> {
  const files = new Map<string, ListFileEntry>();
  for await (const entry of listFiles({
    repo: datasetRepo(access.repo),
    recursive: true,
    hubUrl: access.hubUrl,
    accessToken: access.token,
  })) {
    if (entry.type === 'file') files.set(entry.path, entry);
  }
  return files;
}

async function namesIn(directory: string): Promise<string[]> {
  return readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
}

/** Repo-relative paths of every local shard (of the given configs) and state file. */
export async function listLocalDatasetFiles(datasetDir: string, configs: readonly string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const config of configs) {
    for (const name of await namesIn(join(datasetDir, 'data', config))) {
      if (name.endsWith('.parquet') && !name.startsWith(TEMPORARY_PREFIX)) paths.push(`data/${config}/${name}`);
    }
  }
  for (const name of await namesIn(join(datasetDir, 'state'))) {
    if (name.endsWith('.json') && !name.startsWith(TEMPORARY_PREFIX)) paths.push(`state/${name}`);
  }
  return paths.sort();
}

/** Names of the configs this server publishes: opt-in ones only when allowed. */
export function publishedConfigs(isPublishingOptIn: boolean): string[] {
  return DATASET_CONFIGS.filter((config) => isPublishingOptIn || !config.isOptIn).map((config) => config.name);
}
