/** A typed array of the index, grown in place of being allocated per term or per document. */
type GrowableArray = Uint32Array | Uint16Array | Uint8Array | Int32Array | Float64Array | Float32Array;

/**
 * `array`, or a copy of it at least `minimum` long: doubling while small, then `largeGrowth` times
 * once past a million entries, so a big index never holds twice what it needs.
 */
export function grown<T extends GrowableArray>(array: T, minimum: number, largeGrowth = 1.25): T {
  if (array.length >= minimum) return array;
  let length = Math.max(16, array.length);
  while (length < minimum) length = length < 1 << 20 ? length * 2 : Math.ceil(length * largeGrowth);
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}
