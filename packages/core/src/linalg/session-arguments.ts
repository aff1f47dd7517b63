/**
 * The argument checks of a {@link SpectralSession}, with the messages every session gives: the
 * host session runs these, and the native addon's session gives the same messages in the same
 * order from C++ (`adapters/native/addon/src/napi_spectral_args.cc`). A wrong type is a
 * `TypeError`, a value out of range a `RangeError`; each names the parameter, what was expected
 * and what came.
 *
 * @module
 */
import type { FilterPlan, FilterPrecision, SpectralSession } from './spectral-session.js';

/** The largest filter degree a session takes: a filter costs one product with `A` per degree. */
export const MAX_SESSION_FILTER_DEGREE = 2 ** 20;

/** `typeof value`, with `null` named as such: how a message names an argument of the wrong type. */
function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function checkNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name}: expected a number, got ${typeName(value)}`);
  return value;
}

/**
 * `value` as an integer in `[low, high]`.
 *
 * @throws TypeError when it is not a number, RangeError when it is not such an integer
 */
export function checkSessionInteger(name: string, value: unknown, low: number, high: number): number {
  const x = checkNumber(name, value);
  if (!Number.isInteger(x) || x < low || x > high) throw new RangeError(`${name}: expected an integer in [${low}, ${high}], got ${x}`);
  return x;
}

function checkFloat64Array(name: string, value: unknown): Float64Array {
  if (!(value instanceof Float64Array)) throw new TypeError(`${name}: expected a Float64Array, got ${typeName(value)}`);
  return value;
}

/**
 * `value` as an `rows x cols` block: a Float64Array of `rows cols` values (any values).
 *
 * @throws TypeError when it is not a Float64Array, RangeError when its length is not `rows cols`
 */
export function checkSessionBlock(name: string, value: unknown, rows: number, cols: number): Float64Array {
  const block = checkFloat64Array(name, value);
  if (block.length !== rows * cols) throw new RangeError(`${name}: expected ${rows * cols} values (a ${rows} x ${cols} block), got ${block.length}`);
  return block;
}

/**
 * `value` as a vector of `length` finite values in a Float64Array.
 *
 * @throws TypeError when it is not a Float64Array, RangeError when its length differs or a value is not finite
 */
export function checkSessionVector(name: string, value: unknown, length: number): Float64Array {
  const vector = checkFloat64Array(name, value);
  if (vector.length !== length) throw new RangeError(`${name}: expected ${length} values, got ${vector.length}`);
  const at = vector.findIndex((x) => !Number.isFinite(x));
  if (at >= 0) throw new RangeError(`${name}: expected finite values, got ${vector[at]} at index ${at}`);
  return vector;
}

function checkFinite(name: string, value: unknown): number {
  const x = checkNumber(name, value);
  if (!Number.isFinite(x)) throw new RangeError(`${name}: expected a finite number, got ${x}`);
  return x;
}

/**
 * A copy of `plan` (each field read once): an integer degree in `[1, 2^20]`, a finite `edge`, a
 * finite `top`, and `top > edge` when `edge > 0` (the Chebyshev recurrence divides by
 * `2 top / edge - 1` and by what follows from it).
 *
 * @throws TypeError when `plan` is not an object or a field is not a number, RangeError when a field is out of range
 */
export function checkFilterPlan(plan: unknown): FilterPlan {
  if (typeof plan !== 'object' || plan === null) throw new TypeError(`plan: expected an object { degree, edge, top }, got ${typeName(plan)}`);
  const fields = plan as Record<string, unknown>;
  const degree = checkSessionInteger('plan.degree', fields['degree'], 1, MAX_SESSION_FILTER_DEGREE);
  const edge = checkFinite('plan.edge', fields['edge']);
  const top = checkFinite('plan.top', fields['top']);
  if (edge > 0 && !(top > edge)) throw new RangeError(`plan.top: expected a number > plan.edge (${edge}) when plan.edge > 0, got ${top}`);
  return { degree, edge, top };
}

/**
 * `value` as a {@link FilterPrecision}.
 *
 * @throws TypeError when it is not a string, RangeError when it is another string
 */
export function checkFilterPrecision(value: unknown): FilterPrecision {
  if (typeof value !== 'string') throw new TypeError(`precision: expected 'fast' or 'exact', got ${typeName(value)}`);
  if (value !== 'fast' && value !== 'exact') throw new RangeError(`precision: expected 'fast' or 'exact', got '${value}'`);
  return value;
}

/**
 * `value` as the `maxNorm` of {@link SpectralSession.project}: finite and `> 0`.
 *
 * @throws TypeError when it is not a number, RangeError when it is not finite and positive
 */
export function checkSessionMaxNorm(value: unknown): number {
  const x = checkNumber('maxNorm', value);
  if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`maxNorm: expected a finite number > 0, got ${x}`);
  return x;
}

/**
 * Checks that the first `count` Ritz values `theta` (decreasing) are `> 0`: the projection divides
 * by their square roots.
 *
 * @throws RangeError when one is not
 */
export function checkPositiveRitzValues(count: number, theta: Float64Array): void {
  let positive = 0;
  while (positive < theta.length && theta[positive]! > 0) positive++;
  if (count > positive) {
    throw new RangeError(`count: expected at most ${positive} (the Ritz values from index ${positive} on are not > 0), got ${count}`);
  }
}

/**
 * `value` as the seed of a session: an integer (any; each session keeps its low bits).
 *
 * @throws TypeError when it is not a number, RangeError when it is not an integer
 */
export function checkSessionSeed(value: unknown): number {
  const x = checkNumber('seed', value);
  if (!Number.isInteger(x)) throw new RangeError(`seed: expected an integer, got ${x}`);
  return x;
}
