/**
 * The optimizer step of a training loop, on whichever step backend was chosen: gradients come from
 * tfjs, core's `Optimizer` updates the parameters (with gradient clipping as a transform and the
 * spectral-norm constraint on one parameter), and the results go back into the tfjs variables.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Optimizer,
  SpectralNormConstraint,
  clipByGlobalNorm,
  type Backend,
  type LinAlg,
  type OptimizerState,
  type ParameterConstraint,
} from '@stablegrad/core';
import { loadStepBackend, type StepBackendBinding } from './step-backend.js';
import type { OptimizerSpec } from '../experiments/optimizers.js';
import type { StepBackendId } from './step-backend.js';

/** What to step with. */
export interface StepperSpec {
  /** The rule and its hyperparameters other than `lr`. */
  readonly optimizer: OptimizerSpec;
  /** The learning rate. */
  readonly lr: number;
  /** Clip the gradients to this global norm before the update (core's `clipByGlobalNorm`). */
  readonly clipNorm?: number;
  /** Project this parameter onto `{W : ||W||_2 <= maxNorm}` after each update (core's `SpectralNormConstraint`). */
  readonly constrain?: { readonly param: string; readonly maxNorm: number };
}

/** What one step measured. */
export interface StepReport {
  /** Global norm of the gradients before clipping (`NaN` or `Infinity` when they were not finite). */
  readonly gradNorm: number;
  /** Milliseconds in the optimizer update (clipping included). */
  readonly optimizerMs: number;
  /** Milliseconds in the constraint (0 without one). */
  readonly constraintMs: number;
}

/** Applies optimizer steps to a fixed set of tfjs variables. */
export interface Stepper {
  /**
   * One update from `grads` (by the same names as the variables; the caller keeps ownership).
   * Non-finite gradients are stepped like any others; a non-finite parameter skips the constraint.
   */
  step(grads: Readonly<Record<string, tf.Tensor>>): StepReport;
  /** Frees the optimizer state and the backend. */
  dispose(): void;
}

/**
 * A {@link Stepper} for `variables` on the step backend `backend`.
 *
 * @throws Error naming `backend` when it cannot be used; RangeError naming the hyperparameter
 * or `constrain.param` that is wrong
 */
export async function createStepper(
  backend: StepBackendId,
  variables: Readonly<Record<string, tf.Variable>>,
  spec: StepperSpec,
): Promise<Stepper> {
  return bindStepper(await loadStepBackend(backend), variables, spec);
}

function bindStepper<Tn>(b: StepBackendBinding<Tn>, variables: Readonly<Record<string, tf.Variable>>, spec: StepperSpec): Stepper {
  const { backend } = b;
  const target = spec.constrain?.param;
  if (target !== undefined && !(target in variables)) {
    throw new RangeError(`constrain.param: no parameter named '${target}'; expected one of ${Object.keys(variables).join(', ')}`);
  }
  let constraintMs = 0;
  const constraints: Record<string, ParameterConstraint> = {};
  if (spec.constrain && target !== undefined) {
    const spectral = new SpectralNormConstraint({ maxNorm: spec.constrain.maxNorm });
    constraints[target] = finiteAndTimed(spectral, backend, (ms) => (constraintMs += ms));
  }
  const optimizer = new Optimizer<Tn>(spec.optimizer.rule, { ...spec.optimizer.hyper, lr: spec.lr }, {
    backend,
    // An exploding run is measured, not stopped: a non-finite norm lets NaN through, as TensorFlow does.
    gradientTransforms: spec.clipNorm === undefined ? [] : [clipByGlobalNorm(spec.clipNorm, { nonFinite: 'nan' })],
    constraints,
    reportGradNorm: true,
  });
  const names = Object.keys(variables);
  let state: OptimizerState<Tn> = scoped(() => {
    const s = optimizer.init(Object.fromEntries(names.map((n) => [n, b.fromTf(variables[n]!)])));
    slotTensors(s).forEach((t) => b.keep(t));
    return s;
  });
  return {
    step(grads) {
      return scoped(() => {
        const params = Object.fromEntries(names.map((n) => [n, b.fromTf(variables[n]!)]));
        const g = Object.fromEntries(names.map((n) => [n, b.fromTf(grads[n]!)]));
        constraintMs = 0;
        const t0 = performance.now();
        let r: ReturnType<typeof optimizer.step>;
        try {
          r = optimizer.step(g, state, params);
        } catch (e) {
          if (b.copies) [...Object.values(params), ...Object.values(g)].forEach((t) => b.release(t));
          throw e;
        }
        const stepMs = performance.now() - t0;
        const gradNorm = r.gradNorm!;
        for (const n of names) {
          const value = b.toTf(r.params[n]!);
          if (value !== variables[n]) variables[n]!.assign(value);
        }
        const kept = new Set(slotTensors(r.state));
        kept.forEach((t) => b.keep(t));
        slotTensors(state).forEach((t) => kept.has(t) || b.release(t));
        // Copies made for this step (parameters, gradients, results) are the stepper's to free.
        if (b.copies) new Set([...Object.values(params), ...Object.values(g), ...Object.values(r.params)]).forEach((t) => kept.has(t) || b.release(t));
        state = r.state;
        return { gradNorm, optimizerMs: stepMs - constraintMs, constraintMs };
      });
    },
    dispose() {
      slotTensors(state).forEach((t) => b.release(t));
      b.dispose();
    },
  };
}

/**
 * `constraint`, with its time passed to `onTime`, and left out for a parameter that is no longer
 * finite (the run is diverging; the projection of a non-finite matrix means nothing).
 */
function finiteAndTimed<Tn>(constraint: ParameterConstraint, backend: Backend<Tn>, onTime: (ms: number) => void): ParameterConstraint {
  return {
    apply<T>(la: LinAlg<T>, W: T, state: unknown) {
      const t0 = performance.now();
      const r = backend.findNonFinite(W as unknown as Tn) < 0 ? constraint.apply(la, W, state) : { W, state };
      onTime(performance.now() - t0);
      return r;
    },
  };
}

/** `fn()` inside a `tf.tidy` scope: tfjs tensors it creates are freed unless kept. */
function scoped<T>(fn: () => T): T {
  let out: { value: T } | undefined;
  tf.tidy(() => {
    out = { value: fn() };
  });
  return out!.value;
}

function slotTensors<Tn>(state: OptimizerState<Tn>): Tn[] {
  return Object.values(state.slots).flatMap((s) => Object.values(s));
}
