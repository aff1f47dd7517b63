import { afterAll, describe, expect, it } from 'vitest';
import { startNumpySvd } from './numpy-svd.js';
import type { WorkEntry, WorkKind } from './session-work.js';

const numpy = await startNumpySvd();

describe.skipIf('skipped' in numpy)(`numpy's SVD projection${'skipped' in numpy ? ` (skipped: ${numpy.skipped})` : ''}`, () => {
  const svd = numpy as Exclude<typeof numpy, { skipped: string }>;
  // diag(3, 1, 0.5) projected to s = 1.8 is diag(1.8, 1, 0.5).
  const W = [3, 0, 0, 0, 1, 0, 0, 0, 0.5];
  const P = [1.8, 0, 0, 0, 1, 0, 0, 0, 0.5];
  afterAll(() => svd.close());

  it('times the projection once per run', async () => {
    const ms = await svd.time(W, 3, 1.8, 2);
    expect(ms).toHaveLength(2);
    for (const t of ms) expect(t).toBeGreaterThan(0);
  });

  it('measures the norm of a projection and its distance from the exact one', async () => {
    const exact = await svd.compare(W, P, 3, 1.8);
    expect(exact.norm).toBeCloseTo(1.8, 12);
    expect(exact.distance).toBeLessThan(1e-12);
    const unchanged = await svd.compare(W, W, 3, 1.8);
    expect(unchanged.norm).toBeCloseTo(3, 12);
    expect(unchanged.distance).toBeCloseTo(1.2, 12);
  });

  it('prices one piece of each kind of work with numpy, in the order given', async () => {
    const method = 'filter' as const;
    const piece = (kind: WorkKind, k: number, steps = 0, fast = false): WorkEntry => ({ kind, method, m: 24, n: 20, k, steps, fast, count: 5 });
    const entries = [
      piece('gram', 20),
      piece('filterProduct', 6, 0, true),
      piece('filterProduct', 6),
      piece('rayleighRitz', 6),
      piece('lanczos', 6, 5, true),
      piece('lanczos', 6, 5),
      piece('project', 2),
      piece('residualNorm', 3),
    ];
    const ms = await svd.replay(entries, 3);
    expect(ms).toHaveLength(entries.length);
    for (const t of ms) expect(t).toBeGreaterThan(0);
  });
});
