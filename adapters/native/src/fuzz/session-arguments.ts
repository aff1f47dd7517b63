/**
 * Arguments for fuzzed spectral session calls, valid and invalid, each with the error the
 * session's contract (core's `SpectralSession`) demands of it: a `TypeError` for a wrong type, a
 * `RangeError` for a value out of range. Valid arguments also say whether they are moderate
 * (finite and small enough that results from a moderate matrix must be finite).
 *
 * @module
 */
import { show, type Arg } from './arguments.js';
import type { Random } from './random.js';

/** An argument; a valid `maxNorm` also says whether it is moderate. */
export interface SessionArg<T = unknown> extends Arg<T> {
  /** Valid, and small enough that a projection of a moderate matrix must stay finite. */
  readonly moderate?: boolean;
}

/** Largest block or vector the fuzzer builds (longer valid ones stand as a length fault). */
const MOST_VALUES = 65_536;

function plain<T>(value: T): SessionArg<T> {
  return { value, text: show(value) };
}

function faulty(value: unknown, fault: 'TypeError' | 'RangeError'): SessionArg {
  return { value, text: show(value), fault };
}

/** Values not of any numeric parameter's type. */
const NOT_NUMBERS: readonly unknown[] = ['2', null, undefined, {}, true, 1n];

/**
 * An integer in `[low, high]` (usually low, high or between), or one time in eight a number out of
 * range (RangeError) or not a number (TypeError).
 */
export function integerArg(r: Random, low: number, high: number): SessionArg {
  if (r.chance(0.875)) return plain(r.pick([low, high, low + r.int(Math.min(high - low, 8) + 1)]));
  if (r.chance(0.3)) return faulty(r.pick(NOT_NUMBERS), 'TypeError');
  const outside = [low - 1, 1.5 + low, NaN, Infinity, -Infinity];
  if (high < Number.MAX_SAFE_INTEGER) outside.push(high + 1, high + 1 + r.int(5));
  return faulty(r.pick(outside), 'RangeError');
}

/** A value of a valid block: mostly ordinary, sometimes a special value (NaN, infinities, extremes). */
function blockValue(r: Random, special: boolean): number {
  if (special && r.chance(0.3)) return r.pick([NaN, Infinity, -Infinity, 1e300, -1e300, 5e-324, 0, -0]);
  return r.chance(0.1) ? 0 : (r.int(2001) - 1000) / 97;
}

/**
 * A `rows x cols` block: valid (any values, special ones one time in ten) nine times in ten when
 * it can be built, else of the wrong length (RangeError) or not a Float64Array (TypeError).
 */
export function blockArg(r: Random, rows: number, cols: number): SessionArg {
  const length = rows * cols;
  if (length <= MOST_VALUES && r.chance(0.9)) {
    const special = r.chance(0.1);
    const value = Float64Array.from({ length }, () => blockValue(r, special));
    return { value, text: show(value) };
  }
  if (r.chance(0.6)) return faulty(new Float64Array(length === 0 || length > MOST_VALUES ? 1 : length + r.pick([1, -1])), 'RangeError');
  return faulty(r.pick([new Float32Array(Math.min(length, 64)), [1, 2], null, 'X']), 'TypeError');
}

/**
 * A vector of `length` finite values (zeros one time in twenty) nine times in ten when it can be
 * built, else of the wrong length or with a value that is not finite (RangeError), or not a
 * Float64Array (TypeError).
 */
export function vectorArg(r: Random, length: number): SessionArg {
  if (length <= MOST_VALUES && r.chance(0.9)) {
    const zeros = r.chance(0.05);
    const value = Float64Array.from({ length }, () => (zeros ? 0 : blockValue(r, false)));
    return { value, text: show(value) };
  }
  if (length > 0 && length <= MOST_VALUES && r.chance(0.4)) {
    const value = Float64Array.from({ length }, () => blockValue(r, false));
    value[r.int(length)] = r.pick([NaN, Infinity, -Infinity]);
    return { value, text: `${show(value)} with a value that is not finite`, fault: 'RangeError' };
  }
  if (r.chance(0.5)) return faulty(new Float64Array(length <= MOST_VALUES ? length + 1 : 2), 'RangeError');
  return faulty(r.pick([new Float32Array(Math.min(length, 64)), [0], null, undefined]), 'TypeError');
}

/**
 * A filter plan: valid (plain power steps, or a Chebyshev filter whose interval comes from the
 * Ritz values `theta` when known) four times in five, else with one field of the wrong type
 * (TypeError) or out of range (RangeError), or not an object at all (TypeError).
 */
export function planArg(r: Random, theta: Float64Array | undefined): SessionArg {
  const degree = 1 + r.int(r.chance(0.8) ? 4 : 12);
  const smallest = theta?.[theta.length - 1];
  const edge = smallest !== undefined && Number.isFinite(smallest) && r.chance(0.6) ? Math.max(smallest, 1e-3) : r.pick([0.25, 1, 3]);
  const valid = r.chance(0.3) ? { degree, edge: r.pick([0, -1]), top: 1 } : { degree, edge, top: edge * r.pick([1.5, 4, 100]) };
  if (r.chance(0.8)) return { value: valid, text: JSON.stringify(valid) };
  // One faulty field (or no object at all), with its error; a top at or below a positive edge
  // would make the recurrence divide by zero or diverge.
  const positive = { ...valid, edge: valid.edge > 0 ? valid.edge : 1 };
  const [plan, fault] = r.pick<readonly [unknown, 'TypeError' | 'RangeError']>([
    [null, 'TypeError'],
    ['plan', 'TypeError'],
    [{ ...valid, degree: r.pick([0, 2.5, 2 ** 20 + 1]) }, 'RangeError'],
    [{ ...valid, degree: r.pick(['2', undefined]) }, 'TypeError'],
    [{ ...valid, edge: r.pick([NaN, Infinity]) }, 'RangeError'],
    [{ ...valid, edge: null }, 'TypeError'],
    [{ ...valid, top: r.pick([NaN, -Infinity]) }, 'RangeError'],
    [{ ...valid, top: undefined }, 'TypeError'],
    [{ ...positive, top: positive.edge * r.pick([1, 0.5, -1]) }, 'RangeError'],
  ]);
  if (plan === null || typeof plan !== 'object') return faulty(plan, fault);
  const { degree: d, edge: e, top: t } = plan as Record<string, unknown>;
  return { value: plan, text: `{ degree: ${show(d)}, edge: ${show(e)}, top: ${show(t)} }`, fault };
}

/** `'fast'` or `'exact'`, or one time in twelve another string (RangeError) or not a string (TypeError). */
export function precisionArg(r: Random): SessionArg {
  if (r.chance(11 / 12)) return plain(r.pick(['fast', 'exact']));
  return r.chance(0.5) ? faulty(r.pick(['quick', '', 'FAST']), 'RangeError') : faulty(r.pick([true, null, 1]), 'TypeError');
}

/**
 * `maxNorm` for `project`: finite and positive (moderate up to 1e4) nine times in ten, else
 * zero, negative or not finite (RangeError) or not a number (TypeError).
 */
export function maxNormArg(r: Random): SessionArg {
  if (r.chance(0.9)) {
    const value = r.pick([1.8, 0.5, 10, 1e-3, 1e300]);
    return { ...plain(value), moderate: value <= 1e4 };
  }
  return r.chance(0.7) ? faulty(r.pick([0, -0, -1, NaN, Infinity, -Infinity]), 'RangeError') : faulty(r.pick(NOT_NUMBERS), 'TypeError');
}

/** A session's seed: any integer (beyond 2^63 among them) nine times in ten, else a number that is not an integer (RangeError) or not a number (TypeError). */
export function seedArg(r: Random): SessionArg {
  if (r.chance(0.9)) return plain(r.pick([0, 1, 7, -5, 2 ** 31, 2 ** 53, -(2 ** 63), 2 ** 64 + 2 ** 12, 1e300]));
  return r.chance(0.6) ? faulty(r.pick([1.5, NaN, Infinity, -Infinity]), 'RangeError') : faulty(r.pick(NOT_NUMBERS), 'TypeError');
}
