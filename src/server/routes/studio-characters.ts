/**
 * The author studio's card routes (admin): read, save (validated, written atomically, then
 * loaded live through `onCharacterSaved`), export as Character Card V3 JSON or PNG, and import a
 * V2/V3 JSON or PNG card as a draft.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { CardError } from '../../characters/card-error.ts';
import { exportCardJson, exportCardPng } from '../../characters/card-export.ts';
import { importCard, MAX_CARD_BYTES } from '../../characters/card-import.ts';
import { isCharacterId, loadCharacter } from '../../characters/load-characters.ts';
import { parseCardJson, validateCard } from '../../characters/validate-card.ts';
import { requireAdmin } from '../admin-auth.ts';
import { AppError } from '../app-error.ts';
import { readUpload } from './read-upload.ts';

/** Options for `createStudioCharacterRoutes`. */
export interface StudioCharacterRoutesOptions {
  corpusDir: string;
  charactersDir: string;
  adminToken?: string;
  onCharacterSaved?: (id: string) => Promise<void>;
}

/**
 * The JSON body of a request: the one express.json already parsed, or the raw body read here up
 * to `maxBytes` (so a route can accept bodies larger than the app-wide JSON limit when mounted
 * before it). Malformed JSON is a 400.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (request.body !== undefined && !Buffer.isBuffer(request.body)) return request.body;
  const { bytes } = await readUpload(request, { maxBytes });
  if (bytes.length === 0) throw new AppError(400, 'The request has no body.');
  try {
    return parseCardJson(new TextDecoder().decode(bytes), 'request body');
  } catch (error) {
    throw new AppError(400, 'The body is not valid JSON.', { cause: error });
  }
}

function characterIdFrom(request: Request): string {
  const id = String(request.params.id ?? '');
  if (!isCharacterId(id)) throw new AppError(400, 'A character id is 1-64 lowercase letters, digits and dashes, starting with a letter or digit.');
  return id;
}

function answerCardProblems(response: Response, error: CardError): void {
  response.status(400).json({
    error: { code: 'invalid_card', message: error.message, problems: error.problems.map(({ path: field, message }) => ({ path: field, message })) },
  });
}

async function loadOr404(charactersDir: string, id: string) {
  try {
    return await loadCharacter(charactersDir, id);
  } catch (error) {
    throw new AppError(404, `No saved card for character "${id}".`, { cause: error });
  }
}

/** Builds the studio card routes. */
export function createStudioCharacterRoutes(options: StudioCharacterRoutesOptions): Router {
  const router = Router();
  const admin = requireAdmin(options.adminToken);

  router.post('/api/characters/import', admin, async (request, response) => {
    const upload = request.body !== undefined && !Buffer.isBuffer(request.body)
      ? { bytes: Buffer.from(JSON.stringify(request.body)), fields: {} as Record<string, string> }
      : await readUpload(request, { maxBytes: MAX_CARD_BYTES, fileField: 'file' });
    if (upload.bytes.length === 0) throw new AppError(400, 'The upload is empty: send a V2/V3 card as JSON or PNG.');
    const book = upload.fields.book ?? (typeof request.query.book === 'string' ? request.query.book : undefined);
    try {
      const imported = importCard(upload.bytes, { source: 'fileName' in upload && typeof upload.fileName === 'string' ? upload.fileName : 'upload', ...(book ? { book } : {}) });
      response.json(imported);
    } catch (error) {
      if (error instanceof CardError) return answerCardProblems(response, error);
      throw error;
    }
  });

  router.get('/api/characters/:id/card', admin, async (request, response) => {
    const { card } = await loadOr404(options.charactersDir, characterIdFrom(request));
    response.json(card);
  });

  router.get('/api/characters/:id/card.json', admin, async (request, response) => {
    const id = characterIdFrom(request);
    const { card } = await loadOr404(options.charactersDir, id);
    response.setHeader('content-disposition', `attachment; filename="${id}.json"`);
    response.type('application/json').send(exportCardJson(card));
  });

  router.get('/api/characters/:id/card.png', admin, async (request, response) => {
    const id = characterIdFrom(request);
    const { card } = await loadOr404(options.charactersDir, id);
    response.setHeader('content-disposition', `attachment; filename="${id}.png"`);
    response.type('image/png').send(Buffer.from(exportCardPng(card)));
  });

  router.put('/api/characters/:id/card', admin, async (request, response) => {
    const id = characterIdFrom(request);
    const json = await readJsonBody(request, MAX_CARD_BYTES);
    let card;
    try {
      card = validateCard(json, 'card');
    } catch (error) {
      if (error instanceof CardError) return answerCardProblems(response, error);
      throw error;
    }
    const book = card.data.extensions.reverie.book;
    const hasBook = /^[A-Za-z0-9_-]{1,100}$/.test(book) && (await stat(path.join(options.corpusDir, book, 'book.json')).then(() => true, () => false));
    if (!hasBook) {
      return answerCardProblems(response, CardError.of('card', 'data.extensions.reverie.book', `no book "${book.slice(0, 100)}" in the corpus`));
    }
    const folder = path.join(options.charactersDir, id);
    const temporary = path.join(folder, `.card-${randomBytes(6).toString('hex')}.json`);
    await mkdir(folder, { recursive: true });
    try {
      await writeFile(temporary, exportCardJson(card), 'utf8');
      await rename(temporary, path.join(folder, 'card.json'));
    } catch (error) {
      await rm(temporary, { force: true });
      throw new AppError(500, `Could not save the card of "${id}".`, { cause: error });
    }
    await options.onCharacterSaved?.(id);
    response.json({ id, saved: true, card });
  });

  return router;
}
