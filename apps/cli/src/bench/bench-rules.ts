/**
 * What the benchmark times: the sizes, and which backends are timed at the smallest size only.
 * The rules and their hyperparameters are core's `BENCH_RULES`.
 *
 * @module
 */

/** Exponents of the default sizes (2^16, 2^20, 2^24 parameters); `--quick` stops at 2^20. */
export function benchExponents(quick: boolean): number[] {
  return quick ? [16, 20] : [16, 20, 24];
}

/** Backends slower than the others by orders of magnitude, timed at the smallest size only. */
export function isReferenceBackend(id: string): boolean {
  return id.startsWith('reference');
}

/** Largest size the reference backends are timed at. */
export const REFERENCE_MAX_EXPONENT = 16;
