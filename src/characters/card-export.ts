import { crc32 } from 'node:zlib';
import type { Card } from './card.ts';
import { CardError } from './card-error.ts';
import { createSolidPng, isPng, PngError, replacePngText } from './png-chunks.ts';

/** The fields a Character Card V2 carries in `data`, in the order the V2 specification lists them. */
const V2_FIELDS = [
  'name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example', 'creator_notes', 'system_prompt',
  'post_history_instructions', 'alternate_greetings', 'character_book', 'tags', 'creator', 'character_version',
  'extensions',
] as const;

/** Serialises a card as Character Card V3 JSON, two-space indented. */
export function exportCardJson(card: Card): string {
  return `${JSON.stringify(card, null, 2)}\n`;
}

/**
 * Downgrades a card to Character Card V2: V2 fields only (V3-only fields such as `assets` are left
 * out), every required V2 field present, `extensions` (ours included) carried as they are.
 */
export function toCardV2(card: Card): { spec: 'chara_card_v2'; spec_version: '2.0'; data: Record<string, unknown> } {
  const source = card.data as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const field of V2_FIELDS) {
    if (source[field] !== undefined) data[field] = source[field];
  }
  for (const field of ['personality', 'scenario', 'mes_example', 'creator_notes', 'system_prompt', 'post_history_instructions', 'creator', 'character_version'] as const) {
    data[field] ??= '';
  }
  data.alternate_greetings ??= [];
  data.tags ??= [];
  return { spec: 'chara_card_v2', spec_version: '2.0', data };
}

/**
 * Writes the card into a PNG with a `chara` chunk (V2, for older tools) and a `ccv3` chunk (V3), both
 * base64 JSON. Uses the portrait when given (its other chunks kept as they are), else a 64x64 image
 * in a colour derived from the character's name.
 */
export function exportCardPng(card: Card, portraitPng?: Uint8Array): Uint8Array {
  const image = portraitPng ?? createSolidPng(64, 64, colourForName(card.data.name));
  if (!isPng(image)) throw CardError.of('portrait', '', 'the portrait is not a PNG image');
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
  try {
    return replacePngText(image, new Map([
      ['chara', encode(toCardV2(card))],
      ['ccv3', encode(card)],
    ]));
  } catch (error) {
    if (error instanceof PngError) throw CardError.of('portrait', '', `unreadable PNG: ${error.message}`, error);
    throw error;
  }
}

/** A soft colour picked from the name, so each character's default portrait differs and stays the same. */
export function colourForName(name: string): [number, number, number] {
  const hue = crc32(name) % 360;
  return hslToRgb(hue, 0.45, 0.55);
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const sector = hue / 60;
  const second = chroma * (1 - Math.abs((sector % 2) - 1));
  const [red, green, blue] =
    sector < 1 ? [chroma, second, 0] : sector < 2 ? [second, chroma, 0] : sector < 3 ? [0, chroma, second]
      : sector < 4 ? [0, second, chroma] : sector < 5 ? [second, 0, chroma] : [chroma, 0, second];
  const match = lightness - chroma / 2;
  const channel = (value: number): number => Math.round((value + match) * 255);
  return [channel(red), channel(green), channel(blue)];
}
