// Fits a cubic to sin(t) with SDProp on the native backend (the GPU when there is one), with
// gradient clipping, keeping parameters and optimizer state in the addon between steps.
//
//   node examples/train-sdprop.mjs [cpu|cuda]
//
// Each step of the whole parameter set is one native call (one kernel launch on CUDA).
import { Optimizer, clipByGlobalNorm } from '@stablegrad/core';
import { liveTensors, nativeAvailability, nativeBackend } from '@stablegrad/native';

const wanted = process.argv[2] ?? (nativeAvailability('cuda').available ? 'cuda' : 'cpu');
const backend = nativeBackend({ device: wanted });
// Data: samples of t -> sin(t) on [-2, 2]; the model is a cubic c0 + c1 t + c2 t^2 + c3 t^3 plus a
// separate offset, fitted by least squares.
const degree = 4;
const ts = Array.from({ length: 200 }, (_, i) => -2 + (4 * i) / 199);
function lossAndGrads(c, offset) {
  const gc = new Float32Array(degree);
  const go = new Float32Array(1);
  let loss = 0;
  for (const t of ts) {
    let y = offset[0];
    for (let d = 0, p = 1; d < degree; d++, p *= t) y += c[d] * p;
    const r = y - Math.sin(t);
    loss += r * r;
    go[0] += (2 * r) / ts.length;
    for (let d = 0, p = 1; d < degree; d++, p *= t) gc[d] += (2 * r * p) / ts.length;
  }
  return { loss: loss / ts.length, gw: gc, gb: go };
}

const opt = new Optimizer('sdprop', { lr: 0.02, gamma: 0.9 }, { backend, gradientTransforms: [clipByGlobalNorm(5)] });
let params = {
  W: backend.fromHost({ shape: [degree], data: new Float32Array(degree) }, 'float32'),
  b: backend.fromHost({ shape: [1], data: new Float32Array(1) }, 'float32'),
};
let state = opt.init(params);
const before = liveTensors().count;
for (let step = 1; step <= 2000; step++) {
  const { loss, gw, gb } = lossAndGrads(backend.toHost(params.W).data, backend.toHost(params.b).data);
  const grads = { W: backend.fromHost({ shape: [degree], data: gw }, 'float32'), b: backend.fromHost({ shape: [1], data: gb }, 'float32') };
  // In place: the parameters and slots are updated where they are, nothing is allocated.
  ({ params, state } = opt.step(grads, state, params, true));
  for (const g of Object.values(grads)) g.dispose();
  if (step % 400 === 0 || step === 1) console.log(`step ${step}: loss ${loss.toExponential(3)}, ${backend.id}`);
}
console.log(`native tensors held: ${liveTensors().count} (${before} before the loop)`);
