import { describe, expect, it } from 'vitest';
import { Optimizer, referenceF32For, type Backend } from '@stablegrad/core';
import { accumulate, emptyComparison } from './arithmetic-compare.js';
import { USER_RULE } from '@stablegrad/core/testing';
import { conformanceRegistry } from './registry.js';
import { isRemote } from './remote.js';

function run(backend: Backend<any>) {
  const opt = new Optimizer(USER_RULE, {}, { backend, dtype: 'float32' });
  const n = 1000;
  const host = (f: (i: number) => number) => ({ shape: [n], data: Float32Array.from({ length: n }, (_, i) => f(i)) });
  let params: Record<string, unknown> = { w: backend.fromHost(host((i) => Math.sin(i)), 'float32') };
  let state = opt.init(params);
  for (let t = 1; t <= 5; t++) {
    const grads = { w: backend.fromHost(host((i) => 10 * Math.cos(i * t) ** 3 - (i % 7 === 0 ? 0 : 1e-30)), 'float32') };
    ({ params, state } = opt.step(grads, state, params));
  }
  return [params.w, state.slots.w!.mu, state.slots.w!.spread].map((t) => backend.toHost(t).data);
}

const { registry } = await conformanceRegistry();
const available = await registry.availableIds();
// Browser backends run in a page, where the operation probe runs user-defined rules on them.
const float32Backends = available.filter((id) => registry.get(id).dtypes.includes('float32') && !isRemote(registry.get(id)));

describe.each(float32Backends)('a user-defined rule on %s', (id) => {
  const { arithmetic } = registry.get(id);
  it(`runs with no backend code and matches reference-f32 bit for bit under its declared ${arithmetic} arithmetic`, async () => {
    const got = run(await registry.get(id).create());
    const want = run(referenceF32For(arithmetic));
    got.forEach((arr, k) => expect(accumulate(emptyComparison(), arithmetic, arr, want[k]!).maxUlp).toBe(0));
  });
});
