/**
 * What a fuzzed call is expected to do, and the verdict on what it did.
 *
 * @module
 */

/**
 * The JavaScript error classes the public API throws: wrong type, value out of range, state; and
 * core's error for a gradient that is not finite.
 */
export type ErrorClass = 'TypeError' | 'RangeError' | 'Error' | 'NonFiniteGradientError';

/**
 * Success, or an error (of a given class, or any when several faults compete), or either success
 * or an error of a given class (an allocation that the machine may or may not grant).
 */
export type Expectation =
  | { readonly ok: true }
  | { readonly ok: false; readonly error?: ErrorClass }
  | { readonly ok: 'either'; readonly error: ErrorClass };

/** Expect success. */
export const OK: Expectation = { ok: true };

/** Expect an error of class `error` (any class when undefined). */
export function fails(error?: ErrorClass): Expectation {
  return error === undefined ? { ok: false } : { ok: false, error };
}

/** Expect success, or an error of class `error`. */
export function okOr(error: ErrorClass): Expectation {
  return { ok: 'either', error };
}

/** What a call did: returned a value or threw (or rejected with) something. */
export type Outcome = { readonly threw: false; readonly value: unknown } | { readonly threw: true; readonly error: unknown };

function className(e: unknown): string {
  if (e instanceof TypeError) return 'TypeError';
  if (e instanceof RangeError) return 'RangeError';
  if (e instanceof Error) return e.constructor === Error ? 'Error' : e.constructor.name;
  return `a non-Error (${typeof e})`;
}

/**
 * What is wrong with `outcome` given `expect`, or undefined when it is as expected. An error must
 * be an `Error` with a message; when a class is expected, exactly that class (`Error` means a
 * plain `Error`, not a subclass).
 */
export function verdict(expect: Expectation, outcome: Outcome): string | undefined {
  if (!outcome.threw) return expect.ok === false ? `expected ${expect.error ?? 'an error'}, returned normally` : undefined;
  const e = outcome.error;
  const got = className(e);
  const message = e instanceof Error ? e.message : String(e);
  if (expect.ok === true) return `expected success, threw ${got}: ${message}`;
  if (!(e instanceof Error) || message.length === 0) return `threw ${got} without a message`;
  if (expect.error !== undefined && got !== expect.error) return `expected ${expect.error}, threw ${got}: ${message}`;
  return undefined;
}
