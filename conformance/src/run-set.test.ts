import { describe, expect, it } from 'vitest';
import { jsBackend, referenceF32, referenceF32Ftz, referenceF64, type OptimizerSet } from '@stablegrad/core';
import { BUILTIN_VECTORS } from './data.js';
import { readVectorFile } from './load.js';
import { planFor, runSet } from './run-set.js';

const file = await readVectorFile(BUILTIN_VECTORS);
const set = (i: number) => structuredClone(file.sets[i]!) as OptimizerSet;

describe('planFor', () => {
  it('runs a set in its own dtype when the backend has it', () => {
    expect(planFor(set(0), ['float32', 'float64'])).toEqual({ dtype: 'float64', tolerance: set(0).tolerance });
  });
  it('runs a float64 set in float32 on a float32-only backend, with the widened tolerance', () => {
    expect(planFor(set(0), ['float32'])).toMatchObject({ dtype: 'float32', tolerance: { rel: 4e-6, abs: 1e-7 } });
  });
  it('runs a float32 set in float64 on a float64-only backend, with the set tolerance', () => {
    expect(planFor(set(1), ['float64'])).toMatchObject({ dtype: 'float64', tolerance: set(1).tolerance });
  });
});

describe('runSet', () => {
  it('passes the PyTorch float32 SGD set within the float32 trajectory allowance, and says so', async () => {
    const row = await runSet('sgd32', set(11), jsBackend);
    expect(row.status).toBe('passed');
    expect(row.worst).toBeGreaterThan(1);
    expect(row.reason).toMatch(/within the float32 trajectory allowance/);
  });

  it('still fails a float32 trajectory that is off by more than rounding', async () => {
    const s = set(17);
    const w = s.steps[6]!.expect.w as number[];
    w[2] = w[2]! * (1 + 1e-4);
    const row = await runSet('sdprop32', s, jsBackend);
    expect(row).toMatchObject({ status: 'failed', reason: 'error above tolerance' });
  });

  it('does not apply the allowance to float64 arithmetic', async () => {
    const s = set(16);
    const w = s.steps[3]!.expect.w as number[];
    w[0] = w[0]! + 1e-11;
    expect((await runSet('sdprop64', s, referenceF64)).status).toBe('failed');
  });

  it('reports an exception from the backend as a failure with its message', async () => {
    const s = set(1);
    const broken = { ...referenceF32, compile: () => { throw new Error('kernel exploded'); } };
    expect(await runSet('adam32', s, broken)).toMatchObject({ status: 'failed', reason: 'threw: kernel exploded' });
  });

  it('on an ftz backend, counts the results only flushing changed and says so', async () => {
    const s = set(19);
    // Tiny parameters and subnormal gradients: g / (sqrt(c) + eps) is a normal number in IEEE
    // arithmetic and zero when g is read as zero.
    const init = s.params.w!.init as number[];
    init.forEach((x, i) => (init[i] = x * 2 ** -100));
    for (const step of s.steps) {
      const g = step.grads.w as number[];
      g.forEach((x, i) => (g[i] = i % 3 === 0 ? x * 2 ** -130 : x));
    }
    const row = await runSet('sdprop32', s, referenceF32Ftz, 'ftz');
    expect(row).toMatchObject({ arithmetic: 'ftz' });
    expect(row.flushed).toBeGreaterThan(0);
    expect(row.reason).toMatch(/elements differ from strict IEEE only through flushed subnormals \(the ftz reference explains every result at 0 ulp\)/);
    const strict = await runSet('sdprop32', s, referenceF32);
    expect(strict.flushed).toBeUndefined();
  });
});
