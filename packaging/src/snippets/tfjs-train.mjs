// @stablegrad/tfjs on tfjs's cpu backend: train.sdprop fits a small least-squares problem, and
// applyGradients follows the SDProp case step for step.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { train } from '@stablegrad/tfjs';
import { GRADS, HYPER, INIT, SHAPE, report } from './sdprop-case.mjs';

await tf.setBackend('cpu');

const target = tf.tensor1d([1, -2, 3, 0.5]);
const x = tf.variable(tf.zeros([4]), true, 'x');
const loss = () => tf.mean(tf.square(tf.sub(x, target)));
const fit = train.sdprop({ lr: 0.05, gamma: 0.9 });
const lossBefore = loss().dataSync()[0];
for (let i = 0; i < 300; i++) fit.minimize(loss);
const lossAfter = loss().dataSync()[0];

const w = tf.variable(tf.tensor(INIT, SHAPE), true, 'w');
const opt = train.sdprop(HYPER);
const steps = GRADS.map((g) => {
  opt.applyGradients({ w: tf.tensor(g, SHAPE) });
  return Array.from(w.dataSync());
});
report(`tfjs-${tf.getBackend()}`, steps, { lossBefore, lossAfter });
