/**
 * Checks of what native tensors are made from, at the JavaScript boundary: shapes, dtypes,
 * devices and host data. A bad argument is a `TypeError` when it has the wrong type and a
 * `RangeError` when it has the right type but an unusable value, naming the parameter.
 *
 * @module
 */
import type { DType, HostTensor, TypedArray } from '@stablegrad/core';

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8 };

/**
 * The largest byte size of one native tensor, `2^53 - 1`: every element count and byte count is
 * then an exact JavaScript number, and no size computation in the addon can wrap around.
 */
export const MAX_TENSOR_BYTES = Number.MAX_SAFE_INTEGER;

/** A short description of any value for an error message (never throws, never long). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/** `[2, 3]` for a shape already checked by {@link checkedSize}. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Checks `shape` for a tensor of `dtype` and returns its number of elements.
 *
 * Every dimension must be a non-negative integer no larger than `2^53 - 1`, and the product of
 * the non-zero dimensions times the element size at most {@link MAX_TENSOR_BYTES} (the rule numpy
 * applies to its arrays, with its own limit): so `[2**40, 0]` is a valid empty tensor while
 * `[2**31, 2**31]` (`2^64` bytes of float32, which wrapped to 0 in 64-bit arithmetic) is not.
 * Whether the memory can be had is the addon's to say when it allocates.
 *
 * @throws TypeError unless `shape` is an array of numbers; RangeError naming the dimension when
 * one is negative, fractional, NaN, infinite or beyond `2^53 - 1`, and naming the shape when the
 * tensor would exceed {@link MAX_TENSOR_BYTES}
 */
export function checkedSize(shape: unknown, dtype: DType): number {
  if (!Array.isArray(shape)) throw new TypeError(`shape: expected an array of non-negative integers, got ${describe(shape)}`);
  let size = 1;
  let addressed = DTYPE_BYTES[dtype];
  // An index loop rather than forEach, which would skip the holes of a sparse array.
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number') throw new TypeError(`shape[${i}]: expected a non-negative integer, got ${describe(d)}`);
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`shape[${i}]: expected a non-negative integer no larger than 2^53 - 1, got ${d}`);
    size *= d;
    if (d !== 0) addressed *= d;
  }
  if (addressed > MAX_TENSOR_BYTES) {
    const elements = (shape as number[]).reduce((p, d) => (d === 0 ? p : p * BigInt(d)), 1n);
    throw new RangeError(
      `shape ${formatShape(shape as number[])}: ${elements} elements of ${dtype} (${elements * BigInt(DTYPE_BYTES[dtype])} bytes) exceed the largest native tensor, 2^53 - 1 bytes`,
    );
  }
  return size === 0 ? 0 : size; // never -0
}

/**
 * Checks a dtype name.
 *
 * @throws TypeError unless it is a string; RangeError unless it is `float32` or `float64`
 */
export function checkDtype(dtype: unknown): asserts dtype is DType {
  if (typeof dtype !== 'string') throw new TypeError(`dtype: expected 'float32' or 'float64', got ${describe(dtype)}`);
  if (dtype !== 'float32' && dtype !== 'float64') throw new RangeError(`dtype: expected 'float32' or 'float64', got ${describe(dtype)}`);
}

/**
 * Checks a device name.
 *
 * @throws TypeError unless it is a string; RangeError unless it is `cpu` or `cuda`
 */
export function checkDevice(device: unknown): asserts device is 'cpu' | 'cuda' {
  if (typeof device !== 'string') throw new TypeError(`device: expected 'cpu' or 'cuda', got ${describe(device)}`);
  if (device !== 'cpu' && device !== 'cuda') throw new RangeError(`device: expected 'cpu' or 'cuda', got ${describe(device)}`);
}

/**
 * Checks a host tensor to upload: an object with a shape and a `Float32Array` or `Float64Array` of
 * the shape's size. Returns the number of elements.
 *
 * @throws TypeError naming `t`, `t.shape` or `t.data` when one has the wrong type; RangeError for
 * a bad shape or a data length other than the shape's size
 */
export function checkedHostTensor(t: unknown, dtype: DType): number {
  if (t === null || typeof t !== 'object') throw new TypeError(`t: expected a host tensor { shape, data }, got ${describe(t)}`);
  const { shape, data } = t as Partial<HostTensor>;
  const size = checkedSize(shape, dtype);
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new TypeError(`data: expected a Float32Array or Float64Array, got ${describe(data)}`);
  }
  if ((data as TypedArray).length !== size) {
    throw new RangeError(`data: shape ${formatShape(shape as number[])} needs ${size} elements, got ${data.length}`);
  }
  return size;
}
