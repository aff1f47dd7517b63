import { clipByGlobalNorm, Optimizer, type HostTensor } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import type { NativeTensor } from '../tensor/native-tensor.js';
import { liveTensors } from '../tensor/native-tensor.js';
import { nativeBackend } from './native-backend.js';

const backend = nativeBackend();
const MiB = 2 ** 20;

function host(shape: number[], seed: number): HostTensor {
  const data = new Float32Array(shape.reduce((a, d) => a * d, 1));
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37 + seed);
  return { shape, data };
}

/**
 * Runs `steps` SDProp steps over a 128 x 128 matrix and a 128 vector with clipping active at every
 * step (the gradients' norm is far above the threshold), after a warm-up of 500; returns the
 * growth of the resident set and of the live tensors over the measured steps.
 */
function growth(inPlace: boolean, steps: number): { rssMiB: number; tensors: number } {
  const opt = new Optimizer('sdprop', { lr: 1e-3 }, { backend, gradientTransforms: [clipByGlobalNorm(1e-3)] });
  let params: Record<string, NativeTensor> = { W: backend.fromHost(host([128, 128], 1), 'float32'), b: backend.fromHost(host([128], 2), 'float32') };
  const grads = { W: backend.fromHost(host([128, 128], 3), 'float32'), b: backend.fromHost(host([128], 4), 'float32') };
  let state = opt.init(params);
  const step = () => {
    const r = opt.step(grads, state, params, inPlace);
    expect(r.gradNorm).toBeGreaterThan(1e-3);
    if (!inPlace) {
      // What an optimizer stepping out of place replaces, disposed by whoever drops it.
      for (const p of Object.values(params)) backend.disposeTensor(p);
      for (const slots of Object.values(state.slots)) for (const s of Object.values(slots)) backend.disposeTensor(s);
    }
    ({ params, state } = r);
  };
  for (let t = 0; t < 500; t++) step();
  const before = { rss: process.memoryUsage().rss, live: liveTensors().count };
  for (let t = 0; t < steps; t++) step();
  const after = { rss: process.memoryUsage().rss, live: liveTensors().count };
  for (const t of [...Object.values(params), ...Object.values(grads), ...Object.values(state.slots).flatMap((s) => Object.values(s))]) backend.disposeTensor(t);
  return { rssMiB: (after.rss - before.rss) / MiB, tensors: after.live - before.live };
}

// A leaked 128 x 128 float32 tensor per step would be 625 MiB over 10,000 steps; a leaked 128
// vector shows in the count. The RSS bound leaves room for the JavaScript heap's own growth.
describe('native-cpu memory over 10,000 steps with clipByGlobalNorm active', () => {
  it('stays flat in place', () => {
    const g = growth(true, 10_000);
    expect(g.tensors).toBe(0);
    expect(g.rssMiB).toBeLessThan(64);
  });

  it('stays flat out of place when the replaced tensors are disposed', () => {
    const g = growth(false, 10_000);
    expect(g.tensors).toBe(0);
    expect(g.rssMiB).toBeLessThan(64);
  });
});
