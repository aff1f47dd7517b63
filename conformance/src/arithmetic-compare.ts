/**
 * Comparing a backend's float32 results with the reference computing in the backend's declared
 * arithmetic.
 *
 * @module
 */
import { flushSubnormal, ulpDistance, type Float32Arithmetic } from '@stablegrad/core';

/** What a comparison found. */
export interface ArithmeticComparison {
  /** Elements compared. */
  elements: number;
  /** The largest distance from the reference under the declared arithmetic, in float32 ulps. */
  maxUlp: number;
  /**
   * Elements equal to the reference under the declared arithmetic (`ftz`) that differ from
   * strict IEEE float32: the differences flushing explains.
   */
  flushed: number;
  /** The first element the declaration does not explain: its index, value and the expected value. */
  firstUnexplained?: { readonly index: number; readonly got: number; readonly want: number };
}

/** An empty comparison, to accumulate into. */
export function emptyComparison(): ArithmeticComparison {
  return { elements: 0, maxUlp: 0, flushed: 0 };
}

/**
 * Adds the elements of `got` to `acc`, compared with `declared` (the reference computed in
 * `arithmetic`) and, for the count of flushed elements, with `ieee` (the strict reference).
 *
 * Under `ieee` the distance is `ulpDistance(got, declared)`. Under `ftz` a subnormal and zero of
 * its sign are the same number (the arithmetic reads one as the other), so both sides are read as
 * `ftz` reads them, with {@link flushSubnormal}, and then compared: 0 ulp means every bit that the
 * arithmetic can see is equal. This is what lets a backend copy a subnormal through a sign flip
 * or a select without flushing it, as TensorFlow's `neg` and tfjs's `where` do.
 *
 * @param ieee - the strict reference's values; needed only under `ftz`
 */
export function accumulate(
  acc: ArithmeticComparison,
  arithmetic: Float32Arithmetic,
  got: ArrayLike<number>,
  declared: ArrayLike<number>,
  ieee?: ArrayLike<number>,
): ArithmeticComparison {
  for (let i = 0; i < declared.length; i++) {
    const g = got[i]!;
    const d = arithmetic === 'ftz' ? ulpDistance(flushSubnormal(g), flushSubnormal(declared[i]!)) : ulpDistance(g, declared[i]!);
    if (d > acc.maxUlp) acc.maxUlp = d;
    if (d > 0 && acc.firstUnexplained === undefined) acc.firstUnexplained = { index: acc.elements + i, got: g, want: declared[i]! };
    if (d === 0 && arithmetic === 'ftz' && ieee !== undefined && ulpDistance(g, ieee[i]!) > 0) acc.flushed++;
  }
  acc.elements += declared.length;
  return acc;
}

/** `N of M elements differ from strict IEEE only through flushed subnormals`, or undefined when none do. */
export function flushNote(c: ArithmeticComparison): string | undefined {
  return c.flushed > 0 ? `${c.flushed} of ${c.elements} elements differ from strict IEEE only through flushed subnormals` : undefined;
}
