/**
 * Parsers of flag values for commander: each returns the value or throws commander's
 * `InvalidArgumentError` saying what was expected (commander adds the flag and the value).
 *
 * @module
 */
import { parseDecimal } from '@stablegrad/core';
import { InvalidArgumentError } from 'commander';

/** A finite decimal number > 0 (a learning rate, a threshold). */
export function positiveNumber(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a finite decimal number > 0, such as 0.001 or 1e-3');
  return n;
}

/** An integer >= 1 (epochs, steps). */
export function positiveInt(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected an integer >= 1');
  return n;
}

/** An integer >= 0 (a seed). */
export function nonNegativeInt(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
  return n;
}

/** A comma-separated list of names, without empty entries (`js,onnx-cpu`). */
export function nameList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('expected comma-separated names, such as js,onnx-cpu');
  return names;
}

/** A comma-separated list of powers of two as exponents, `16,20` or `2^16,2^20`, each from 4 to 30. */
export function exponentList(value: string): number[] {
  return nameList(value).map((s) => {
    const e = parseDecimal(s.replace(/^2\^/, ''));
    if (e === undefined || !Number.isInteger(e) || e < 4 || e > 30) {
      throw new InvalidArgumentError(`'${s}' is not a size; expected exponents of 2 from 4 to 30, such as 16,20 or 2^16,2^20`);
    }
    return e;
  });
}

/** A report name: letters, digits, `.`, `_` and `-`, so that it is one folder. */
export function reportName(value: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value) || value === '.' || value === '..') {
    throw new InvalidArgumentError('expected a folder name of letters, digits, ".", "_" and "-", such as demo-2');
  }
  return value;
}
