import type { MemoryItem, ReflectionRecord, TurnRecord } from '../memory/types.ts';
import { DatasetSchemaError, type ColumnDefinition, type ConfigDefinition } from './schema.ts';

/** A record as the rest of Reverie holds it (ReflectionRecord, TurnRecord, MemoryItem...). */
export type DatasetRecord = Record<string, unknown>;

/** The record type of each known config. */
export interface ConfigRecordMap {
  reflections: ReflectionRecord;
  dreams: MemoryItem;
  visitor_facts: MemoryItem;
  conversations: TurnRecord;
}

/** The record type of a config name (a plain object for configs added later). */
export type RecordOf<C extends string> = C extends keyof ConfigRecordMap ? ConfigRecordMap[C] : DatasetRecord;

function readField(record: DatasetRecord, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function writeField(record: DatasetRecord, path: string, value: unknown): void {
  writeKeys(record, path.split('.'), value);
}

function writeKeys(record: DatasetRecord, keys: readonly string[], value: unknown): void {
  let target: Record<string, unknown> = record;
  for (let index = 0; index < keys.length - 1; index += 1) {
    const key = keys[index]!;
    const next = target[key];
    if (next === null || typeof next !== 'object') target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]!] = value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : `${typeof value} ${String(value).slice(0, 40)}`;
}

/** Checks one value against its column and returns what the Parquet writer takes. */
function encodeValue(definition: ColumnDefinition, value: unknown, rowIndex: number): unknown {
  const fail = (expected: string): never => {
    throw new DatasetSchemaError(
      `Row ${rowIndex}: field "${definition.field}" must be ${expected}, got ${describe(value)}`,
    );
  };
  if (value === undefined || value === null) {
    if (definition.isNullable) return null;
    return fail(`present (${definition.type})`);
  }
  switch (definition.type) {
    case 'string':
      return typeof value === 'string' ? value : fail('a string');
    case 'int32':
      return Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31 - 1 ? value : fail('a 32-bit integer');
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail('a finite number');
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('a boolean');
    case 'timestamp': {
      const time = typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : Number.NaN;
      return Number.isNaN(time) ? fail('an ISO 8601 timestamp') : new Date(time);
    }
    case 'string-list':
      return Array.isArray(value) && value.every((entry) => typeof entry === 'string')
        ? value
        : fail('an array of strings');
  }
}

/** Validates records and transposes them into hyparquet-writer column data, in schema order. */
export function recordsToColumns(config: ConfigDefinition, records: readonly object[]): { name: string; data: unknown[] }[] {
  const columns = config.columns.map((definition) => ({ name: definition.name, data: new Array<unknown>(records.length) }));
  records.forEach((record, rowIndex) => {
    if (record === null || typeof record !== 'object') {
      throw new DatasetSchemaError(`Row ${rowIndex} of ${config.name} is not an object`);
    }
    config.columns.forEach((definition, columnIndex) => {
      columns[columnIndex]!.data[rowIndex] = encodeValue(definition, readField(record as DatasetRecord, definition.field), rowIndex);
    });
  });
  return columns;
}

/** A column as read back: its Parquet name, how its value is decoded, and where it goes in the record. */
interface ColumnReader {
  name: string;
  type: ColumnDefinition['type'];
  /** The field's path, split once: a start-up reads 100,000 rows of 16 columns. */
  keys: string[];
}

const readers = new WeakMap<ConfigDefinition, ColumnReader[]>();

function readersOf(config: ConfigDefinition): ColumnReader[] {
  let found = readers.get(config);
  if (!found) {
    found = config.columns.map((definition) => ({ name: definition.name, type: definition.type, keys: definition.field.split('.') }));
    readers.set(config, found);
  }
  return found;
}

/** Turns a row read back from Parquet into the record shape: ISO timestamps, nulls left out. */
export function rowToRecord(config: ConfigDefinition, row: Record<string, unknown>): DatasetRecord {
  const record: DatasetRecord = {};
  for (const reader of readersOf(config)) {
    let value = row[reader.name];
    if (value === null || value === undefined) continue;
    if (reader.type === 'timestamp') value = value instanceof Date ? value.toISOString() : new Date(Number(value)).toISOString();
    else if (reader.type === 'int32' && typeof value === 'bigint') value = Number(value);
    if (reader.keys.length === 1) record[reader.keys[0]!] = value;
    else writeKeys(record, reader.keys, value);
  }
  return record;
}

/** Reads a field by dotted path (exported for scrubbing). */
export function getField(record: DatasetRecord, path: string): unknown {
  return readField(record, path);
}

/** Writes a field by dotted path (exported for scrubbing). */
export function setField(record: DatasetRecord, path: string, value: unknown): void {
  writeField(record, path, value);
}
