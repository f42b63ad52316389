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
export async function readConfig<C extends ConfigName>(datasetDir: string, config: C, options: { skip?: (path: string) => boolean } = {}): Promise<RecordOf<C>[]> {
  const shards = (await listShards(datasetDir, config)).filter((path) => !options.skip?.(path));
  const parts = await Promise.all(shards.map((path) => readShard(path, config)));
  const records = parts.flat();
  const sortKey = (record: RecordOf<C>): string => {
    const fields = record as { createdAt?: unknown; id?: unknown };
    return `${String(fields.createdAt ?? '')}\u0000${String(fields.id ?? '')}`;
  };
  // Shards are written oldest first, so the rows usually are in order already: then there is
  // nothing to sort (the keys compared in place, as the sort below would order them).
  if (isInKeyOrder(records)) return records;
  return records
    .map((record) => ({ record, key: sortKey(record) }))
    .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0))
    .map(({ record }) => record);
}

// `createdAt NUL id` compared as one string is `createdAt`, then `id`, compared as strings: a
// timestamp holds no NUL, and NUL sorts before any other character.
function isInKeyOrder(records: readonly object[]): boolean {
  for (let index = 1; index < records.length; index += 1) {
    const left = records[index - 1] as { createdAt?: unknown; id?: unknown };
    const right = records[index] as { createdAt?: unknown; id?: unknown };
    const leftTime = String(left.createdAt ?? '');
    const rightTime = String(right.createdAt ?? '');
    if (leftTime < rightTime) continue;
    if (leftTime > rightTime || String(left.id ?? '') > String(right.id ?? '')) return false;
  }
  return true;
}
