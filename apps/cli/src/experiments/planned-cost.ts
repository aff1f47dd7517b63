/**
 * The planned cost of the experiments' runs, in seconds of a reference machine, for the progress
 * display's estimate of the time left and the documented durations of each scale. The reference
 * is a shared 2-core x86-64 machine (AMD EPYC) with gradients on tfjs-node and optimizer steps
 * on `native`; the constants are one-run measurements there. On another machine or backend the
 * display scales the plan by the pace it observes.
 *
 * @module
 */

/** Seconds per training batch of 32 (forward, gradients, optimizer step), by MNIST network. */
export const MNIST_STEP_SECONDS: Readonly<Record<string, number>> = Object.freeze({ lenet: 0.014, 'small-cnn': 0.004 });

/** Seconds per test digit evaluated, by MNIST network. */
export const MNIST_EVAL_SECONDS: Readonly<Record<string, number>> = Object.freeze({ lenet: 0.0002, 'small-cnn': 0.00005 });

/** Seconds per time step of a GRU sequence spent on the cost of tfjs operations, whatever their size. */
export const GRU_SECONDS_PER_TIMESTEP = 2e-3;

/** Seconds per unit of arithmetic `B T H (3H + V)` of one run's GRU forward and backward pass (the input layer gathers rows). */
export const GRU_SECONDS_PER_WORK = 3e-10;

/** Seconds per run and step outside the gradients: the optimizer step and the spectral-norm measurement. */
export const GRU_RUN_STEP_SECONDS = 2.7e-3;

/** Seconds per constrained run and step spent in the spectral constraint, at 64 units (on `native`; about 160 ms on `tfjs`). */
export const GRU_CONSTRAINT_SECONDS = 2.7e-3;

/**
 * The planned seconds of one step of a group of `runs` GRU runs computed together, `constrained`
 * of them with the spectral constraint: a fixed cost per time step (the tfjs operations of the
 * recurrence), the arithmetic of every run, and each run's own optimizer step and constraint
 * (the constraint's cost taken to grow as `H^2`, the cost of its matrix products, from 64 units).
 */
export function gruGroupStepSeconds(
  config: { readonly units: number; readonly seqLength: number; readonly batchSize: number; readonly corpus: { readonly vocabulary: number } },
  runs: number,
  constrained: number,
): number {
  const { units: H, seqLength: T, batchSize: B } = config;
  const work = B * T * H * (3 * H + config.corpus.vocabulary);
  return T * GRU_SECONDS_PER_TIMESTEP + runs * (work * GRU_SECONDS_PER_WORK + GRU_RUN_STEP_SECONDS) + constrained * GRU_CONSTRAINT_SECONDS * (H / 64) ** 2;
}
