/**
 * The misuses of a spectral session the native tests make: core's {@link SESSION_MISUSES} (the
 * contract every session keeps) on its matrix, and those only the addon's sizes can meet.
 *
 * @module
 */
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
];
