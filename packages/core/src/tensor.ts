/**
 * Host-side tensors: a shape and a flat, row-major typed array.
 *
 * @module
 */

/** The element types stablegrad computes in. */
export type DType = 'float32' | 'float64';

/** The typed array that stores elements of a {@link DType}. */
export type TypedArray = Float32Array | Float64Array;

/** A dense tensor in host memory: `data` holds the elements in row-major order. */
export interface HostTensor {
  /** Extent of each dimension; `[]` is a scalar. */
  readonly shape: readonly number[];
  /** The elements, row-major; its length is the product of `shape`. */
  readonly data: TypedArray;
}

/** Number of elements of a tensor with the given shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The dtype stored by a typed array. */
export function dtypeOfArray(data: TypedArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

/** Allocates a zero-filled typed array of `dtype`. */
export function allocate(dtype: DType, length: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * Builds a host tensor, checking that `data` matches `shape`.
 *
 * @param shape - extent of each dimension (non-negative integers)
 * @param data - the elements, row-major; plain numbers are stored as `dtype`
 * @param dtype - element type when `data` is a plain array (default `float32`)
 */
export function hostTensor(
  shape: readonly number[],
  data: TypedArray | readonly number[],
  dtype: DType = 'float32',
): HostTensor {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`shape: expected non-negative integers, got [${shape.join(', ')}]`);
    }
  }
  const n = sizeOf(shape);
  const arr =
    data instanceof Float32Array || data instanceof Float64Array
      ? data
      : dtype === 'float64'
        ? Float64Array.from(data)
        : Float32Array.from(data);
  if (arr.length !== n) {
    throw new RangeError(
      `data: shape [${shape.join(', ')}] needs ${n} elements, got ${arr.length}`,
    );
  }
  return { shape: [...shape], data: arr };
}
