/**
 * The misuses of a spectral session the native tests make: core's {@link SESSION_MISUSES} (the
 * contract every session keeps) on its matrix, and those only the addon's sizes can meet (empty
 * matrices with huge dimensions).
 *
 * @module
 */
import type { SpectralSession } from '@stablegrad/core';
import { MISUSE_MATRIX, SESSION_MISUSES, type SessionMisuse } from '@stablegrad/core/testing';

/** A misuse and the float64 matrix its session is opened on (zeros when `data` is absent). */
export interface NativeMisuseCase {
  readonly misuse: SessionMisuse;
  readonly shape: readonly [number, number];
  readonly data?: Float64Array;
}

const noSetup = (): void => {};

export const NATIVE_MISUSE_CASES: readonly NativeMisuseCase[] = [
  ...SESSION_MISUSES.map((misuse) => ({ misuse, shape: [MISUSE_MATRIX.m, MISUSE_MATRIX.n] as const, data: MISUSE_MATRIX.data })),
  {
    // n k = 2^64 wraps around to 0 in 64-bit arithmetic: an empty array must not pass for it.
    misuse: {
      name: 'setBlock of 2^15 columns of length 2^49 (an empty 0 x 2^49 matrix), given no values',
      setup: noSetup,
      misuse: (s) => s.setBlock(new Float64Array(0), 2 ** 15),
      error: 'RangeError',
      message: 'X: expected 18446744073709552000 values (a 562949953421312 x 32768 block), got 0',
    },
    shape: [0, 2 ** 49],
  },
  ...([
    [0, 1e13],
    [2 ** 40, 0],
  ] as const).map(([m, n]) => ({
    // Steps on an empty block must not pass over the rows of W or of the block (a hang for 10^13 of them).
    misuse: {
      name: `basis(1) of an empty block of an empty ${m} x ${n} matrix, after a filter and Rayleigh-Ritz steps`,
      setup: (s: SpectralSession<unknown>) => {
        s.setBlock(new Float64Array(0), 0);
        s.rayleighRitz();
        s.filter({ degree: 3, edge: 1, top: 2 }, 'exact');
        s.rayleighRitz();
      },
      misuse: (s: SpectralSession<unknown>) => s.basis(1),
      error: 'RangeError' as const,
      message: 'count: expected an integer in [0, 0], got 1',
    },
    shape: [m, n] as const,
  })),
];
