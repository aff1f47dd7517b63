import { describe, expect, it } from 'vitest';
import { neighbourRate } from './rate-ladder.js';

describe('neighbourRate', () => {
  it('steps along 1, 3, 10, 30 ... and by sqrt(10) off that ladder', () => {
    expect([neighbourRate(1e-3, 1), neighbourRate(3e-3, 1), neighbourRate(1e-3, -1), neighbourRate(3e-4, -1)]).toEqual([3e-3, 0.01, 3e-4, 1e-4]);
    expect([neighbourRate(10, 1), neighbourRate(0.1, -1)]).toEqual([30, 0.03]);
    expect(neighbourRate(5e-4, 1)).toBe(0.00158);
  });
});
