// Fits a small linear model with SDProp on ONNX Runtime, then exports the same optimizer step as
// an .onnx file for another runtime (see step_exported.py beside this file).
//
//   node examples/train-sdprop.mjs [out.onnx]
//
// Each step of the whole parameter set, gradient clipping included, is one ONNX Runtime run.
import { writeFileSync } from 'node:fs';
import { Tensor } from 'onnxruntime-node';
import { OnnxOptimizer, exportStepModel } from '@stablegrad/onnx';

const inputs = 4;
const outputs = 3;
const samples = 64;

// Data: y = x W* + b*, with a fixed W* and b*, and inputs from a small deterministic generator.
let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
const x = Float32Array.from({ length: samples * inputs }, random);
const trueW = Float32Array.from({ length: inputs * outputs }, random);
const trueB = Float32Array.of(0.5, -1, 2);
const predict = (w, b) => {
  const y = new Float32Array(samples * outputs);
  for (let s = 0; s < samples; s++) {
    for (let o = 0; o < outputs; o++) {
      let sum = b[o];
      for (let i = 0; i < inputs; i++) sum += x[s * inputs + i] * w[i * outputs + o];
      y[s * outputs + o] = sum;
    }
  }
  return y;
};
const target = predict(trueW, trueB);

// Mean squared error and its gradients with respect to W and b.
function lossAndGrads(w, b) {
  const y = predict(w, b);
  const gw = new Float32Array(inputs * outputs);
  const gb = new Float32Array(outputs);
  let loss = 0;
  for (let s = 0; s < samples; s++) {
    for (let o = 0; o < outputs; o++) {
      const r = y[s * outputs + o] - target[s * outputs + o];
      loss += r * r;
      const d = (2 * r) / (samples * outputs);
      gb[o] += d;
      for (let i = 0; i < inputs; i++) gw[i * outputs + o] += d * x[s * inputs + i];
    }
  }
  return { loss: loss / (samples * outputs), gw, gb };
}

const opt = new OnnxOptimizer('sdprop', { lr: 0.02, gamma: 0.9 }, { clipByGlobalNorm: 5 });
let params = { W: new Tensor('float32', new Float32Array(inputs * outputs), [inputs, outputs]), b: new Tensor('float32', new Float32Array(outputs), [outputs]) };
let state = opt.init(params);
for (let t = 1; t <= 300; t++) {
  const { loss, gw, gb } = lossAndGrads(params.W.data, params.b.data);
  const grads = { W: new Tensor('float32', gw, [inputs, outputs]), b: new Tensor('float32', gb, [outputs]) };
  const r = opt.step(grads, state, params, true);
  ({ params, state } = r);
  if (t === 1 || t % 100 === 0) console.log(`step ${t}: loss ${loss.toExponential(3)}, gradient norm ${r.gradNorm.toFixed(4)}`);
}
console.log(`final loss ${lossAndGrads(params.W.data, params.b.data).loss.toExponential(3)}`);
opt.dispose();

// The same step (rule, hyperparameters, clipping, shapes) as a standalone ONNX model.
const out = process.argv[2] ?? 'sdprop-step.onnx';
writeFileSync(out, exportStepModel('sdprop', { W: [inputs, outputs], b: [outputs] }, { hyper: { lr: 0.02, gamma: 0.9 }, clipByGlobalNorm: 5 }));
console.log(`wrote ${out}`);
