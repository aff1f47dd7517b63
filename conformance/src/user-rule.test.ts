import { describe, expect, it } from 'vitest';
import { Optimizer, referenceF32, ulpDistance, type Backend, type Ops, type Rule } from '@stablegrad/core';
import { availableIds, fullRegistry } from './registry.js';

/**
 * A rule no backend knows about, using every operation of Ops: a clipped, sign-aware variant of
 * SDProp with a literal constant.
 */
const userRule: Rule<{ lr: number; decay: number }> = {
  id: 'user-clipped-sdprop',
  description: 'test rule exercising every elementwise operation',
  defaults: { lr: 0.01, decay: 0.9 },
  resolve: (h) => ({ lr: Number(h?.lr ?? 0.01), decay: Number(h?.decay ?? 0.9) }),
  slots: () => ['mu', 'spread'],
  scalars: (h, t) => ({ lr: h.lr / Math.sqrt(t), decay: h.decay, rest: 1 - h.decay }),
  update<T>(o: Ops<T>, { param, grad, slots }: { param: T; grad: T; slots: Readonly<Record<string, T>> }) {
    const g = o.max(o.min(grad, o.literal(3)), o.neg(o.literal(3)));
    const dev = o.abs(o.sub(g, slots.mu!));
    const spread = o.add(o.mul(o.scalar('decay'), slots.spread!), o.mul(o.scalar('rest'), dev));
    const mu = o.add(o.mul(o.scalar('decay'), slots.mu!), o.mul(o.scalar('rest'), g));
    const step = o.div(g, o.add(o.sqrt(spread), o.literal(1e-3)));
    return { param: o.sub(param, o.mul(o.scalar('lr'), step)), slots: { mu, spread } };
  },
};

function run(backend: Backend<any>) {
  const opt = new Optimizer(userRule, {}, { backend, dtype: 'float32' });
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

const { registry } = await fullRegistry();
const available = await availableIds(registry);
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
