import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { writeFileAtomic } from './atomic-file.ts';
import { recordsToColumns } from './row-codec.ts';
import { DatasetSchemaError, getConfig, parquetSchema, type ConfigName } from './schema.ts';
import { scrubRecords } from './scrub.ts';

/** The folder of a config's shards inside the dataset folder. */
export function configDirectory(datasetDir: string, config: ConfigName): string {
  return join(datasetDir, 'data', config);
}

/** The content name of a shard: the first 16 hex of the SHA-256 of its bytes. */
export function shardName(bytes: Uint8Array): string {
  return `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.parquet`;
}

/** Encodes validated records of a config as one Parquet file, in memory. */
export function encodeShard(config: ConfigName, records: readonly object[]): Uint8Array {
  const definition = getConfig(config);
  if (records.length === 0) throw new DatasetSchemaError(`No rows to write for ${config}`);
  const columnData = recordsToColumns(definition, records) as ColumnSource[];
  const buffer = parquetWriteBuffer({
    columnData,
    schema: parquetSchema(definition),
    rowGroupSize: 100_000,
    createdBy: 'reverie',
  });
  return new Uint8Array(buffer);
}

/**
 * Writes records as they are (no scrubbing) into a new immutable shard and returns its path.
 * Writing the same rows twice yields the same file. Use `appendRows` for anything new:
 * this is for rows already scrubbed, such as compaction's.
 */
export async function writeShard(datasetDir: string, config: ConfigName, records: readonly object[]): Promise<string> {
  const bytes = encodeShard(config, records);
  const path = join(configDirectory(datasetDir, config), shardName(bytes));
  const exists = await access(path).then(() => true, () => false);
  if (!exists) await writeFileAtomic(path, bytes);
  return path;
}

/** Options of appendRows: the secret key that pseudonymises visitors. */
export interface AppendRowsOptions {
  key: Uint8Array;
}

/**
 * Scrubs records for publication (emails, phones, card numbers masked; visitors pseudonymised),
 * writes them as a new shard of `config` and returns its path.
 */
export async function appendRows(
  datasetDir: string,
  config: ConfigName,
  records: readonly object[],
  options: AppendRowsOptions,
): Promise<string> {
  const definition = getConfig(config);
  return writeShard(datasetDir, config, scrubRecords(definition, records, options.key));
}
