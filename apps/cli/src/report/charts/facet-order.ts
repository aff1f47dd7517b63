/**
 * The order of optimizers and stabilisers in the GRU plots' facets and axes.
 *
 * @module
 */
import type { GruGroup } from '../gru-groups.js';

/** Optimizer and stabiliser names in the order of their first group. */
export function facetOrder(groups: readonly GruGroup[]): { readonly optimizers: string[]; readonly stabilisers: string[] } {
  return {
    optimizers: [...new Set(groups.map((g) => g.optimizer))],
    stabilisers: [...new Set(groups.map((g) => g.stabiliser))],
  };
}
