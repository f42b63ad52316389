/**
 * The author studio's book routes: upload a novel (multipart or raw body) and watch it being
 * ingested as Server-Sent Events, list the corpus, see one book's chapters and discovered
 * characters, and draft a card for one of them. Also mounts the studio's card routes.
 */
import path from 'node:path';
import { readdir, stat } from 'node:fs/promises';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { discoverCharacters, nameKey, type DiscoveredCharacter } from '../../book/discover-characters.ts';
import { loadBook, readBookMetadata } from '../../book/load-corpus.ts';
import type { Book } from '../../book/types.ts';
import { draftCard } from '../../characters/draft-card.ts';
import { isBookId } from '../../ingest/book-id.ts';
import { IngestError } from '../../ingest/ingest-error.ts';
import { ingestBook } from '../../ingest/ingest-book.ts';
import { DEFAULT_INPUT_LIMITS } from '../../ingest/input-limits.ts';
import { readBookInput } from '../../ingest/read-input.ts';
import { requireAdmin } from '../admin-auth.ts';
import { AppError } from '../app-error.ts';
import { openEventStream } from '../sse.ts';
import { readUpload } from './read-upload.ts';
import { createStudioCharacterRoutes, readJsonBody } from './studio-characters.ts';

/** Options for `createBookRoutes`. */
export interface BookRoutesOptions {
  corpusDir: string;
  charactersDir: string;
  adminToken?: string;
  /** The largest upload accepted, in bytes (default 20 MB). */
  maxUploadBytes?: number;
  /** Called after a book is in the corpus, so the server can load it live. */
  onBookIngested?: (id: string) => Promise<void>;
  /** Called after a card is saved, so the server can load the character live. */
  onCharacterSaved?: (id: string) => Promise<void>;
}

/** A loaded book and its discovered characters, cached by the text's modification time. */
interface CachedBook {
  stamp: string;
  book: Book;
  characters: DiscoveredCharacter[];
}

// Corpus folder names may be the bundled ones ("alice"), so the read side accepts the loader's rule.
const READABLE_BOOK_ID = /^[A-Za-z0-9_-]{1,100}$/;
const draftRequestSchema = z.object({ name: z.string().min(1).max(200) });

function bookIdFrom(request: Request): string {
  const id = String(request.params.id ?? '');
  if (!READABLE_BOOK_ID.test(id)) throw new AppError(400, 'A book id is letters, digits, "-" or "_" (at most 100).');
  return id;
}

/** Builds the book routes (see the module comment). */
export function createBookRoutes(options: BookRoutesOptions): Router {
  const router = Router();
  const admin = requireAdmin(options.adminToken);
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_INPUT_LIMITS.maxInputBytes;
  const cache = new Map<string, CachedBook>();

  const readBook = async (id: string): Promise<CachedBook> => {
    const folder = path.join(options.corpusDir, id);
    let stamp: string;
    try {
      const metadata = await readBookMetadata(folder);
      stamp = `${(await stat(path.join(folder, metadata.text))).mtimeMs}:${(await stat(path.join(folder, 'book.json'))).mtimeMs}`;
      const cached = cache.get(id);
      if (cached?.stamp === stamp) return cached;
      const book = await loadBook(folder);
      const entry = { stamp, book, characters: discoverCharacters(book, metadata.narrators ? { narrators: metadata.narrators } : {}) };
      cache.set(id, entry);
      return entry;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(404, `No book "${id}" in the corpus.`, { cause: error });
    }
  };

  router.post('/api/books', admin, async (request, response) => {
    const upload = await readUpload(request, { maxBytes: maxUploadBytes });
    const field = (name: string): string | undefined => upload.fields[name] ?? (typeof request.query[name] === 'string' ? request.query[name] : undefined);
    const id = field('id') || undefined;
    if (id !== undefined && !isBookId(id)) {
      throw new AppError(400, 'A book id is 1-64 lowercase letters, digits and dashes, starting with a letter or digit.');
    }
    let input;
    try {
      input = await readBookInput(upload.bytes, { ...DEFAULT_INPUT_LIMITS, maxInputBytes: maxUploadBytes }, upload.fileName);
    } catch (error) {
      if (error instanceof IngestError) throw new AppError(error.status, error.message, { cause: error });
      throw error;
    }
    const stream = openEventStream(response);
    try {
      const title = field('title') || undefined;
      const author = field('author') || undefined;
      const result = await ingestBook({
        file: upload.bytes,
        input,
        corpusDir: options.corpusDir,
        ...(upload.fileName ? { fileName: upload.fileName } : {}),
        ...(id ? { id } : {}),
        ...(title ? { title } : {}),
        ...(author ? { author } : {}),
        onProgress: (event) => void stream.send('progress', event),
      });
      cache.delete(result.id);
      await options.onBookIngested?.(result.id);
      await stream.send('done', result);
    } catch (error) {
      const message = error instanceof IngestError ? error.message : 'The book could not be ingested; see the server log.';
      await stream.send('error', { message });
    } finally {
      stream.close();
    }
  });

  router.get('/api/books', async (_request, response) => {
    const entries = await readdir(options.corpusDir, { withFileTypes: true }).catch(() => []);
    const books = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || !READABLE_BOOK_ID.test(entry.name)) continue;
      try {
        const { book } = await readBook(entry.name);
        books.push({ id: book.id, title: book.title, author: book.author, chapters: book.chapters.length });
      } catch {
        // A folder without a readable book.json is not a book; the corpus loader reports it at start-up.
      }
    }
    response.json({ books: books.sort((a, b) => a.id.localeCompare(b.id)) });
  });

  router.get('/api/books/:id', async (request, response) => {
    const { book, characters } = await readBook(bookIdFrom(request));
    response.json({
      id: book.id,
      title: book.title,
      author: book.author,
      warnings: book.warnings,
      chapters: book.chapters.map((chapter) => ({ number: chapter.number, title: chapter.title, words: chapter.words })),
      characters,
    });
  });

  router.post('/api/books/:id/characters', admin, async (request, response) => {
    const id = bookIdFrom(request);
    const parsed = draftRequestSchema.safeParse(await readJsonBody(request, 64 * 1024));
    if (!parsed.success) throw new AppError(400, 'Send { "name": "<a character discovered in the book>" }.');
    const { book, characters } = await readBook(id);
    const key = nameKey(parsed.data.name);
    const found = characters.find((character) => [character.name, ...character.aliases].some((name) => nameKey(name) === key));
    if (!found) {
      const known = characters.slice(0, 20).map((character) => character.name).join(', ');
      throw new AppError(404, `No character "${parsed.data.name.slice(0, 100)}" was found in "${book.title}". Found: ${known}.`);
    }
    response.json({ card: draftCard(book, found), discovered: found });
  });

  router.use(createStudioCharacterRoutes(options));
  return router;
}
