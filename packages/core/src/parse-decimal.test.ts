import { describe, expect, it } from 'vitest';
import { parseDecimal } from './parse-decimal.js';

describe('parseDecimal', () => {
  it.each([
    ['0.001', 0.001],
    ['1e-3', 1e-3],
    ['-2.5E+4', -25000],
    ['+7', 7],
    ['.5', 0.5],
    ['3.', 3],
    ['1e400', Infinity],
  ])('reads %s', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each(['0x10', '0b11', '0o7', '', ' ', ' 1', '1 ', 'Infinity', 'NaN', '1_000', '1e', 'e3', '--1', '1,5'])('refuses %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });
});
