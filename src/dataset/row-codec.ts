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
  const keys = path.split('.');
  let target: Record<string, unknown> = record;
  for (const key of keys.slice(0, -1)) {
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

/** Turns a row read back from Parquet into the record shape: ISO timestamps, nulls left out. */
export function rowToRecord(config: ConfigDefinition, row: Record<string, unknown>): DatasetRecord {
  const record: DatasetRecord = {};
  for (const definition of config.columns) {
    const value = row[definition.name];
    if (value === null || value === undefined) continue;
    if (definition.type === 'timestamp') {
      writeField(record, definition.field, value instanceof Date ? value.toISOString() : new Date(Number(value)).toISOString());
    } else if (definition.type === 'int32' && typeof value === 'bigint') {
      writeField(record, definition.field, Number(value));
    } else {
      writeField(record, definition.field, value);
    }
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
