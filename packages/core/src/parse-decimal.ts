/**
 * Reading numbers written by people (command lines, configuration).
 *
 * @module
 */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number `text` writes in decimal or exponent notation (`0.001`, `1e-3`, `-2.5E+4`), or
 * `undefined` for anything else: JavaScript's `Number()` also reads `0x10` as 16, `0b11` as 3,
 * `''` and `' '` as 0 and `Infinity`, which a flag should refuse rather than misread.
 */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}
