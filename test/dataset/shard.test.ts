import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicWriteError, writeFileAtomic } from '../../src/dataset/atomic-file.ts';
import { listShards, readConfig, readShard } from '../../src/dataset/shard-reader.ts';
import { appendRows, configDirectory, writeShard } from '../../src/dataset/shard-writer.ts';
import { DatasetSchemaError } from '../../src/dataset/schema.ts';
import { sampleReflection, sampleTurn } from './sample-records.ts';

const key = Buffer.alloc(32, 7);
let datasetDir: string;

beforeEach(async () => {
  datasetDir = await mkdtemp(join(tmpdir(), 'reverie-shard-'));
});
afterEach(async () => {
  await rm(datasetDir, { recursive: true, force: true });
});

async function queryDuckDb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('shards', () => {
  it('reads back every reflection field exactly as written', async () => {
    const records = Array.from({ length: 25 }, (_, index) => sampleReflection(index));
    const path = await appendRows(datasetDir, 'reflections', records, { key });
    expect(path).toMatch(/data\/reflections\/[0-9a-f]{16}\.parquet$/);
    expect(await readShard(path, 'reflections')).toEqual(records);
  });

  it('names a shard by its content, so the same rows make the same file', async () => {
    const records = [sampleReflection(1), sampleReflection(2)];
    const first = await appendRows(datasetDir, 'reflections', records, { key });
    const second = await appendRows(datasetDir, 'reflections', records, { key });
    const third = await appendRows(datasetDir, 'reflections', [sampleReflection(3)], { key });
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    expect(await listShards(datasetDir, 'reflections')).toHaveLength(2);
  });

  it('returns all rows of a config across shards, oldest first', async () => {
    await appendRows(datasetDir, 'reflections', [sampleReflection(5), sampleReflection(6)], { key });
    await appendRows(datasetDir, 'reflections', [sampleReflection(1)], { key });
    const rows = await readConfig(datasetDir, 'reflections');
    expect(rows.map((row) => row.id)).toEqual(['r-000001', 'r-000005', 'r-000006']);
  });

  it('lets DuckDB read every shard with real timestamps and list columns', async () => {
    await appendRows(datasetDir, 'reflections', [sampleReflection(0), sampleReflection(1)], { key });
    await appendRows(datasetDir, 'reflections', [sampleReflection(2)], { key });
    await appendRows(datasetDir, 'conversations', [sampleTurn(0), sampleTurn(1)], { key });
    const glob = join(configDirectory(datasetDir, 'reflections'), '*.parquet');
    const rows = await queryDuckDb(
      `select id, typeof(created_at) as time_type, epoch_ms(created_at) as millis, evidence, typeof(evidence) as list_type,
       chapter, conversation_id from read_parquet('${glob}') order by id`,
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      id: 'r-000000',
      time_type: 'TIMESTAMP WITH TIME ZONE',
      millis: String(Date.parse(sampleReflection(0).createdAt)),
      evidence: ['p-0', 'p-1'],
      list_type: 'VARCHAR[]',
      chapter: 1,
      conversation_id: null,
    });
    expect(rows[1]).toMatchObject({ evidence: [], chapter: null, conversation_id: 'c-1' });
    const turns = await queryDuckDb(
      `select count(*)::INTEGER as n, sum(cache_read_tokens)::INTEGER as cached from read_parquet('${join(configDirectory(datasetDir, 'conversations'), '*.parquet')}')`,
    );
    expect(turns[0]).toEqual({ n: 2, cached: 3 });
  });

  it('keeps nested usage and leaves absent optional fields out for turns', async () => {
    const turns = [sampleTurn(0), sampleTurn(1)];
    await writeShard(datasetDir, 'conversations', turns);
    expect(await readConfig(datasetDir, 'conversations')).toEqual(turns);
  });

  it('rejects a row that does not fit the schema with the row and field named', async () => {
    const bad = { ...sampleReflection(1), createdAt: 'yesterday' };
    await expect(appendRows(datasetDir, 'reflections', [sampleReflection(0), bad], { key })).rejects.toThrow(
      /Row 1: field "createdAt" must be an ISO 8601 timestamp/,
    );
    const missing: Record<string, unknown> = { ...sampleReflection(2) };
    delete missing.evidence;
    await expect(writeShard(datasetDir, 'reflections', [missing])).rejects.toThrow(DatasetSchemaError);
    await expect(writeShard(datasetDir, 'nonsense', [missing])).rejects.toThrow(/Unknown dataset config "nonsense"/);
    await expect(writeShard(datasetDir, 'reflections', [])).rejects.toThrow(/No rows/);
  });

  it('leaves no temporary file behind after writing', async () => {
    await appendRows(datasetDir, 'reflections', [sampleReflection(1)], { key });
    const names = await readdir(configDirectory(datasetDir, 'reflections'));
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^[0-9a-f]{16}\.parquet$/);
  });

  it('leaves nothing at all when the write fails', async () => {
    // A folder squatting on the target name makes the final rename fail (even for root).
    const directory = configDirectory(datasetDir, 'reflections');
    const target = join(directory, 'squatted.parquet');
    await mkdir(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, new Uint8Array([1, 2, 3]))).rejects.toThrow(AtomicWriteError);
    expect(await readdir(directory)).toEqual(['squatted.parquet']);
  });

  it('skips a stray temporary file when reading', async () => {
    await appendRows(datasetDir, 'reflections', [sampleReflection(1)], { key });
    await writeFile(join(configDirectory(datasetDir, 'reflections'), '.tmp-abc.parquet'), 'half a file');
    expect(await readConfig(datasetDir, 'reflections')).toHaveLength(1);
  });
});
