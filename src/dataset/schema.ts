import type { SchemaElement } from 'hyparquet';

/**
 * The column schema of every dataset config, in one place.
 *
 * Storage choices, checked by test/dataset/shard.test.ts against hyparquet and DuckDB:
 * - timestamps are INT64 with the logical type TIMESTAMP(MILLIS, UTC) (plus the legacy
 *   converted type TIMESTAMP_MILLIS); hyparquet reads them as `Date`, DuckDB as
 *   `TIMESTAMP WITH TIME ZONE`;
 * - lists of ids (evidence, source) are a standard three-level Parquet LIST of UTF8 strings,
 *   which DuckDB reads as `VARCHAR[]` and hyparquet as `string[]`;
 * - optional fields are OPTIONAL columns holding null.
 */

/** The kind of value a column holds. */
export type ColumnType = 'string' | 'int32' | 'double' | 'boolean' | 'timestamp' | 'string-list';

/** What publication hygiene does to a column before it is written. */
export type ScrubRule = 'text' | 'visitor' | 'none';

/** One column: its Parquet name, the record field it comes from (dotted for nested), its type. */
export interface ColumnDefinition {
  name: string;
  field: string;
  type: ColumnType;
  isNullable: boolean;
  scrub: ScrubRule;
  description: string;
}

/** One config of the dataset: a folder `data/<name>/` of shards sharing one schema. */
export interface ConfigDefinition {
  name: string;
  description: string;
  /** Private configs are written only when the operator opts in (HF_PUBLISH_CONVERSATIONS). */
  isOptIn: boolean;
  columns: ColumnDefinition[];
}

function column(
  name: string,
  field: string,
  type: ColumnType,
  description: string,
  extra: { isNullable?: boolean; scrub?: ScrubRule } = {},
): ColumnDefinition {
  return { name, field, type, description, isNullable: extra.isNullable ?? false, scrub: extra.scrub ?? 'none' };
}

const memoryItemColumns: ColumnDefinition[] = [
  column('id', 'id', 'string', 'Unique id of the memory item.'),
  column('character', 'character', 'string', 'The character it belongs to.'),
  column('kind', 'kind', 'string', 'passage, turn, reflection, insight, visitor_fact or strategy (a rule dreamt from rated replies; attribute and value hold its rule).'),
  column('text', 'text', 'string', 'The item itself, in the character\'s words.', { scrub: 'text' }),
  column('created_at', 'createdAt', 'timestamp', 'When it was written (UTC).'),
  column('source', 'source', 'string-list', 'Ids of what it rests on.'),
  column('visitor', 'visitor', 'string', 'Pseudonymous visitor id (HMAC-SHA256), for private items.', {
    isNullable: true,
    scrub: 'visitor',
  }),
  column('importance', 'importance', 'int32', '1 (trivial) to 10 (defining).'),
  column('version', 'version', 'int32', 'The memory version that introduced it.', { isNullable: true }),
  column('superseded_by', 'supersededBy', 'string', 'The item that replaced it, if any.', { isNullable: true }),
  column('book_id', 'bookId', 'string', 'The book it is about, if any.', { isNullable: true }),
  column('chapter', 'chapter', 'int32', 'The chapter it is about (1-based), if any.', { isNullable: true }),
];

// A visitor fact's own fields, so a restore gets its history (what replaced what, and when) back.
const visitorFactColumns: ColumnDefinition[] = [
  ...memoryItemColumns,
  column('conversation_id', 'conversationId', 'string', 'The conversation it was said in.', { isNullable: true }),
  column('subject', 'subject', 'string', 'Whom it is about: visitor, or a relation of theirs (dog, sister).', { isNullable: true }),
  column('attribute', 'attribute', 'string', 'What about them: name, lives_in, likes, event...', { isNullable: true }),
  column('value', 'value', 'string', 'The value as the visitor said it.', { isNullable: true, scrub: 'text' }),
  column('valid_from', 'validFrom', 'timestamp', 'When the visitor said it (UTC).', { isNullable: true }),
  column('valid_to', 'validTo', 'timestamp', 'When the visitor\'s own words retired it (UTC), if they did.', { isNullable: true }),
];

/** Every config Reverie knows, in the order the card lists them. Add a config here and nowhere else. */
export const DATASET_CONFIGS: readonly ConfigDefinition[] = [
  {
    name: 'reflections',
    description: 'What a character made of a chapter it re-read or of a conversation it had, in its own voice.',
    isOptIn: false,
    columns: [
      column('id', 'id', 'string', 'Unique id of the reflection.'),
      column('character', 'character', 'string', 'The character who reflected.'),
      column('kind', 'kind', 'string', 'chapter (re-reading) or chat (a past conversation).'),
      column('text', 'text', 'string', 'The reflection.', { scrub: 'text' }),
      column('created_at', 'createdAt', 'timestamp', 'When it was written (UTC).'),
      column('chapter', 'chapter', 'int32', 'The chapter re-read (1-based), for chapter reflections.', {
        isNullable: true,
      }),
      column('conversation_id', 'conversationId', 'string', 'The conversation reflected on, for chat reflections.', {
        isNullable: true,
      }),
      column('evidence', 'evidence', 'string-list', 'Passage or turn ids it drew on.'),
      column('mood', 'mood', 'double', 'AFINN sentiment score, normalised per word.'),
      column('importance', 'importance', 'int32', '1 (trivial) to 10 (defining).'),
      column('provider', 'provider', 'string', 'The language model provider that drafted it.'),
      column('model', 'model', 'string', 'The model that drafted it.'),
      column('input_tokens', 'inputTokens', 'int32', 'Prompt tokens spent.'),
      column('output_tokens', 'outputTokens', 'int32', 'Completion tokens spent.'),
      column('verdict', 'verdict', 'string', 'The guard\'s decision: accepted or quarantined.'),
      column('reason', 'reason', 'string', 'Why a quarantined draft was refused.', { isNullable: true, scrub: 'text' }),
    ],
  },
  {
    name: 'dreams',
    description: 'Insights a character drew while dreaming: its memory consolidated into a new version.',
    isOptIn: false,
    columns: memoryItemColumns,
  },
  {
    name: 'dream_audit',
    description: 'Every dream, its gate figures, who approved or rejected it and when, and every rollback.',
    isOptIn: false,
    columns: [
      column('id', 'id', 'string', 'Unique id of the audit entry.'),
      column('character', 'character', 'string', 'The character whose memory it concerns.'),
      column('event', 'event', 'string', 'dream, approved, rejected or rollback.'),
      column('dream_id', 'dreamId', 'string', 'The dream concerned, if any.', { isNullable: true }),
      column('status', 'status', 'string', 'The dream status after the event.', { isNullable: true }),
      column('created_at', 'createdAt', 'timestamp', 'When it happened (UTC).'),
      column('by', 'by', 'string', 'Who approved, rejected or rolled back (admin, auto, cli).', { isNullable: true }),
      column('from_version', 'fromVersion', 'int32', 'Memory version before.', { isNullable: true }),
      column('to_version', 'toVersion', 'int32', 'Memory version after.', { isNullable: true }),
      column('operations', 'operations', 'int32', 'Operations proposed.'),
      column('items_before', 'itemsBefore', 'int32', 'Items in memory before.', { isNullable: true }),
      column('items_after', 'itemsAfter', 'int32', 'Items in memory after.', { isNullable: true }),
      column('gate_before', 'gateBefore', 'int32', 'Probes answered before.', { isNullable: true }),
      column('gate_after', 'gateAfter', 'int32', 'Probes answered after.', { isNullable: true }),
      column('details', 'details', 'string', 'The whole entry as JSON (no private texts).', { scrub: 'text' }),
    ],
  },
  {
    name: 'visitor_facts',
    description: 'Facts a character learnt about a visitor (pseudonymous ids only), with their history. Published only on opt-in.',
    isOptIn: true,
    columns: visitorFactColumns,
  },
  {
    name: 'conversations',
    description: 'Conversation turns between visitors (pseudonymous ids only) and characters. Published only on opt-in.',
    isOptIn: true,
    columns: [
      column('id', 'id', 'string', 'Unique id of the turn.'),
      column('character', 'character', 'string', 'The character spoken to.'),
      column('visitor', 'visitor', 'string', 'Pseudonymous visitor id (HMAC-SHA256).', { scrub: 'visitor' }),
      column('conversation_id', 'conversationId', 'string', 'The conversation it belongs to.'),
      column('role', 'role', 'string', 'visitor or character.'),
      column('text', 'text', 'string', 'What was said.', { scrub: 'text' }),
      column('created_at', 'createdAt', 'timestamp', 'When it was said (UTC).'),
      column('provider', 'provider', 'string', 'The voice that answered, for character turns.', { isNullable: true }),
      column('model', 'model', 'string', 'The model that answered, for character turns.', { isNullable: true }),
      column('input_tokens', 'usage.inputTokens', 'int32', 'Prompt tokens.', { isNullable: true }),
      column('output_tokens', 'usage.outputTokens', 'int32', 'Completion tokens.', { isNullable: true }),
      column('cache_read_tokens', 'usage.cacheReadTokens', 'int32', 'Prompt tokens read from cache.', {
        isNullable: true,
      }),
      column('cache_write_tokens', 'usage.cacheWriteTokens', 'int32', 'Prompt tokens written to cache.', {
        isNullable: true,
      }),
      column('is_partial', 'isPartial', 'boolean', 'True when the voice faltered mid-reply.', { isNullable: true }),
    ],
  },
];

/** The name of a known config. */
export type ConfigName = string;

/** Raised for an unknown config or a row that does not fit its schema. */
export class DatasetSchemaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatasetSchemaError';
  }
}

/** The definition of a config; throws DatasetSchemaError for an unknown name. */
export function getConfig(name: ConfigName): ConfigDefinition {
  const definition = DATASET_CONFIGS.find((config) => config.name === name);
  if (!definition) {
    const known = DATASET_CONFIGS.map((config) => config.name).join(', ');
    throw new DatasetSchemaError(`Unknown dataset config "${name}" (known: ${known})`);
  }
  return definition;
}

function leafElement(definition: ColumnDefinition, repetition: 'REQUIRED' | 'OPTIONAL'): SchemaElement {
  const base = { name: definition.name, repetition_type: repetition } as const;
  switch (definition.type) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'int32':
      return { ...base, type: 'INT32' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'timestamp':
      return {
        ...base,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    case 'string-list':
      throw new DatasetSchemaError(`Column ${definition.name} is a list, not a leaf`);
  }
}

/** The Parquet schema (flattened, root first) for a config, as hyparquet-writer takes it. */
export function parquetSchema(config: ConfigDefinition): SchemaElement[] {
  const elements: SchemaElement[] = [{ name: 'root', num_children: config.columns.length }];
  for (const definition of config.columns) {
    const repetition = definition.isNullable ? 'OPTIONAL' : 'REQUIRED';
    if (definition.type === 'string-list') {
      elements.push(
        {
          name: definition.name,
          repetition_type: repetition,
          converted_type: 'LIST',
          logical_type: { type: 'LIST' },
          num_children: 1,
        },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        {
          name: 'element',
          repetition_type: 'REQUIRED',
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
        },
      );
    } else {
      elements.push(leafElement(definition, repetition));
    }
  }
  return elements;
}
