import { describe, expect, it } from 'vitest';
import { gatherRows } from './gather-rows.js';

describe('gatherRows', () => {
  it('copies the chosen rows in order into an array of the same type', () => {
    const source = Uint8Array.from([0, 1, 10, 11, 20, 21]);
    const out = gatherRows(source, [2, 0, 2], 2);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Array.from(out)).toEqual([20, 21, 0, 1, 20, 21]);
    source[0] = 99;
    expect(out[2]).toBe(0);
  });
});
