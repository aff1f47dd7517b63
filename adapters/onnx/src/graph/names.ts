/**
 * Value names in step models. The ONNX IR requires every name in a graph to be a C90 identifier
 * and every value to be defined once.
 *
 * @module
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` is a C90 identifier: a letter or `_`, then letters, digits and `_`. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * `name` made into a C90 identifier: every character other than an ASCII letter, digit or `_`
 * becomes `_`, and a leading digit (or an empty name) gets a `_` in front. `layer.0/kernel`
 * becomes `layer_0_kernel`; a name that already is an identifier is kept as it is.
 */
export function toIdentifier(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

/**
 * The set of value names defined in one graph, each with what it is, so that a second definition
 * of a name fails with both meanings in the message.
 */
export class NameTable {
  private readonly owners = new Map<string, string>();

  /**
   * Defines `name`.
   *
   * @param what - what the value is, for the error message (e.g. `the gradient of parameter 'w'`)
   * @returns `name`
   * @throws RangeError when `name` is not an identifier or is already defined
   */
  define(name: string, what: string): string {
    if (!isIdentifier(name)) throw new RangeError(`${what}: '${name}' is not a valid ONNX value name (a C90 identifier)`);
    const previous = this.owners.get(name);
    if (previous !== undefined) {
      throw new RangeError(`${what}: the value name '${name}' is already used by ${previous}; rename one of them`);
    }
    this.owners.set(name, what);
    return name;
  }
}
