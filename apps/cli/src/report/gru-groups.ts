/**
 * The runs of the GRU experiment grouped by optimizer, learning rate and stabiliser, in the
 * configuration's order.
 *
 * @module
 */
import type { GruExperimentResult, GruRun } from '../experiments/gru-result.js';

/** The runs (one per seed) of one optimizer at one learning rate with one stabiliser. */
export interface GruGroup {
  readonly optimizer: string;
  readonly lr: number;
  readonly stabiliser: string;
  readonly runs: readonly GruRun[];
}

/**
 * One group per (optimizer, learning rate, stabiliser) that has runs: optimizers and stabilisers
 * in the order of the configuration, then any others in the order their runs appear; rates
 * ascending.
 */
export function gruGroups(result: GruExperimentResult): GruGroup[] {
  const order = (names: readonly string[], seen: readonly string[]): string[] => [...new Set([...names, ...seen])];
  const optimizers = order(result.config.optimizers.map((o) => o.name), result.runs.map((r) => r.optimizer));
  const stabilisers = order(result.config.stabilisers.map((s) => s.name), result.runs.map((r) => r.stabiliser));
  const groups: GruGroup[] = [];
  for (const optimizer of optimizers) {
    const rates = [...new Set(result.runs.filter((r) => r.optimizer === optimizer).map((r) => r.lr))].sort((a, b) => a - b);
    for (const lr of rates) {
      for (const stabiliser of stabilisers) {
        const runs = result.runs.filter((r) => r.optimizer === optimizer && r.lr === lr && r.stabiliser === stabiliser);
        if (runs.length > 0) groups.push({ optimizer, lr, stabiliser, runs });
      }
    }
  }
  return groups;
}
