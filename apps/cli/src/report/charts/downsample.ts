/**
 * Thinning per-step traces to a number of points a plot can show.
 *
 * @module
 */
import type { Finite } from '../../stats/summary-stats.js';

/** A point of a thinned trace: the last step of its bucket and the bucket's value. */
export interface TracePoint {
  readonly step: number;
  readonly value: Finite;
}

/**
 * `values` (index `i` is step `i + 1`) in at most `maxPoints` buckets of consecutive steps, each
 * reduced to its largest value (`max`, which keeps peaks visible) or its mean. A bucket holding a
 * `null` (non-finite) value becomes `null`, so a plot shows the gap.
 */
export function downsample(values: readonly Finite[], maxPoints: number, reduce: 'max' | 'mean'): TracePoint[] {
  const size = Math.max(1, Math.ceil(values.length / maxPoints));
  const points: TracePoint[] = [];
  for (let start = 0; start < values.length; start += size) {
    const bucket = values.slice(start, start + size);
    const step = start + bucket.length;
    if (bucket.some((v) => v === null)) {
      points.push({ step, value: null });
      continue;
    }
    const xs = bucket as number[];
    points.push({ step, value: reduce === 'max' ? Math.max(...xs) : xs.reduce((a, b) => a + b, 0) / xs.length });
  }
  return points;
}
