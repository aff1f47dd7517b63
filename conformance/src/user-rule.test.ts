import { describe, expect, it } from 'vitest';
import { Optimizer, referenceF32, ulpDistance, type Backend } from '@stablegrad/core';
import { conformanceRegistry } from './registry.js';
import { USER_RULE } from '@stablegrad/core/testing';

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
const float32Backends = available.filter((id) => registry.get(id).dtypes.includes('float32'));

describe.each(float32Backends)('a user-defined rule on %s', (id) => {
  it('runs with no backend code and matches reference-f32 bit for bit', async () => {
    const got = run(await registry.get(id).create());
    const want = run(referenceF32);
    got.forEach((arr, k) => {
      let worst = 0;
      arr.forEach((x, i) => (worst = Math.max(worst, ulpDistance(x, want[k]![i]!))));
      expect(worst).toBe(0);
    });
  });
});
