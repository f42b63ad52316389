/**
 * Naming an ingested book: its id (a slug of the title unless given), and its title and author
 * read from a Project Gutenberg header ("Title: ...", "Author: ...") when the author gave none.
 */
import { IngestError } from './ingest-error.ts';

/** What a corpus id made by ingestion must look like (the same rule as character ids). */
export const BOOK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whether a string can name a book folder under corpus/. */
export function isBookId(value: string): boolean {
  return BOOK_ID_PATTERN.test(value);
}

/** Throws IngestError('bad-id') unless the id is usable as a folder name. */
export function assertBookId(value: string): string {
  if (!isBookId(value)) {
    const shown = JSON.stringify(value.slice(0, 80));
    throw new IngestError(
      'bad-id',
      `Book id ${shown} is not valid: use 1-64 lowercase letters, digits and dashes, starting with a letter or digit.`,
    );
  }
  return value;
}

/** Turns a title into an id: "Alice's Adventures in Wonderland" -> "alices-adventures-in-wonderland". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'book';
}

/** The value of a "Field: value" header line in the first 20,000 characters, if present. */
export function readHeaderField(text: string, field: 'Title' | 'Author'): string | undefined {
  const match = new RegExp(`^${field}:[ \\t]*(.+)$`, 'mi').exec(text.slice(0, 20_000));
  const value = match?.[1]?.trim();
  return value ? value.slice(0, 500) : undefined;
}

/** A title when neither the author nor the header gave one: the file name without extension. */
export function titleFromFileName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.(txt|md|markdown|epub|text)$/i, '').replace(/[_-]+/g, ' ').trim();
  return stem.length > 0 ? stem.slice(0, 500) : undefined;
}
