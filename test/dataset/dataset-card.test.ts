import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderDatasetCard } from '../../src/dataset/dataset-card.ts';

const input = {
  prettyName: 'Reverie: what the characters wrote',
  license: 'cc-by-4.0',
  books: [
    { title: 'Frankenstein', author: 'Mary Shelley', licence: 'Public domain in the USA (Project Gutenberg)' },
    { title: "Alice's Adventures in Wonderland", author: 'Lewis Carroll', licence: 'Public domain' },
  ],
};

function frontMatter(card: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
  if (!match) throw new Error('no front matter');
  return parse(match[1]!) as Record<string, unknown>;
}

describe('dataset card', () => {
  it('has YAML front matter listing every present config with its data files', () => {
    const card = renderDatasetCard(input, ['dreams', 'reflections', 'future_config']);
    expect(frontMatter(card)).toEqual({
      pretty_name: input.prettyName,
      license: 'cc-by-4.0',
      tags: expect.arrayContaining(['reverie', 'synthetic']),
      configs: [
        { config_name: 'reflections', data_files: [{ split: 'train', path: 'data/reflections/*.parquet' }] },
        { config_name: 'dreams', data_files: [{ split: 'train', path: 'data/dreams/*.parquet' }] },
        { config_name: 'future_config', data_files: [{ split: 'train', path: 'data/future_config/*.parquet' }] },
      ],
    });
  });

  it('documents each config schema, the source books and their licences, and the state folder', () => {
    const card = renderDatasetCard(input, ['reflections']);
    expect(card).toContain('| `evidence` | string-list |');
    expect(card).toContain('| `created_at` | timestamp |');
    expect(card).toContain('*Frankenstein* by Mary Shelley: Public domain in the USA (Project Gutenberg)');
    expect(card).toContain('`state/`');
    expect(card).not.toContain('### `dreams`');
  });

  it('keeps a title with YAML-special characters valid', () => {
    const card = renderDatasetCard({ ...input, prettyName: 'Reverie: "quotes" & # hashes' }, []);
    expect(frontMatter(card)).toMatchObject({ pretty_name: 'Reverie: "quotes" & # hashes', configs: [] });
  });
});
