/**
 * Detecting gradient explosions from the training loss.
 *
 * @module
 */
import type { Finite } from '../stats/summary-stats.js';

/** An explosion event in a GRU run. */
export interface ExplosionEvent {
  /** Training step, from 1. */
  readonly step: number;
  /** `non-finite`: the loss or weights became NaN or infinite; `spike`: the loss jumped above the spike threshold. */
  readonly kind: 'non-finite' | 'spike';
  /** The loss at that step. */
  readonly loss: Finite;
}

/**
 * Watches a run's training loss step by step and reports explosion events:
 * - `non-finite`: the loss is NaN or infinite (the run cannot go on: its weights are lost);
 * - `spike`: the loss rises above `spikeFactor` times the lowest loss so far. One event is
 *   reported when the loss crosses the threshold; the following steps above it belong to the same
 *   event, and a new event needs the loss to fall back below the threshold first.
 */
export class ExplosionDetector {
  private lowest = Infinity;
  private spiking = false;
  private steps = 0;

  /** Steps observed so far whose loss was above the spike threshold or not finite. */
  get explodedSteps(): number {
    return this.steps;
  }

  /**
   * @param spikeFactor - the threshold factor, a number `> 1`
   * @throws RangeError naming `spikeFactor` unless it is a finite number `> 1`
   */
  constructor(readonly spikeFactor: number) {
    if (!Number.isFinite(spikeFactor) || spikeFactor <= 1) {
      throw new RangeError(`spikeFactor: expected a finite number > 1, got ${String(spikeFactor)}`);
    }
  }

  /** Observes the loss of step `step`; returns the event it starts, if any. */
  observe(step: number, loss: number): ExplosionEvent | undefined {
    if (!Number.isFinite(loss)) {
      this.steps++;
      return { step, kind: 'non-finite', loss: null };
    }
    const above = loss > this.spikeFactor * this.lowest;
    if (above) this.steps++;
    const starts = above && !this.spiking;
    this.spiking = above;
    this.lowest = Math.min(this.lowest, loss);
    return starts ? { step, kind: 'spike', loss } : undefined;
  }
}
