import { describe, expect, it } from 'vitest';
import { float64Bits, hexDouble } from './hex-literal.js';

/** Reads a literal of the form hexDouble writes, exactly (mantissa < 2^53, scaled by a power of 2). */
function parseHex(text: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]{13})p([+-]\d+)$/.exec(text);
  if (!m) throw new Error(`not a hex literal: ${text}`);
  const mantissa = Number.parseInt(`${m[2]}${m[3]}`, 16);
  const value = mantissa * 2 ** (Number(m[4]) - 52);
  return m[1] === '-' ? -value : value;
}

describe('hexDouble', () => {
  it('spells simple values as C++ hex literals', () => {
    expect(hexDouble(1)).toBe('0x1.0000000000000p+0');
    expect(hexDouble(-2.5)).toBe('-0x1.4000000000000p+1');
    expect(hexDouble(0.1)).toBe('0x1.999999999999ap-4');
    expect(hexDouble(-0)).toBe('-0x0.0000000000000p-1022');
    expect(hexDouble(5e-324)).toBe('0x0.0000000000001p-1022');
  });

  it.each([0.1, 1e-8, 1 / 3, 0.999, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-310, -123456.789, 2 ** -1074])('reads back as exactly %d', (x) => {
    expect(Object.is(parseHex(hexDouble(x)), x)).toBe(true);
  });

  it('refuses values that have no literal', () => {
    expect(() => hexDouble(NaN)).toThrow('x: expected a finite number, got NaN');
    expect(() => hexDouble(-Infinity)).toThrow('x: expected a finite number, got -Infinity');
  });

  it('float64Bits tells -0 from 0', () => {
    expect(float64Bits(0)).toBe('0000000000000000');
    expect(float64Bits(-0)).toBe('8000000000000000');
    expect(float64Bits(1)).toBe('3ff0000000000000');
  });
});
