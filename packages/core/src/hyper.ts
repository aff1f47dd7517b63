/**
 * Hyperparameter specifications: what a rule accepts, its defaults, which values change its
 * traced program, and which values property tests draw. Everything that checks, documents or
 * samples hyperparameters reads them from here.
 *
 * @module
 */

/**
 * A way of drawing test values for a numeric hyperparameter, as data (property-based tests turn it
 * into a generator): a constant, a uniform draw from `[a, b]`, `10^e` with `e` uniform in `[a, b]`,
 * or one of a list.
 */
export type Draw =
  | { readonly const: number }
  | { readonly uniform: readonly [number, number] }
  | { readonly log10Uniform: readonly [number, number] }
  | { readonly oneOf: readonly number[] };

/** A numeric hyperparameter: its range, default and meaning. */
export interface NumberSpec {
  /** Always `number`. */
  readonly kind: 'number';
  /** One line on what it does. */
  readonly doc: string;
  /** Its value when none is given. */
  readonly default: number;
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value (`Infinity` for none). */
  readonly max: number;
  /** Whether `min` itself is allowed (default true). */
  readonly minInclusive?: boolean;
  /** Whether `max` itself is allowed (default true). */
  readonly maxInclusive?: boolean;
  /**
   * `zero` when the rule's traced program differs between `0` and any other value (a momentum of
   * 0 keeps no momentum buffer); absent when the value only enters per-step scalars.
   */
  readonly structural?: 'zero';
  /** The values property-based tests draw, each piece with equal weight. */
  readonly draws: readonly Draw[];
}

/** A switch (boolean hyperparameter). */
export interface SwitchSpec {
  /** Always `switch`. */
  readonly kind: 'switch';
  /** One line on what it does. */
  readonly doc: string;
  /** Its value when none is given. */
  readonly default: boolean;
  /** Whether the rule's traced program differs between `false` and `true`. */
  readonly structural: boolean;
  /** A numeric hyperparameter that must be `> 0` for this switch to be on (Nesterov needs a momentum). */
  readonly requires?: string;
}

/** The specification of one hyperparameter. */
export type ParamSpec = NumberSpec | SwitchSpec;

/** The specification of every hyperparameter of a rule, by name. */
export type HyperSpec = Readonly<Record<string, ParamSpec>>;

/** Hyperparameter values of a rule: numbers and switches. */
export type Hyper = Readonly<Record<string, number | boolean>>;

/** The resolved hyperparameters that a {@link HyperSpec} describes. */
export type HyperOf<S extends HyperSpec> = { readonly [K in keyof S]: S[K] extends SwitchSpec ? boolean : number };

/** The draws of a rate: `10^e`, `e` uniform in `[-6, 0]`. */
const RATE_DRAWS: readonly Draw[] = [{ log10Uniform: [-6, 0] }];
/** The draws of a decay: 0, uniform in `[0, 0.9999]`, or a usual value. */
const DECAY_DRAWS: readonly Draw[] = [{ const: 0 }, { uniform: [0, 0.9999] }, { oneOf: [0.9, 0.99, 0.999] }];
/** The draws of an epsilon: `10^e` with `e` uniform in `[-12, -3]`. */
const EPSILON_DRAWS: readonly Draw[] = [{ log10Uniform: [-12, -3] }];

/** A learning rate: a number in `[0, Infinity)`. */
export function rate(defaultValue: number, doc: string): NumberSpec {
  return { kind: 'number', doc, default: defaultValue, min: 0, max: Infinity, draws: RATE_DRAWS };
}

/** A decay rate or momentum factor: a number in `[0, 1)`; `structural: 'zero'` when 0 changes the program. */
export function decay(defaultValue: number, doc: string, options: { readonly structural?: 'zero' } = {}): NumberSpec {
  return { kind: 'number', doc, default: defaultValue, min: 0, max: 1, maxInclusive: false, draws: DECAY_DRAWS, ...options };
}

/**
 * An epsilon added to a denominator: a number in `(0, Infinity)`. Zero is refused: where a
 * gradient element has been exactly 0 since the first step, the denominator is then 0 and the
 * update 0/0.
 */
export function epsilon(defaultValue: number, doc: string): NumberSpec {
  return { kind: 'number', doc, default: defaultValue, min: 0, minInclusive: false, max: Infinity, draws: EPSILON_DRAWS };
}

/** A switch; `structural` when it changes the traced program, `requires` a number that must be `> 0` when it is on. */
export function toggle(defaultValue: boolean, doc: string, options: { readonly structural?: boolean; readonly requires?: string } = {}): SwitchSpec {
  return { kind: 'switch', doc, default: defaultValue, structural: options.structural ?? false, ...(options.requires ? { requires: options.requires } : {}) };
}

/** `[min, max]` with the brackets of its inclusiveness, e.g. `[0, 1)`. */
export function describeRange(s: NumberSpec): string {
  const lo = `${s.minInclusive === false ? '(' : '['}${s.min}`;
  const hi = `${s.max === Infinity ? 'Infinity' : s.max}${s.maxInclusive === false || s.max === Infinity ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

/** Whether `v` lies in the range of `s`. */
export function inRange(s: NumberSpec, v: number): boolean {
  return (s.minInclusive === false ? v > s.min : v >= s.min) && (s.maxInclusive === false ? v < s.max : v <= s.max);
}

/** The default of every hyperparameter of `spec`. */
export function defaultsOf<S extends HyperSpec>(spec: S): HyperOf<S> {
  return Object.fromEntries(Object.entries(spec).map(([k, s]) => [k, s.default])) as HyperOf<S>;
}

/**
 * Applies the defaults of `spec` to `given` and checks every value: numbers finite and in range,
 * switches boolean, a switch's `requires` met.
 *
 * @throws RangeError naming the rule, the hyperparameter and what was expected; also for an
 * unknown hyperparameter name
 */
export function resolveHyper<S extends HyperSpec>(ruleId: string, spec: S, given: Readonly<Record<string, unknown>> = {}): HyperOf<S> {
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(spec, key)) {
      throw new RangeError(`${ruleId}: unknown hyperparameter '${key}'; expected one of ${Object.keys(spec).join(', ')}`);
    }
  }
  const out: Record<string, number | boolean> = {};
  for (const [key, s] of Object.entries(spec)) {
    const v = given[key] === undefined ? s.default : given[key];
    if (s.kind === 'switch') {
      if (typeof v !== 'boolean') throw new RangeError(`${ruleId}: hyperparameter '${key}' must be a boolean, got ${String(v)}`);
    } else if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(s, v)) {
      throw new RangeError(`${ruleId}: hyperparameter '${key}' must be a finite number in ${describeRange(s)}, got ${String(v)}`);
    }
    out[key] = v as number | boolean;
  }
  for (const [key, s] of Object.entries(spec)) {
    if (s.kind === 'switch' && s.requires !== undefined && out[key] === true && !((out[s.requires] as number) > 0)) {
      throw new RangeError(`${ruleId}: hyperparameter '${key}' needs '${s.requires}' > 0`);
    }
  }
  return out as HyperOf<S>;
}
