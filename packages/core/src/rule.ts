/**
 * What an elementwise update rule is: a complete description of itself, from which everything
 * that lists rules elsewhere (optimizer classes, test generators, kernel variants, benchmarks,
 * docs) is derived.
 *
 * @module
 */
import { defaultsOf, resolveHyper, type Hyper, type HyperOf, type HyperSpec } from './hyper.js';
import type { Ops } from './ops.js';

export type { Hyper } from './hyper.js';

/** The values one element of one tensor carries into and out of an update. */
export interface RuleValues<T, S extends string = string> {
  /** The parameter. */
  readonly param: T;
  /** The optimizer's slots for this parameter, by slot name (`mu`, `c`, ...): those the configuration keeps. */
  readonly slots: Readonly<Partial<Record<S, T>>>;
}

/** What an update reads: the parameter, its gradient and its slots. */
export interface RuleInputs<T, S extends string = string> {
  /** The parameter. */
  readonly param: T;
  /** The gradient of the loss with respect to the parameter. */
  readonly grad: T;
  /** The slots the configuration keeps, by name (reading another one is an error while tracing). */
  readonly slots: Readonly<Record<S, T>>;
}

/** When a rule keeps a slot: always, or when a condition on its hyperparameters holds. */
export type SlotCondition<H> = true | ((hyper: H) => boolean);

/**
 * An elementwise optimizer update rule, written once over {@link Ops}, with everything about it:
 * its hyperparameters (ranges, defaults, which ones change the traced program, how tests draw
 * them), its slots, its per-step scalars and its update.
 *
 * `update` must be pure: it neither mutates nor loops nor allocates; it combines its inputs with
 * `ops` and returns the new parameter and slots. Everything that depends on the step count or
 * needs transcendental functions comes from `scalars`, computed on the host in float64 once per
 * step. The structure of the computation may depend only on the hyperparameters the specification
 * marks `structural`, never on numeric values that change between steps.
 *
 * Make one with {@link defineRule}.
 *
 * @typeParam H - the rule's resolved hyperparameters
 * @typeParam S - its slot names
 * @typeParam C - the names of its per-step scalars
 */
export interface Rule<H extends Hyper = Hyper, S extends string = string, C extends string = string> {
  /** Canonical id, such as `sdprop`. */
  readonly id: string;
  /** Display name, such as `SDProp`, for tables and plots. */
  readonly name: string;
  /** One-line description, with the paper or library it follows. */
  readonly description: string;
  /** The specification of every hyperparameter. */
  readonly hyper: HyperSpec;
  /** Default hyperparameters. */
  readonly defaults: H;
  /** The configuration benchmarks time and examples use (the defaults, unless the rule says otherwise). */
  readonly typical: H;
  /** Every slot name the rule can keep, in a stable order. */
  readonly slotNames: readonly S[];
  /** Slots whose values are never negative (running variances), which restored states are checked against. */
  readonly nonNegativeSlots: readonly S[];
  /**
   * Applies defaults and checks every hyperparameter.
   *
   * @throws RangeError naming the hyperparameter and its allowed range
   */
  resolve(hyper?: Readonly<Record<string, unknown>>): H;
  /** The slot names this configuration keeps per parameter, in the order of {@link Rule.slotNames}. */
  slots(hyper: H): readonly S[];
  /** Per-step coefficients, computed in float64 for step `t` (1-based). */
  scalars(hyper: H, t: number): Readonly<Record<C, number>>;
  /** The elementwise update. */
  update<T>(ops: Ops<T, C>, x: RuleInputs<T, S>, hyper: H): RuleValues<T, S>;
}

/** The hyperparameters of a rule type, e.g. `RuleHyper<typeof sdprop>`. */
export type RuleHyper<R> = R extends Rule<infer H, any, any> ? H : never;

/** What {@link defineRule} takes: a rule's description in the form it is written in. */
export interface RuleDefinition<Spec extends HyperSpec, S extends string, C extends string> {
  /** Canonical id, such as `sdprop`. */
  readonly id: string;
  /** Display name, such as `SDProp`. */
  readonly name: string;
  /** One-line description, with the paper or library it follows. */
  readonly description: string;
  /** Every hyperparameter (see `rate`, `decay`, `epsilon`, `toggle`). */
  readonly hyper: Spec;
  /** Every slot the rule can keep, in order, with the condition under which it is kept. */
  readonly slots: { readonly [K in S]: SlotCondition<HyperOf<Spec>> };
  /** Slots whose values the update never makes negative (running variances); default none. */
  readonly nonNegativeSlots?: readonly NoInfer<S>[];
  /** Hyperparameters that differ from the defaults in the configuration benchmarks time. */
  readonly typical?: Partial<HyperOf<Spec>>;
  /** Per-step coefficients, computed in float64 for step `t` (1-based). */
  scalars(hyper: HyperOf<Spec>, t: number): Readonly<Record<C, number>>;
  /** The elementwise update. */
  update<T>(ops: Ops<T, C>, x: RuleInputs<T, S>, hyper: HyperOf<Spec>): RuleValues<T, S>;
}

/**
 * Makes a {@link Rule} from its definition: `resolve` checks hyperparameters against the
 * specification, `slots` keeps the slots whose condition holds.
 *
 * @throws RangeError when the typical configuration is out of range, or a switch `requires` a
 * hyperparameter that is not a number of the rule
 */
export function defineRule<Spec extends HyperSpec, S extends string, C extends string>(
  def: RuleDefinition<Spec, S, C>,
): Rule<HyperOf<Spec>, S, C> {
  for (const [key, s] of Object.entries(def.hyper)) {
    if (s.kind === 'switch' && s.requires !== undefined && def.hyper[s.requires]?.kind !== 'number') {
      throw new RangeError(`${def.id}: hyperparameter '${key}' requires '${s.requires}', which is not a numeric hyperparameter of the rule`);
    }
  }
  const slotEntries = Object.entries(def.slots) as [S, SlotCondition<HyperOf<Spec>>][];
  const resolve = (hyper?: Readonly<Record<string, unknown>>): HyperOf<Spec> => resolveHyper(def.id, def.hyper, hyper);
  return {
    id: def.id,
    name: def.name,
    description: def.description,
    hyper: def.hyper,
    defaults: defaultsOf(def.hyper),
    typical: resolve(def.typical ?? {}),
    slotNames: slotEntries.map(([s]) => s),
    nonNegativeSlots: [...(def.nonNegativeSlots ?? [])],
    resolve,
    slots: (h) => slotEntries.filter(([, when]) => when === true || when(h)).map(([s]) => s),
    scalars: (h, t) => def.scalars(h, t),
    update: (ops, x, h) => def.update(ops, x, h),
  };
}
