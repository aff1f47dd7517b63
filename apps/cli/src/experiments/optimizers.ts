/**
 * The optimizers and stabilisers the experiments compare, by name.
 *
 * @module
 */
import { SPECTRAL_CONSTRAINT_DEFAULTS, parseDecimal } from '@stablegrad/core';

/** An optimizer as the experiments name it: a core rule plus its hyperparameters other than `lr`. */
export interface OptimizerSpec {
  /** Label used in tables and plots, e.g. `sdprop`, `sgd-momentum`. */
  readonly name: string;
  /** The `@stablegrad/core` rule id. */
  readonly rule: string;
  /** Hyperparameters other than `lr`, as passed to the rule. */
  readonly hyper: Readonly<Record<string, number | boolean>>;
}

/** A stabiliser: gradient-norm clipping, the spectral constraint, both, or neither. */
export interface StabiliserSpec {
  /** Label, e.g. `none`, `clip-1`, `spectral`, `spectral+clip-1`. */
  readonly name: string;
  /** Global gradient-norm threshold, when clipping. */
  readonly clipNorm?: number;
  /** Bound `s` on the spectral norm of the candidate recurrent weight, when constrained. */
  readonly spectralBound?: number;
}

/**
 * The optimizers by name, with the hyperparameters the papers use (defaults of `@stablegrad/core`,
 * given explicitly so that reports show them):
 * - `sdprop`: Ida et al. (IJCAI 2017), `gamma = 0.99`, bias correction on;
 * - `adastand`: the same authors' Adam-like variant, `beta1 = 0.9`, `beta2 = 0.999`;
 * - `adam` (Kingma and Ba), `rmsprop` (Hinton; PyTorch's `alpha = 0.99`): the adaptive baselines;
 * - `sgd-momentum` (momentum 0.9) and plain `sgd`: the classical baselines (`sgd` is the
 *   optimizer of Kanai et al.'s GRU experiments).
 */
export const OPTIMIZERS: Readonly<Record<string, OptimizerSpec>> = Object.freeze({
  sdprop: { name: 'sdprop', rule: 'sdprop', hyper: { gamma: 0.99, eps: 1e-8, biasCorrection: true } },
  adastand: { name: 'adastand', rule: 'adastand', hyper: { beta1: 0.9, beta2: 0.999, eps: 1e-8 } },
  adam: { name: 'adam', rule: 'adam', hyper: { beta1: 0.9, beta2: 0.999, eps: 1e-8 } },
  rmsprop: { name: 'rmsprop', rule: 'rmsprop', hyper: { alpha: 0.99, eps: 1e-8 } },
  'sgd-momentum': { name: 'sgd-momentum', rule: 'sgd', hyper: { momentum: 0.9 } },
  sgd: { name: 'sgd', rule: 'sgd', hyper: {} },
});

/**
 * The optimizer named `name` (see {@link OPTIMIZERS}).
 *
 * @throws RangeError naming `optimizer` and listing the names when it is unknown
 */
export function optimizerSpec(name: string): OptimizerSpec {
  const spec = Object.hasOwn(OPTIMIZERS, name) ? OPTIMIZERS[name] : undefined;
  if (!spec) throw new RangeError(`optimizer: unknown optimizer '${name}'; expected one of ${Object.keys(OPTIMIZERS).join(', ')}`);
  return spec;
}

/**
 * Parses a stabiliser name: `none`; `clip-<n>` (gradients clipped to global norm `n`);
 * `spectral` (the constraint `||U_h||_2 <= s` with core's default `s = 1.8`) or `spectral-<s>`;
 * or both joined by `+`, e.g. `spectral+clip-1`.
 *
 * @throws RangeError naming `stabiliser` and the accepted forms when `name` is none of these, names
 * a part twice, or a number is not finite and `> 0`
 */
export function stabiliserSpec(name: string): StabiliserSpec {
  if (name === 'none') return { name };
  const bad = () =>
    new RangeError(`stabiliser: cannot read '${name}'; expected none, clip-<n>, spectral, spectral-<s> or both joined by '+' (spectral+clip-1), numbers > 0`);
  let clipNorm: number | undefined;
  let spectralBound: number | undefined;
  for (const part of name.split('+')) {
    const m = /^(spectral|clip)(?:-(.*))?$/.exec(part);
    if (!m) throw bad();
    const value = m[2] === undefined ? undefined : parseDecimal(m[2]);
    if (m[2] !== undefined && !(value !== undefined && Number.isFinite(value) && value > 0)) throw bad();
    if (m[1] === 'spectral' && spectralBound === undefined) spectralBound = value ?? SPECTRAL_CONSTRAINT_DEFAULTS.maxNorm;
    else if (m[1] === 'clip' && clipNorm === undefined && value !== undefined) clipNorm = value;
    else throw bad();
  }
  return { name, ...(clipNorm === undefined ? {} : { clipNorm }), ...(spectralBound === undefined ? {} : { spectralBound }) };
}
