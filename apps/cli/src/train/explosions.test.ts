import { describe, expect, it } from 'vitest';
import { ExplosionDetector } from './explosions.js';

describe('ExplosionDetector', () => {
  it('reports a spike when the loss crosses spikeFactor times the lowest so far, once per excursion', () => {
    const d = new ExplosionDetector(1.5);
    const losses = [4, 3, 2, 2.9, 3.1, 3.5, 2.5, 3.2, 1.8, 2.8, NaN];
    const events = losses.map((l, i) => d.observe(i + 1, l)).filter((e) => e !== undefined);
    expect(events).toEqual([
      { step: 5, kind: 'spike', loss: 3.1 },
      { step: 8, kind: 'spike', loss: 3.2 },
      { step: 10, kind: 'spike', loss: 2.8 },
      { step: 11, kind: 'non-finite', loss: null },
    ]);
    // Above 1.5 x the lowest so far: steps 5, 6 (3 > 1.5 x 2), 8, 10 (2.8 > 1.5 x 1.8), and the NaN of step 11.
    expect(d.explodedSteps).toBe(5);
  });

  it('reports infinite losses as non-finite', () => {
    expect(new ExplosionDetector(2).observe(1, Infinity)).toEqual({ step: 1, kind: 'non-finite', loss: null });
  });

  it('rejects a factor of 1 or less', () => {
    expect(() => new ExplosionDetector(1)).toThrow(/spikeFactor: expected a finite number > 1/);
  });
});
