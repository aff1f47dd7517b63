/**
 * The fuzzer's seeded choices.
 *
 * @module
 */
import { seededUniform } from '@stablegrad/core';

/** Choices drawn from core's mulberry32 generator: the same seed gives the same choices everywhere. */
export class Random {
  private readonly uniform: () => number;

  /** @param seed - any number; its low 32 bits select the sequence */
  constructor(seed: number) {
    this.uniform = seededUniform(seed);
  }

  /** An integer in `[0, n)`. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** One of `items` (not empty), uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** One of the values, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let x = this.uniform() * choices.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of choices) {
      x -= w;
      if (x < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
}
