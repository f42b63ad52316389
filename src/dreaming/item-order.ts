/**
 * The order versions and dreams keep consolidated items in: by `createdAt`, then by `id`, both as
 * `localeCompare` orders them (the order every version file was written in). Sorting a whole
 * store with `localeCompare` costs most of a start-up's dream loading, so the comparison takes a
 * shortcut where the collator's answer is known, and asks it only otherwise.
 */
import type { MemoryItem } from '../memory/types.ts';

const isDigitOrLowercase = (code: number): boolean => (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a);

/**
 * `left.localeCompare(right)`, in sign. Where two strings first differ in a digit or a lower-case
 * ASCII letter on both sides (timestamps, UUIDs), the collator's first-level weights order those
 * two characters as their codes do, and a first-level difference decides before case or accents
 * anywhere else: the codes answer. Any other first difference is left to the collator.
 */
export function localeOrder(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  let position = 0;
  while (position < length && left.charCodeAt(position) === right.charCodeAt(position)) position += 1;
  if (position < length) {
    const leftCode = left.charCodeAt(position);
    const rightCode = right.charCodeAt(position);
    if (isDigitOrLowercase(leftCode) && isDigitOrLowercase(rightCode) && isAsciiPrefix(left, position)) return leftCode - rightCode;
  }
  return left.localeCompare(right);
}

// The common prefix only shapes the collator's answer when it is not plain ASCII (contractions).
function isAsciiPrefix(text: string, end: number): boolean {
  for (let position = 0; position < end; position += 1) if (text.charCodeAt(position) > 0x7e) return false;
  return true;
}

/** Oldest first, then by id: `createdAt.localeCompare || id.localeCompare`, as fast as it can be. */
export function byTimeThenId(left: MemoryItem, right: MemoryItem): number {
  return localeOrder(left.createdAt, right.createdAt) || localeOrder(left.id, right.id);
}
