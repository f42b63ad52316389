import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { TEMPORARY_PREFIX } from './atomic-file.ts';
import { rowToRecord, type RecordOf } from './row-codec.ts';
import { DatasetSchemaError, getConfig, type ConfigName } from './schema.ts';
import { configDirectory } from './shard-writer.ts';

/** Paths of every shard of a config, sorted by name; none when the folder does not exist. */
export async function listShards(datasetDir: string, config: ConfigName): Promise<string[]> {
  getConfig(config);
  const directory = configDirectory(datasetDir, config);
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names
    .filter((name) => name.endsWith('.parquet') && !name.startsWith(TEMPORARY_PREFIX))
    .sort()
    .map((name) => join(directory, name));
}

/** Reads every row of one shard back into record shape. */
export async function readShard<C extends ConfigName>(path: string, config: C): Promise<RecordOf<C>[]> {
  const definition = getConfig(config);
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const rows = await parquetReadObjects({ file });
    return rows.map((row) => rowToRecord(definition, row) as RecordOf<C>);
  } catch (error) {
    throw new DatasetSchemaError(`Could not read shard ${path}`, { cause: error });
  }
}

/** All rows of a config across its shards, oldest first (by created_at, then id). */
export async function readConfig<C extends ConfigName>(datasetDir: string, config: C): Promise<RecordOf<C>[]> {
  const shards = await listShards(datasetDir, config);
  const parts = await Promise.all(shards.map((path) => readShard(path, config)));
  const records = parts.flat();
  const sortKey = (record: RecordOf<C>): string => {
    const fields = record as { createdAt?: unknown; id?: unknown };
    return `${String(fields.createdAt ?? '')}\u0000${String(fields.id ?? '')}`;
  };
  return records
    .map((record) => ({ record, key: sortKey(record) }))
    .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0))
    .map(({ record }) => record);
}
