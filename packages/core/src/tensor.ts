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

/**
 * Checks a shape: an array of non-negative safe integers whose product is a safe integer.
 *
 * @param where - names the value in the error
 * @throws RangeError naming `where` and the shape
 */
export function checkShape(shape: unknown, where: string): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${where}: expected an array of dimensions, got ${shape === null ? 'null' : typeof shape}`);
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${where}: expected non-negative integer dimensions, got [${shape.join(', ')}]`);
    }
    n *= d;
  }
  if (!Number.isSafeInteger(n)) throw new RangeError(`${where}: shape [${shape.join(', ')}] has more elements than can be addressed`);
}

/**
 * Checks that `t` is a well-formed {@link HostTensor}: a valid shape, and a `Float32Array` or
 * `Float64Array` holding exactly the shape's number of elements (objects not made by
 * {@link hostTensor} are checked too).
 *
 * @throws TypeError or RangeError naming `where` and what was expected
 */
export function checkHostTensor(t: unknown, where: string): asserts t is HostTensor {
  const h = t as Partial<HostTensor> | null;
  if (typeof h !== 'object' || h === null) throw new TypeError(`${where}: expected a tensor { shape, data }, got ${h === null ? 'null' : typeof h}`);
  checkShape(h.shape, `${where}.shape`);
  if (!(h.data instanceof Float32Array) && !(h.data instanceof Float64Array)) {
    const got = h.data === undefined ? 'undefined' : h.data === null ? 'null' : (h.data as object).constructor?.name ?? typeof h.data;
    throw new TypeError(`${where}.data: expected a Float32Array or Float64Array, got ${got}`);
  }
  const n = sizeOf(h.shape);
  if (h.data.length !== n) throw new RangeError(`${where}.data: shape [${h.shape.join(', ')}] needs ${n} elements, got ${h.data.length}`);
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
  checkShape(shape, 'shape');
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
