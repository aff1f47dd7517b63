/**
 * Parsing the command line's `--param` and `--hyper` values.
 *
 * @module
 */

/**
 * Reads `NAME:DIMS` (`w:3x5`, `b:7`; `s:` is a scalar of shape `[]`) into a name and a shape. The
 * name is everything before the last `:`.
 *
 * @throws RangeError naming the value and what was expected
 */
export function parseParam(spec: string): [string, number[]] {
  const cut = spec.lastIndexOf(':');
  const name = spec.slice(0, cut);
  const dims = spec.slice(cut + 1);
  if (cut <= 0) throw new RangeError(`--param ${spec}: expected NAME:DIMS, such as w:3x5 or b:7`);
  const shape = dims === '' ? [] : dims.split('x').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || /[^0-9x]/.test(dims)) {
    throw new RangeError(`--param ${spec}: the dimensions '${dims}' are not non-negative integers joined by 'x'`);
  }
  return [name, shape];
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
  const text = spec.slice(cut + 1).trim();
  if (text === 'true' || text === 'false') return [key, text === 'true'];
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new RangeError(`--hyper ${spec}: '${text}' is neither a number nor true/false`);
  return [key, value];
}
