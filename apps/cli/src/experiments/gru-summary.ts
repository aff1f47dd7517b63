/**
 * The comparisons the GRU experiment draws: the spectral constraint against gradient clipping.
 *
 * @module
 */
import { adjustFamily, arm, fisherComparison, welchComparison, type Comparison } from '../stats/summary-stats.js';
import type { GruConfig, GruRun } from './gru-result.js';

/** 1 when a run had an explosion (a loss spike or a non-finite loss), else 0. */
function exploded(run: GruRun): number {
  return run.explosions.length > 0 ? 1 : 0;
}

/**
 * The spectral constraint (each stabiliser with a bound and no clipping) against gradient
 * clipping (each stabiliser with a threshold and no bound), per optimizer:
 * - at each learning rate, the final validation loss over the seeds (lower is better), by
 *   Welch's t-test (no test where a run diverged: its loss is not finite);
 * - over the whole sweep, the share of runs with an explosion (fewer is better), by Fisher's
 *   exact test on the runs of every rate and seed.
 * Holm-adjusted over all of them.
 */
export function compareGru(config: GruConfig, runs: readonly GruRun[]): Comparison[] {
  const constraints = config.stabilisers.filter((s) => s.spectralBound !== undefined && s.clipNorm === undefined);
  const clippings = config.stabilisers.filter((s) => s.clipNorm !== undefined && s.spectralBound === undefined);
  const family = config.optimizers.flatMap(({ name }) =>
    constraints.flatMap((constraint) =>
      clippings.flatMap((clipping) => {
        const of = (stabiliser: string, lr?: number) => runs.filter((r) => r.optimizer === name && r.stabiliser === stabiliser && (lr === undefined || r.lr === lr));
        const perRate = (config.lr[name] ?? []).map((lr) =>
          welchComparison(
            'final validation loss',
            'lower',
            arm(`${name} lr=${lr} ${constraint.name}`, of(constraint.name, lr).map((r) => r.finalValidationLoss)),
            arm(`${name} lr=${lr} ${clipping.name}`, of(clipping.name, lr).map((r) => r.finalValidationLoss)),
          ),
        );
        const overSweep = fisherComparison(
          'runs with an explosion, over the sweep',
          arm(`${name} ${constraint.name}`, of(constraint.name).map(exploded)),
          arm(`${name} ${clipping.name}`, of(clipping.name).map(exploded)),
        );
        return [...perRate, overSweep];
      }),
    ),
  );
  return adjustFamily(family);
}
