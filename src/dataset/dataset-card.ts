import { stringify } from 'yaml';
import { DATASET_CONFIGS, type ConfigDefinition, type ConfigName } from './schema.ts';

/** A book a character comes from, and the licence of its text. */
export interface SourceBook {
  title: string;
  author: string;
  licence: string;
}

/** What the card says beyond the schema. */
export interface DatasetCardInput {
  prettyName: string;
  /** SPDX-like id of the dataset's own licence, e.g. `cc-by-4.0`. */
  license: string;
  books: SourceBook[];
  tags?: string[];
}

const DEFAULT_TAGS = ['reverie', 'synthetic', 'fiction', 'characters', 'reflections'];

function schemaTable(config: ConfigDefinition): string[] {
  return [
    '| column | type | description |',
    '|---|---|---|',
    ...config.columns.map(
      (column) => `| \`${column.name}\` | ${column.type}${column.isNullable ? ' (nullable)' : ''} | ${column.description} |`,
    ),
  ];
}

/** The front matter the Hub reads: one entry per present config, pointing at its shards. */
export function cardFrontMatter(input: DatasetCardInput, configs: readonly ConfigName[]): Record<string, unknown> {
  return {
    pretty_name: input.prettyName,
    license: input.license,
    tags: [...new Set([...DEFAULT_TAGS, ...(input.tags ?? [])])],
    configs: configs.map((name) => ({
      config_name: name,
      data_files: [{ split: 'train', path: `data/${name}/*.parquet` }],
    })),
  };
}

/**
 * Renders README.md for the dataset: YAML front matter (configs, licence, tags, name), then the
 * schema of each present config, the source books and their licences, and how the data is made.
 * `configs` lists the configs that have shards; unknown names are kept in the front matter.
 */
export function renderDatasetCard(input: DatasetCardInput, configs: readonly ConfigName[]): string {
  const ordered = [
    ...DATASET_CONFIGS.map((config) => config.name).filter((name) => configs.includes(name)),
    ...[...configs].filter((name) => !DATASET_CONFIGS.some((config) => config.name === name)).sort(),
  ];
  const lines = [
    '---',
    stringify(cardFrontMatter(input, ordered)).trimEnd(),
    '---',
    '',
    `# ${input.prettyName}`,
    '',
    'Characters from novels hosted by Reverie live, talk with visitors, re-read',
    'their book chapter by chapter, and write down in their own voice what they made of it. This',
    'dataset is what they wrote. It grows while the server runs and is synced here in Parquet shards.',
    '',
    '## Configs',
    '',
  ];
  for (const name of ordered) {
    const config = DATASET_CONFIGS.find((definition) => definition.name === name);
    lines.push(`### \`${name}\``, '');
    if (!config) {
      lines.push('A config written by a newer version of Reverie.', '');
      continue;
    }
    lines.push(config.description, '', ...schemaTable(config), '');
  }
  lines.push(
    'Timestamps are UTC, millisecond precision (Parquet TIMESTAMP with UTC adjustment). Id lists are',
    'Parquet LIST columns of strings. Shards are immutable and named by the SHA-256 of their content;',
    'small shards are from time to time merged into larger ones in a single commit.',
    '',
    '## Source books',
    '',
  );
  if (input.books.length === 0) lines.push('No books are configured.');
  for (const book of input.books) lines.push(`- *${book.title}* by ${book.author}: ${book.licence}`);
  lines.push(
    '',
    '## How the data was made',
    '',
    '- Reflections are drafted by a language model (the `provider` and `model` columns say which; the',
    '  offline voice writes from the book itself) while the server is idle, then checked by a guard',
    '  for staying in character, prompt injection and privacy. Refused drafts are kept with',
    '  `verdict = quarantined` and the reason.',
    '- Dreams are the consolidated insights of a character\'s nightly memory pass.',
    '- Before anything is written for publication, emails, phone numbers and card-like numbers in text',
    '  are masked, and visitors appear only as pseudonymous ids (HMAC-SHA256 with a key that never',
    '  leaves the server). Conversations and visitor facts are published only if the operator opts in.',
    '',
    '## State',
    '',
    'The `state/` folder holds small JSON files (chapter cursors, memory versions) so that a server',
    'restarted on an empty disk resumes where it stopped. It is not part of any config.',
    '',
  );
  return lines.join('\n');
}
