/**
 * Hyperparameter checking shared by the built-in rules.
 *
 * @module
 */
import type { Hyper } from './rule.js';

/** How a numeric hyperparameter is bounded. */
export interface NumberSpec {
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
  /** Whether `min` itself is allowed (default true). */
  readonly minInclusive?: boolean;
  /** Whether `max` itself is allowed (default true). */
  readonly maxInclusive?: boolean;
}

/** The declared type of each hyperparameter of a rule. */
export type HyperSpec<H extends Hyper> = { readonly [K in keyof H]: H[K] extends boolean ? 'boolean' : NumberSpec };

function describeRange(s: NumberSpec): string {
  const lo = `${s.minInclusive === false ? '(' : '['}${s.min}`;
  const hi = `${s.max === Infinity ? 'Infinity' : s.max}${s.maxInclusive === false || s.max === Infinity ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

/**
 * Applies `defaults` to `given` and checks every value against `spec`.
 *
 * @throws RangeError naming the rule, the hyperparameter and what was expected; also for an
 * unknown hyperparameter name
 */
export function resolveHyper<H extends Hyper>(
  ruleId: string,
  spec: HyperSpec<H>,
  defaults: H,
  given: Readonly<Record<string, unknown>> = {},
): H {
  for (const key of Object.keys(given)) {
    if (!(key in spec)) {
      throw new RangeError(
        `${ruleId}: unknown hyperparameter '${key}'; expected one of ${Object.keys(spec).join(', ')}`,
      );
    }
  }
  const out: Record<string, number | boolean> = {};
  for (const key of Object.keys(spec) as (keyof H & string)[]) {
    const s = spec[key] as 'boolean' | NumberSpec;
    const v = given[key] === undefined ? defaults[key] : given[key];
    if (s === 'boolean') {
      if (typeof v !== 'boolean') {
        throw new RangeError(`${ruleId}: hyperparameter '${key}' must be a boolean, got ${String(v)}`);
      }
    } else {
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (s.minInclusive === false ? v > s.min : v >= s.min) &&
        (s.maxInclusive === false ? v < s.max : v <= s.max);
      if (!ok) {
        throw new RangeError(
          `${ruleId}: hyperparameter '${key}' must be a finite number in ${describeRange(s)}, got ${String(v)}`,
        );
      }
    }
    out[key] = v as number | boolean;
  }
  return out as H;
}

/** `[0, Infinity)`: learning rates and epsilons. */
export const NON_NEGATIVE: NumberSpec = { min: 0, max: Infinity };
/** `[0, 1)`: decay rates and momenta. */
export const UNIT_INTERVAL_OPEN: NumberSpec = { min: 0, max: 1, maxInclusive: false };
