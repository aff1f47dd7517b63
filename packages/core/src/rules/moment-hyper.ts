import { NON_NEGATIVE, UNIT_INTERVAL_OPEN, resolveHyper, type HyperSpec } from '../hyper.js';

/** Hyperparameters shared by `adam` and `adastand`: two decay rates, a rate and an epsilon. */
export type MomentHyper = {
  /** Learning rate, `>= 0` (default 1e-3). */
  readonly lr: number;
  /** Decay of the first moment, in `[0, 1)` (default 0.9). */
  readonly beta1: number;
  /** Decay of the second moment (Adam) or the variance (Adastand), in `[0, 1)` (default 0.999). */
  readonly beta2: number;
  /** Added to the denominator, `>= 0` (default 1e-8). */
  readonly eps: number;
};

const defaults: MomentHyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

const spec: HyperSpec<MomentHyper> = {
  lr: NON_NEGATIVE,
  beta1: UNIT_INTERVAL_OPEN,
  beta2: UNIT_INTERVAL_OPEN,
  eps: NON_NEGATIVE,
};

/** The rule fields that handle {@link MomentHyper}: defaults and `resolve`, for rule `id`. */
export function momentHyper(id: string): { defaults: MomentHyper; resolve: (hyper?: Readonly<Record<string, unknown>>) => MomentHyper } {
  return { defaults, resolve: (hyper) => resolveHyper(id, spec, defaults, hyper) };
}
