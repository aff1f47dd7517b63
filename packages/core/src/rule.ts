/**
 * What an elementwise update rule is.
 *
 * @module
 */
import type { Ops } from './ops.js';

/** Hyperparameter values of a rule: numbers and switches. */
export type Hyper = Readonly<Record<string, number | boolean>>;

/** The values one element of one tensor carries into and out of an update. */
export interface RuleValues<T> {
  /** The parameter. */
  readonly param: T;
  /** The optimizer's slots for this parameter, by slot name (`mu`, `c`, ...). */
  readonly slots: Readonly<Record<string, T>>;
}

/** What an update reads: the parameter, its gradient and its slots. */
export interface RuleInputs<T> extends RuleValues<T> {
  /** The gradient of the loss with respect to the parameter. */
  readonly grad: T;
}

/**
 * An elementwise optimizer update rule, written once over {@link Ops}.
 *
 * `update` must be pure: it neither mutates nor loops nor allocates; it combines its inputs with
 * `ops` and returns the new parameter and slots. Everything that depends on the step count or
 * needs transcendental functions comes from `scalars`, computed on the host in float64 once per
 * step. The structure of the computation may depend on switches in `hyper` (such as `nesterov`),
 * never on numeric values that change between steps.
 *
 * @typeParam H - the rule's hyperparameters, after defaults are applied
 */
export interface Rule<H extends Hyper = Hyper> {
  /** Canonical id, such as `sdprop`. */
  readonly id: string;
  /** One-line description. */
  readonly description: string;
  /** Default hyperparameters. */
  readonly defaults: H;
  /**
   * Applies defaults and checks every hyperparameter.
   *
   * @throws RangeError naming the hyperparameter and its allowed range
   */
  resolve(hyper?: Readonly<Record<string, unknown>>): H;
  /** The slot names this configuration keeps per parameter, in a stable order. */
  slots(hyper: H): readonly string[];
  /** Per-step coefficients, computed in float64 for step `t` (1-based). */
  scalars(hyper: H, t: number): Readonly<Record<string, number>>;
  /** The elementwise update. */
  update<T>(ops: Ops<T>, x: RuleInputs<T>, hyper: H): RuleValues<T>;
}
