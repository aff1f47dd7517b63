import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Optimizer,
  clipByGlobalNorm,
  projectSpectralNorm,
  referenceF32,
  referenceF64,
  trajectoryAllowance,
  validateVectorFile,
  worstError,
  type Backend,
  type CasesSet,
  type HostTensor,
  type OptimizerSet,
} from '@stablegrad/core';
import { nativeBackend } from './backend/native-backend.js';
import { firstBitDifference } from '@stablegrad/core/testing';
import type { NativeTensor } from './tensor/native-tensor.js';

const files = {
  'reference-seed11.json': new URL('../../../conformance/data/reference-seed11.json', import.meta.url),
  'heldout-seed23.json': new URL('../../onnx/data/heldout-seed23.json', import.meta.url),
};
const native = nativeBackend();

function host(shape: readonly number[], data: readonly number[], dtype: OptimizerSet['dtype']): HostTensor {
  return { shape, data: dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data) };
}

/** Runs an optimizer set in its own dtype on `b`; returns the parameters after every step. */
function trajectory<Tn>(set: OptimizerSet, b: Backend<Tn>): Record<string, HostTensor>[] {
  const opt = new Optimizer(set.rule, set.hyper, { backend: b, dtype: set.dtype });
  let params: Record<string, Tn> = Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, b.fromHost(host(p.shape, p.init, set.dtype), set.dtype)]));
  let state = opt.init(params);
  return set.steps.map((step) => {
    const grads = Object.fromEntries(Object.entries(step.grads).map(([k, g]) => [k, b.fromHost(host(set.params[k]!.shape, g, set.dtype), set.dtype)]));
    ({ params, state } = opt.step(grads, state, params));
    return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, b.toHost(v)]));
  });
}

describe.each(Object.entries(files))('%s on native-cpu', (name, url) => {
  const sets = validateVectorFile(JSON.parse(readFileSync(url, 'utf8')), name).sets;

  it.each(sets.map((s, i) => [i, s] as const).filter((e): e is readonly [number, OptimizerSet] => e[1].kind === 'optimizer'))(
    'set %i: the reference backend bit for bit, and the expectation within its tolerance',
    (_, set) => {
      const got = trajectory<NativeTensor>(set, native);
      const want = trajectory<HostTensor>(set, set.dtype === 'float64' ? referenceF64 : referenceF32);
      const scale = Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, Float64Array.from(p.init, Math.abs)]));
      set.steps.forEach((step, t) => {
        for (const [k, expect_] of Object.entries(step.expect)) {
          expect(firstBitDifference(got[t]![k]!.data, want[t]![k]!.data), `step ${t + 1} '${k}'`).toBe(-1);
          const m = scale[k]!;
          expect_.forEach((e, j) => (m[j] = Math.max(m[j]!, Math.abs(e))));
          const extra = set.dtype === 'float32' ? trajectoryAllowance(m, t + 1) : undefined;
          expect(worstError(got[t]![k]!.data, expect_, set.tolerance, extra), `step ${t + 1} '${k}'`).toBeLessThanOrEqual(1);
        }
      });
    },
  );

  it.each(sets.map((s, i) => [i, s] as const).filter((e): e is readonly [number, CasesSet] => e[1].kind !== 'optimizer'))('set %i: %s within its tolerance', (_, set) => {
    for (const c of set.cases) {
      const input = Object.fromEntries(Object.entries(c.input).map(([k, t]) => [k, native.fromHost(host(t.shape, t.data, set.dtype), set.dtype)]));
      const out =
        set.kind === 'gradient-transform'
          ? clipByGlobalNorm(set.hyper.maxNorm!).apply(native.linalg, input).grads
          : Object.fromEntries(Object.entries(input).map(([k, W]) => [k, projectSpectralNorm(native.linalg, W, set.hyper.maxNorm!).W]));
      for (const [k, expect_] of Object.entries(c.expect)) expect(worstError(out[k]!.toHost().data, expect_, set.tolerance)).toBeLessThanOrEqual(1);
    }
  });
});
