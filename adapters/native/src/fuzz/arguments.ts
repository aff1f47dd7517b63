/**
 * Arguments for fuzzed calls, valid and invalid, each with the error the API must answer it with.
 * Whether a shape is valid is decided here independently of the code under test, from the rule
 * the API documents: non-negative safe integers whose non-zero dimensions address at most
 * `2^53 - 1` bytes (computed in BigInt), allocated when the machine can hold them.
 *
 * @module
 */
import { totalmem } from 'node:os';
import type { DType } from '@stablegrad/core';
import { SPECIAL_VALUES } from '@stablegrad/core/testing';
import type { ErrorClass } from './outcome.js';
import type { Random } from './random.js';

/** An argument, how a call description shows it, and the error it must cause (none when valid). */
export interface Arg<T = unknown> {
  readonly value: T;
  readonly text: string;
  readonly fault?: ErrorClass;
}

/** A shape argument; for a valid one, its size and whether its memory can be allocated. */
export interface ShapeArg extends Arg {
  /** Elements of a valid shape. */
  readonly size?: number;
  /** A valid shape whose bytes exceed the machine's memory: the allocation is refused (RangeError). */
  readonly tooLarge?: boolean;
}

/** Bytes per element. */
const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8 };

/** Shows any value briefly, as source text where possible (holes of sparse arrays included). */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(i in value ? show(value[i]) : '');
    return `[${items.join(', ')}]`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as { length: number }).length})`;
  return `{${Object.keys(value as object).join(', ')}}`;
}

/** Values of the wrong type for any parameter that takes a tensor, a shape, an array or a string. */
const GARBAGE: readonly unknown[] = [null, undefined, 3, 'x', {}, [], 1n, Symbol('s'), true, () => 1];

/** A value of the wrong type. */
export function garbage(r: Random): Arg {
  const value = r.pick(GARBAGE);
  return { value, text: show(value), fault: 'TypeError' };
}

/** A dtype: valid nine times in ten. */
export function dtypeArg(r: Random): Arg<DType> {
  if (r.chance(0.9)) return plain(r.pick(['float32', 'float64'] as const));
  if (r.chance(0.5)) return faulty(r.pick(['float16', 'int32', '', 'Float32']), 'RangeError') as Arg<DType>;
  return faulty(r.pick([32, null, undefined, {}]), 'TypeError') as Arg<DType>;
}

/** A device: `cpu` nearly always, sometimes `cuda`, sometimes invalid. */
export function deviceArg(r: Random): Arg<'cpu' | 'cuda'> {
  const kind = r.weighted([
    ['cpu', 92],
    ['cuda', 3],
    ['bad', 5],
  ] as const);
  if (kind !== 'bad') return plain(kind);
  if (r.chance(0.5)) return faulty(r.pick(['gpu', 'CPU', '']), 'RangeError') as Arg<'cpu' | 'cuda'>;
  return faulty(r.pick([0, null, undefined, ['cpu']]), 'TypeError') as Arg<'cpu' | 'cuda'>;
}

/** Small valid dimensions, around the interpreter's block (256) and SIMD widths. */
const DIMS = [0, 1, 1, 2, 3, 4, 5, 7, 8, 16, 31, 64, 100, 257];

/** A valid shape of at most 4096 elements, of rank 0 to 3. */
export function smallShape(r: Random): number[] {
  for (;;) {
    const shape = Array.from({ length: r.int(4) }, () => r.pick(DIMS));
    if (shape.reduce((a, d) => a * d, 1) <= 4096) return shape;
  }
}

/** Shapes of every kind the API must handle, by family. */
const FAMILIES = {
  /** Valid, large enough to spread over the thread pool (more than 65,536 elements). */
  chunked: [[70001], [2, 40000], [65536], [131075], [3, 257, 100]],
  /** Valid and empty, with huge dimensions beside a zero (valid as long as they address 2^53 - 1 bytes or less). */
  hugeEmpty: [[2 ** 40, 0], [0, 1e13], [0, 2 ** 31], [2 ** 30, 0, 7], [0, 2 ** 52], [2 ** 52, 0], [2 ** 53 - 1, 0]],
  /** More than 2^53 - 1 bytes (the shapes whose sizes wrapped around in 64-bit arithmetic among them). */
  overflowing: [[2 ** 31, 2 ** 31], [2 ** 53], [2 ** 62], [2 ** 26, 2 ** 26, 2 ** 26], [2 ** 51, 4], [2 ** 32, 2 ** 32, 0, 1]],
  /** Valid sizes, but more bytes (16 TiB and up) than any machine running this has. */
  unallocatable: [[2 ** 42], [2 ** 40, 64], [2 ** 33, 2 ** 10], [2 ** 45, 3]],
  /** Dimensions that are numbers but not non-negative safe integers (and -0, which is valid). */
  badNumbers: [[-1], [2, -3], [NaN], [Infinity], [1.5], [2 ** 53], [-0], [1e300], [Number.MIN_VALUE], [2 ** 63]],
  /** Not an array of numbers. */
  wrongTypes: ['abc', null, undefined, 5, { length: 2 }, [1, '2'], [null], [1n], new Array(2), [[2]], [true]],
} as const;

/**
 * A shape for a tensor of `dtype`: small and valid most of the time, otherwise from a family of
 * valid or invalid shapes, with the fault the API must report and, when valid, its size.
 */
export function shapeArg(r: Random, dtype: DType): ShapeArg {
  const family = r.weighted([
    ['small', 70],
    ['chunked', 2],
    ['hugeEmpty', 7],
    ['overflowing', 6],
    ['unallocatable', 4],
    ['badNumbers', 6],
    ['wrongTypes', 5],
  ] as const);
  const value: unknown = family === 'small' ? smallShape(r) : r.pick(FAMILIES[family] as readonly unknown[]);
  return judgeShape(value, dtype);
}

/** The fault (if any), size and allocatability of `value` as a shape for `dtype`. */
export function judgeShape(value: unknown, dtype: DType): ShapeArg {
  const text = show(value);
  if (!Array.isArray(value)) return { value, text, fault: 'TypeError' };
  let addressed = BigInt(BYTES[dtype]);
  let size = 1;
  for (let i = 0; i < value.length; i++) {
    const d: unknown = value[i];
    if (typeof d !== 'number') return { value, text, fault: 'TypeError' };
    if (!Number.isSafeInteger(d) || d < 0) return { value, text, fault: 'RangeError' };
    if (d !== 0) addressed *= BigInt(d);
    size *= d;
  }
  if (addressed > BigInt(Number.MAX_SAFE_INTEGER)) return { value, text, fault: 'RangeError' };
  return size * BYTES[dtype] > totalmem() ? { value, text, size, tooLarge: true } : { value, text, size };
}

/** Values to fill host data with: every special value, and ordinary ones. */
function element(r: Random): number {
  return r.chance(0.4) ? r.pick(SPECIAL_VALUES) : (r.int(2001) - 1000) / 7;
}

/** A Float32Array or Float64Array of `size` values. */
export function hostData(r: Random, size: number): Float32Array | Float64Array {
  const data = r.chance(0.5) ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = element(r);
  return data;
}

/**
 * Host data for a tensor of `size` elements: right nine times in ten, else of the wrong length
 * (RangeError) or not a Float32Array or Float64Array (TypeError).
 */
export function hostDataArg(r: Random, size: number): Arg {
  if (r.chance(0.9)) {
    const data = hostData(r, size);
    return { value: data, text: show(data) };
  }
  if (r.chance(0.5)) {
    const data = hostData(r, size + r.pick([1, 2, 100]));
    return { value: data, text: show(data), fault: 'RangeError' };
  }
  const value = r.pick([new Int32Array(size), Array.from({ length: size }, () => 1), null, 'data', new Uint8Array(size * 4)]);
  return { value, text: show(value), fault: 'TypeError' };
}

/** A factor for `scale`: any number (NaN and infinities included) or, one time in ten, not a number. */
export function factorArg(r: Random): Arg {
  if (r.chance(0.9)) {
    const value = r.pick([2, -0.5, 0, -0, 1e-30, 1e300, NaN, Infinity, -Infinity, 3.25]);
    return { value, text: show(value) };
  }
  const value = r.pick(['2', null, undefined, {}, 1n]);
  return { value, text: show(value), fault: 'TypeError' };
}

/** A block column count `k`: small, or invalid (RangeError), or huge. */
export function countArg(r: Random): Arg {
  const kind = r.weighted([
    ['small', 85],
    ['bad', 10],
    ['huge', 5],
  ] as const);
  if (kind === 'small') return plain(r.int(4));
  if (kind === 'huge') return plain(r.pick([2 ** 31, 2 ** 40, 1e15, 2 ** 53]));
  return faulty(r.pick([-1, 1.5, NaN, Infinity, '2', null]), 'RangeError');
}

function plain<T>(value: T): Arg<T> {
  return { value, text: show(value) };
}

function faulty(value: unknown, fault: ErrorClass): Arg {
  return { value, text: show(value), fault };
}

/** The first fault among arguments checked in this order, or undefined. */
export function firstFault(...args: readonly (Arg | undefined)[]): ErrorClass | undefined {
  for (const a of args) if (a?.fault !== undefined) return a.fault;
  return undefined;
}
