/**
 * Parsing the command line's `--param` and `--hyper` values.
 *
 * @module
 */
import { parseDecimal } from '@stablegrad/core';

/**
 * Reads `NAME:DIMS` (`w:3x5`, `b:7`; `s:scalar` is a scalar of shape `[]`) into a name and a shape.
 * The name is everything before the last `:`; every dimension is written out (`3x` and `w:` are
 * refused).
 *
 * @throws RangeError naming the value and what was expected
 */
export function parseParam(spec: string): [string, number[]] {
  const cut = spec.lastIndexOf(':');
  const name = spec.slice(0, cut);
  const dims = spec.slice(cut + 1);
  if (cut <= 0) throw new RangeError(`--param ${spec}: expected NAME:DIMS, such as w:3x5, b:7 or s:scalar`);
  if (dims === 'scalar') return [name, []];
  const parts = dims.split('x');
  if (parts.some((d) => !/^\d+$/.test(d) || !Number.isSafeInteger(Number(d)))) {
    throw new RangeError(`--param ${spec}: the dimensions '${dims}' are not non-negative integers joined by 'x' (write 'scalar' for shape [])`);
  }
  return [name, parts.map(Number)];
}

/**
 * Reads `KEY=VALUE` (`lr=0.01`, `biasCorrection=false`) into a hyperparameter: `true` and `false`
 * are switches, anything else must be a number.
 *
 * @throws RangeError naming the value and what was expected
 */
export function parseHyper(spec: string): [string, number | boolean] {
  const cut = spec.indexOf('=');
  if (cut <= 0) throw new RangeError(`--hyper ${spec}: expected KEY=VALUE, such as lr=0.01`);
  const key = spec.slice(0, cut);
  const text = spec.slice(cut + 1);
  if (text === 'true' || text === 'false') return [key, text === 'true'];
  const value = parseDecimal(text);
  if (value === undefined) throw new RangeError(`--hyper ${spec}: '${text}' is neither a decimal number (0.01, 1e-3) nor true/false`);
  return [key, value];
}
