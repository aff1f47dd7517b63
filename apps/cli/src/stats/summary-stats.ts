/**
 * Summary statistics over seeds for values that may be non-finite (`null`), and the significance
 * tests behind the report's comparisons: Welch's t-test, Fisher's exact test and Holm's
 * adjustment for a family of comparisons.
 *
 * @module
 */
import { fisherExactTwoSided, studentTQuantile, studentTTwoSided } from './distributions.js';

/** A training loss, gradient norm or other figure that is `null` when it was not finite. */
export type Finite = number | null;

/** Mean and sample standard deviation over seeds (`std` is 0 for one seed). */
export interface MeanStd {
  /** Mean over seeds; null when any value was non-finite. */
  readonly mean: Finite;
  /** Sample standard deviation over seeds; null when any value was non-finite. */
  readonly std: Finite;
}

/** A number, or `null` when it is not finite (how the report stores NaN and infinities). */
export function finite(x: number): Finite {
  return Number.isFinite(x) ? x : null;
}

/**
 * Mean and sample standard deviation of `values` (`std` 0 for one value); both `null` when any
 * value is `null` or there are none.
 */
export function meanStd(values: readonly Finite[]): MeanStd {
  if (values.length === 0 || values.some((v) => v === null)) return { mean: null, std: null };
  const xs = values as readonly number[];
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

/** The largest of `values`; `null` when any is `null` (a non-finite value is the largest). */
export function maxOrNonFinite(values: readonly Finite[]): Finite {
  let max = -Infinity;
  for (const v of values) {
    if (v === null) return null;
    if (v > max) max = v;
  }
  return max;
}

/** The significance level of every comparison the report draws (after Holm's adjustment). */
export const ALPHA = 0.05;

/** What a comparison says when its difference does not exceed the spread across seeds. */
export const NOT_DISTINGUISHABLE = 'not distinguishable at this scale';

/** The result of {@link welchTTest}. */
export interface WelchResult {
  /** `mean(a) - mean(b)`. */
  readonly difference: number;
  /** Welch's t statistic, `difference / sqrt(s_a^2/n_a + s_b^2/n_b)`. */
  readonly t: number;
  /** The Welch-Satterthwaite degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** 95 % confidence interval of the difference, `difference -/+ t_{0.975, df} * se`. */
  readonly ci95: readonly [number, number];
}

/**
 * Welch's unequal-variance t-test of `mean(a) = mean(b)` (Welch, Biometrika 1947): with
 * `v = s^2 / n` per sample, `t = (mean_a - mean_b) / sqrt(v_a + v_b)` and
 * `df = (v_a + v_b)^2 / (v_a^2 / (n_a - 1) + v_b^2 / (n_b - 1))`, p two-sided from Student's t.
 * When both samples are constant the difference is certain: p is 1 if the means are equal, else 0.
 *
 * @throws RangeError naming `a` or `b` when it has fewer than 2 values or one that is not finite
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  for (const [name, xs] of [['a', a], ['b', b]] as const) {
    if (xs.length < 2 || !xs.every(Number.isFinite)) throw new RangeError(`${name}: expected at least 2 finite values, got [${xs.join(', ')}]`);
  }
  const [ma, mb] = [meanStd(a), meanStd(b)] as { mean: number; std: number }[];
  const va = ma!.std ** 2 / a.length;
  const vb = mb!.std ** 2 / b.length;
  const difference = ma!.mean - mb!.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    const p = difference === 0 ? 1 : 0;
    return { difference, t: difference === 0 ? 0 : Math.sign(difference) * Infinity, df: a.length + b.length - 2, p, ci95: [difference, difference] };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = difference / se;
  const half = studentTQuantile(0.975, df) * se;
  return { difference, t, df, p: studentTTwoSided(t, df), ci95: [difference - half, difference + half] };
}

/**
 * Holm's step-down adjustment of the p-values of a family of tests (Holm, Scand. J. Statist.
 * 1979): sorted ascending, `p_(i)` becomes `max_{j <= i} min(1, (m - j + 1) p_(j))`; rejecting
 * where the adjusted value is below alpha keeps the family-wise error rate at alpha.
 */
export function holmAdjust(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(ps.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** One side of a {@link Comparison}. */
export interface ComparisonArm {
  /** What it is, e.g. `sdprop (lr 0.001)` or `spectral`. */
  readonly label: string;
  /** The per-seed values compared (`null`: not finite), or for a count, 1 per run that had the event and 0 per run that had not. */
  readonly values: readonly Finite[];
  /** Mean of `values` (for a count, the fraction of runs); null when a value is null. */
  readonly mean: Finite;
  /** Sample standard deviation of `values`; null when a value is null. */
  readonly std: Finite;
}

/** The test behind a {@link Comparison}: Welch's t-test, Fisher's exact test, or none (with the reason in `verdict`). */
export type ComparisonTest = 'welch-t' | 'fisher-exact' | 'none';

/** A comparison the report draws between two configurations, with its significance test. */
export interface Comparison {
  /** What is compared, e.g. `final training loss`. */
  readonly metric: string;
  /** Which direction is better for the metric. */
  readonly better: 'lower' | 'higher';
  /** The first configuration (the method under study). */
  readonly a: ComparisonArm;
  /** The second configuration (the baseline). */
  readonly b: ComparisonArm;
  /** The test used. */
  readonly test: ComparisonTest;
  /** `mean(a) - mean(b)`; null without a test. */
  readonly difference: Finite;
  /** 95 % confidence interval of the difference (Welch's t-test only). */
  readonly ci95: readonly [number, number] | null;
  /** The test statistic (t for Welch's test); null for Fisher's test and without a test. */
  readonly statistic: Finite;
  /** Degrees of freedom of Welch's test; null otherwise. */
  readonly df: Finite;
  /** Two-sided p-value; null without a test. */
  readonly p: Finite;
  /** `p` after Holm's adjustment over every tested comparison of the same experiment. */
  readonly pAdjusted: Finite;
  /** True when `pAdjusted < ALPHA`: the difference exceeds the spread across seeds. */
  readonly distinguishable: boolean;
  /** `<label> better`, {@link NOT_DISTINGUISHABLE}, or why no test was made. */
  readonly verdict: string;
}

/** A comparison before the family's adjustment. */
export type UnadjustedComparison = Omit<Comparison, 'pAdjusted' | 'distinguishable' | 'verdict'> & { readonly reason?: string };

/** An arm from its per-seed values. */
export function arm(label: string, values: readonly Finite[]): ComparisonArm {
  return { label, values, ...meanStd(values) };
}

/**
 * `a` against `b` on the per-seed values of `metric` by Welch's t-test; no test (with the reason)
 * when either side has fewer than 2 values or a non-finite one (a diverged run).
 */
export function welchComparison(metric: string, better: 'lower' | 'higher', a: ComparisonArm, b: ComparisonArm): UnadjustedComparison {
  const none = { metric, better, a, b, test: 'none', difference: null, ci95: null, statistic: null, df: null, p: null } as const;
  const short = [a, b].find((s) => s.values.length < 2);
  if (short) return { ...none, reason: `no test: ${short.label} has ${short.values.length} run(s), at least 2 needed` };
  const broken = [a, b].filter((s) => s.values.some((v) => v === null));
  if (broken.length > 0) {
    const counts = broken.map((s) => `${s.label} ${s.values.filter((v) => v === null).length}/${s.values.length}`).join(', ');
    return { ...none, reason: `no test: non-finite runs (${counts})` };
  }
  const w = welchTTest(a.values as number[], b.values as number[]);
  return { metric, better, a, b, test: 'welch-t', difference: w.difference, ci95: w.ci95, statistic: w.t, df: w.df, p: w.p };
}

/**
 * `a` against `b` on how many runs had an event (explosion, divergence), by Fisher's exact test
 * on the 2 x 2 table of runs with and without it. `a` and `b` hold 1 per run with the event, 0 without.
 */
export function fisherComparison(metric: string, a: ComparisonArm, b: ComparisonArm): UnadjustedComparison {
  const count = (s: ComparisonArm) => s.values.filter((v) => v === 1).length;
  const p = fisherExactTwoSided(count(a), a.values.length, count(b), b.values.length);
  const difference = a.mean !== null && b.mean !== null ? a.mean - b.mean : null;
  return { metric, better: 'lower', a, b, test: 'fisher-exact', difference, ci95: null, statistic: null, df: null, p };
}

/**
 * Completes a family of comparisons: Holm's adjustment over the tested ones, and each verdict:
 * `<better label> better` when the adjusted p is below {@link ALPHA}, else {@link NOT_DISTINGUISHABLE}
 * (or the reason no test was made).
 */
export function adjustFamily(family: readonly UnadjustedComparison[]): Comparison[] {
  const tested = family.flatMap((c, i) => (c.p === null ? [] : [i]));
  const adjusted = holmAdjust(tested.map((i) => family[i]!.p!));
  return family.map(({ reason, ...c }, i) => {
    const at = tested.indexOf(i);
    const pAdjusted = at < 0 ? null : adjusted[at]!;
    const distinguishable = pAdjusted !== null && pAdjusted < ALPHA && c.difference !== null && c.difference !== 0;
    const aBetter = c.difference !== null && (c.better === 'lower' ? c.difference < 0 : c.difference > 0);
    const verdict = distinguishable ? `${aBetter ? c.a.label : c.b.label} better` : (reason ?? NOT_DISTINGUISHABLE);
    return { ...c, pAdjusted, distinguishable, verdict };
  });
}
