/**
 * Naming a learning rate by its place in its optimizer's sweep, so that plots with one row or
 * panel per optimizer share one colour or axis for rates that differ between optimizers.
 *
 * @module
 */
import type { GruGroup } from '../gru-groups.js';

/** Each optimizer's rates, ascending. */
export function ratesOf(groups: readonly GruGroup[]): Map<string, number[]> {
  const rates = new Map<string, number[]>();
  for (const g of groups) rates.set(g.optimizer, [...new Set([...(rates.get(g.optimizer) ?? []), g.lr])].sort((a, b) => a - b));
  return rates;
}

/** A row of panels: the optimizer and its rates. */
export function rowLabel(optimizer: string, rates: readonly number[]): string {
  return `${optimizer}: lr ${rates.join(', ')}`;
}

/** The colour of a rate: its place in its optimizer's sweep, from 1 for the smallest. */
export function rateLabel(rank: number): string {
  return `rate ${rank + 1}`;
}

/** The legend entries of the rates, smallest first. */
export function rateOrder(groups: readonly GruGroup[]): string[] {
  const most = Math.max(...[...ratesOf(groups).values()].map((r) => r.length));
  return Array.from({ length: most }, (_, i) => rateLabel(i));
}
