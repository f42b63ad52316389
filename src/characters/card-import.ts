import { z } from 'zod';
import type { Card, ReverieExtension } from './card.ts';
import { CardError } from './card-error.ts';
import { refusedLorebookEntries } from './lorebook.ts';
import { isPng, readPngText, PngError } from './png-chunks.ts';
import { parseCardJson, validateCard } from './validate-card.ts';

/** The largest card file (JSON or PNG) accepted: 5 MB. */
export const MAX_CARD_BYTES = 5 * 1024 * 1024;

/** Which ecosystem formats are recognised, by their `spec` field. */
export type CardSpec = 'chara_card_v2' | 'chara_card_v3';

/** How to complete a card that lacks our extension. */
export interface ImportCardOptions {
  /** The corpus id of the character's book; wins over the card's own and over `defaults.book`. */
  book?: string;
  /** Values for any of our fields the card does not carry. */
  defaults?: Partial<ReverieExtension>;
  /** A name for the upload in error messages, e.g. the file name; `imported card` when absent. */
  source?: string;
}

/** An imported card, what the author should look at, and whether it still needs their hand. */
export interface ImportedCard {
  card: Card;
  /** One line per thing filled in or converted, e.g. that the constitution is only the baseline. */
  warnings: string[];
  /** True when our extension was missing or incomplete and was completed from options or defaults. */
  isDraft: boolean;
  /** The format the card arrived in. */
  spec: CardSpec;
}

/** The rules every character keeps, used when a card arrives with no constitution of its own. */
export function baselineConstitution(name: string): string[] {
  return [
    `Stay ${name}, in character and in your own world.`,
    'Never claim to be an AI, an assistant or a program.',
    "Never repeat one visitor's private words to another visitor.",
  ];
}

const envelopeSchema = z.object({ spec: z.unknown(), data: z.unknown() }).loose();

/**
 * Imports a Character Card V2 or V3, as JSON or as a PNG carrying it in a `tEXt` chunk
 * (`ccv3` preferred over `chara`). The result is always a valid V3 card with our extension:
 * a card without it becomes a draft completed from `options` (a baseline constitution when none is given).
 * Unknown `extensions` are kept as they are. Throws CardError for files over 5 MB, PNGs without a
 * card chunk, text that is not JSON, a wrong `spec`, a missing name, or no book to attach it to.
 */
export function importCard(bytes: Uint8Array, options: ImportCardOptions = {}): ImportedCard {
  const source = options.source ?? 'imported card';
  if (bytes.length > MAX_CARD_BYTES) {
    throw CardError.of(source, '', `file is ${bytes.length} bytes, over the ${MAX_CARD_BYTES}-byte (5 MB) limit`);
  }
  const json = parseCardJson(isPng(bytes) ? cardTextFromPng(bytes, source) : new TextDecoder().decode(bytes), source);
  return convertCard(json, options, source);
}

/** Imports a card already parsed from JSON (see importCard). */
export function convertCard(json: unknown, options: ImportCardOptions = {}, source = 'imported card'): ImportedCard {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw CardError.of(source, '', 'a card must be a JSON object with "spec" and "data"');
  const { spec, data } = envelope.data;
  if (spec !== 'chara_card_v2' && spec !== 'chara_card_v3') {
    const got = spec === undefined ? 'nothing' : JSON.stringify(spec);
    throw CardError.of(source, 'spec', `wrong spec: expected "chara_card_v2" or "chara_card_v3", got ${got}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw CardError.of(source, 'data', 'missing: the card has no data object');
  }
  const rawData = data as Record<string, unknown>;
  if (typeof rawData.name !== 'string' || rawData.name.trim() === '') {
    throw CardError.of(source, 'data.name', 'missing name: the card must name its character');
  }
  const name = rawData.name.trim();
  const warnings: string[] = [];
  if (spec === 'chara_card_v2') warnings.push('converted from Character Card V2 to V3');

  const rawExtensions = rawData.extensions;
  const extensions: Record<string, unknown> =
    typeof rawExtensions === 'object' && rawExtensions !== null && !Array.isArray(rawExtensions)
      ? { ...(rawExtensions as Record<string, unknown>) }
      : {};
  const own = extensions.reverie;
  const ownReverie: Record<string, unknown> =
    typeof own === 'object' && own !== null && !Array.isArray(own) ? (own as Record<string, unknown>) : {};
  const defaults = options.defaults ?? {};
  let isDraft = own === undefined;
  if (isDraft) warnings.push('the card has no Reverie extension: completed as a draft from the import options');

  const reverie: Record<string, unknown> = { ...defaults, ...ownReverie };
  if (options.book !== undefined) reverie.book = options.book;
  if (typeof reverie.book !== 'string' || reverie.book === '') {
    throw CardError.of(source, 'data.extensions.reverie.book', 'missing: choose the book this character comes from');
  }
  if (reverie.constitution === undefined) {
    reverie.constitution = baselineConstitution(name);
    isDraft = true;
    warnings.push('data.extensions.reverie.constitution: only the baseline rules; add what this character values and will not do');
  }
  if (reverie.knowledge === undefined) {
    reverie.knowledge = { doesNotKnow: [] };
    warnings.push('data.extensions.reverie.knowledge: no boundary set, so the character knows the whole book');
  }
  extensions.reverie = reverie;

  const firstMessage = typeof rawData.first_mes === 'string' && rawData.first_mes !== '' ? rawData.first_mes : undefined;
  const alternates = Array.isArray(rawData.alternate_greetings) ? rawData.alternate_greetings : [];
  const greeting = firstMessage ?? alternates.find((item): item is string => typeof item === 'string' && item !== '');
  if (firstMessage === undefined && greeting !== undefined) {
    warnings.push('data.first_mes: empty, so the first alternate greeting is used');
  }

  const card = validateCard(
    {
      spec: 'chara_card_v3',
      spec_version: '3.0',
      data: { ...rawData, name, description: rawData.description ?? '', first_mes: greeting ?? rawData.first_mes, extensions },
    },
    source,
  );
  for (const refused of refusedLorebookEntries(card)) {
    warnings.push(`data.character_book.entries.${refused.index}: reads as an instruction to the model (${refused.reasons.join('; ')}), so it will not become memory`);
  }
  return { card, warnings, isDraft, spec };
}

function cardTextFromPng(bytes: Uint8Array, source: string): string {
  let texts: Map<string, string>;
  try {
    texts = readPngText(bytes);
  } catch (error) {
    if (error instanceof PngError) throw CardError.of(source, '', `unreadable PNG: ${error.message}`, error);
    throw error;
  }
  const keyword = texts.has('ccv3') ? 'ccv3' : texts.has('chara') ? 'chara' : undefined;
  if (keyword === undefined) {
    throw CardError.of(source, '', 'PNG has no character card in it (no "ccv3" or "chara" tEXt chunk)');
  }
  const text = (texts.get(keyword) ?? '').trim();
  // some tools write the JSON itself rather than base64
  if (text.startsWith('{')) return text;
  if (!/^[A-Za-z0-9+/=\s_-]*$/.test(text)) {
    throw CardError.of(source, `png:${keyword}`, 'the card chunk is neither base64 nor JSON');
  }
  return Buffer.from(text, 'base64').toString('utf8');
}
