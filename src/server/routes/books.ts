/**
 * The author studio's book routes: upload a novel (multipart or raw body) and watch it being
 * ingested as Server-Sent Events, list the corpus, see one book's chapters, narrators and
 * discovered characters, correct the characters (merge, split an alias off, rename, not a
 * character; saved with the book in `character-edits.json`), and draft a card for one of them
 * from its own lines. Also mounts the studio's card routes.
 */
import path from 'node:path';
import { readdir, stat } from 'node:fs/promises';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { discoverWithEdits, nameKey, type DiscoveredCharacter } from '../../book/discover-characters.ts';
import { assignLines } from '../../book/character-lines.ts';
import { applyCharacterEdits, characterEditSchema, type CharacterEdit } from '../../book/character-edits.ts';
import { CHARACTER_EDITS_FILE, MAX_CHARACTER_EDITS, readCharacterEdits, writeCharacterEdits } from '../../ingest/character-edits-file.ts';
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

/** A loaded book and its discovered characters, cached by the files' modification times. */
interface CachedBook {
  stamp: string;
  book: Book;
  characters: DiscoveredCharacter[];
  edits: CharacterEdit[];
  /** Per edit, whether it still found the entries it names. */
  applied: boolean[];
}

// Corpus folder names may be the bundled ones ("alice"), so the read side accepts the loader's rule.
const READABLE_BOOK_ID = /^[A-Za-z0-9_-]{1,100}$/;
const draftRequestSchema = z.object({ name: z.string().min(1).max(200) });

function describeNames(edit: CharacterEdit): string {
  const names = edit.op === 'merge' ? [edit.into, edit.from] : edit.op === 'split' ? [edit.from, edit.alias] : edit.op === 'rename' ? [edit.from] : [edit.name];
  return names.map((name) => name.slice(0, 100)).join('" or "');
}

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

  const saveEdits = async (id: string, edits: CharacterEdit[]): Promise<void> => {
    try {
      await writeCharacterEdits(path.join(options.corpusDir, id), edits);
    } catch (error) {
      throw new AppError(500, 'The edit could not be saved; see the server log.', { cause: error });
    }
    cache.delete(id);
  };

  const readBook = async (id: string): Promise<CachedBook> => {
    const folder = path.join(options.corpusDir, id);
    let stamp: string;
    try {
      const metadata = await readBookMetadata(folder);
      const editsStamp = await stat(path.join(folder, CHARACTER_EDITS_FILE)).then((info) => info.mtimeMs, () => 0);
      stamp = `${(await stat(path.join(folder, metadata.text))).mtimeMs}:${(await stat(path.join(folder, 'book.json'))).mtimeMs}:${editsStamp}`;
      const cached = cache.get(id);
      if (cached?.stamp === stamp) return cached;
      const book = await loadBook(folder);
      const edits = await readCharacterEdits(folder);
      const { characters, applied } = discoverWithEdits(book, { edits });
      const entry = { stamp, book, characters, edits, applied };
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

  const describeBook = ({ book, characters, edits, applied }: CachedBook) => ({
    id: book.id,
    title: book.title,
    author: book.author,
    warnings: book.warnings,
    chapters: book.chapters.map((chapter) => ({ number: chapter.number, title: chapter.title, kind: chapter.kind, words: chapter.words })),
    narrators: book.narrators ?? [],
    narratorSource: book.narratorSource ?? 'discovered',
    characters,
    edits: edits.map((edit, index) => ({ ...edit, applied: applied[index] ?? false })),
  });

  router.get('/api/books/:id', async (request, response) => {
    response.json(describeBook(await readBook(bookIdFrom(request))));
  });

  router.post('/api/books/:id/character-edits', admin, async (request, response) => {
    const id = bookIdFrom(request);
    const parsed = characterEditSchema.safeParse(await readJsonBody(request, 16 * 1024));
    if (!parsed.success) {
      throw new AppError(400, 'Send one edit: { "op": "merge", "into", "from" }, { "op": "split", "from", "alias", "name"? }, { "op": "rename", "from", "to" } or { "op": "not-character", "name" }.');
    }
    const current = await readBook(id);
    if (current.edits.length >= MAX_CHARACTER_EDITS) throw new AppError(400, `A book keeps at most ${MAX_CHARACTER_EDITS} edits; undo some first.`);
    // Refuse an edit that names no current entry, so the author hears of a typo at once.
    if (!applyCharacterEdits(current.book, current.characters, [parsed.data]).applied[0]) {
      throw new AppError(409, `That edit does not fit the current list: no entry or alias "${describeNames(parsed.data)}", or it would join an entry with itself.`);
    }
    await saveEdits(id, [...current.edits, parsed.data]);
    response.status(201).json(describeBook(await readBook(id)));
  });

  router.delete('/api/books/:id/character-edits/:index', admin, async (request, response) => {
    const id = bookIdFrom(request);
    const index = Number(request.params.index);
    const current = await readBook(id);
    if (!Number.isInteger(index) || index < 0 || index >= current.edits.length) throw new AppError(404, `No edit number ${String(request.params.index).slice(0, 20)} for "${id}".`);
    await saveEdits(id, current.edits.filter((_edit, position) => position !== index));
    response.json(describeBook(await readBook(id)));
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
    const lines = assignLines(book, characters).get(found.name) ?? [];
    response.json({ card: draftCard(book, found, { lines }), discovered: found });
  });

  router.use(createStudioCharacterRoutes(options));
  return router;
}
