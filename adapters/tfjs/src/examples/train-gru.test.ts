import { describe, expect, it } from 'vitest';
import { trainGru } from './train-gru.js';

describe('the GRU example', () => {
  it('trains: the loss falls and the constraint sees the candidate block', async () => {
    const epochs: number[] = [];
    const { losses, sigmaMax } = await trainGru({ units: 8, epochs: 3, onEpoch: (e) => epochs.push(e) });
    expect(epochs).toEqual([0, 1, 2]);
    expect(losses[2]!).toBeLessThan(losses[0]!);
    expect(sigmaMax.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
  });
});
