import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, hostTensor, referenceLinAlg, worstError } from '@stablegrad/core';
import { BUILTIN_VECTORS } from './data.js';
import { readVectorFile } from './load.js';

describe("clipByGlobalNorm's measured norm", () => {
  it('equals the norm each case of the shipped clipping sets records', async () => {
    const sets = (await readVectorFile(BUILTIN_VECTORS)).sets.filter((s) => s.kind === 'gradient-transform' && s.name === 'clipByGlobalNorm');
    expect(sets.length).toBeGreaterThan(0);
    let checked = 0;
    for (const set of sets) {
      if (set.kind === 'optimizer') continue;
      for (const c of set.cases) {
        const recorded = (c as { norm?: number }).norm;
        if (recorded === undefined) continue;
        const input = Object.fromEntries(Object.entries(c.input).map(([k, t]) => [k, hostTensor(t.shape, t.data, set.dtype)]));
        const { norm } = clipByGlobalNorm(set.hyper.maxNorm!).apply(referenceLinAlg, input);
        expect(worstError([norm], [recorded], set.tolerance)).toBeLessThanOrEqual(1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
