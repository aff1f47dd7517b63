/**
 * Selecting rows of a flat row-major array.
 *
 * @module
 */

/** A typed array the data loaders store rows in. */
type Rows = Float32Array | Uint8Array;

/** Rows `indices` (each `width` values long) of the row-major `source`, in that order, as a new array of its type. */
export function gatherRows<T extends Rows>(source: T, indices: ArrayLike<number>, width: number): T {
  const out = new (source.constructor as new (n: number) => T)(indices.length * width);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    out.set(source.subarray(j * width, (j + 1) * width), i * width);
  }
  return out;
}
