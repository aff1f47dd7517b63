/**
 * `pnpm bench` for the tfjs adapter: the time of one optimizer step (`applyGradients` on one
 * float32 variable) of this package's SDProp, Adastand and Adam against tfjs's built-in
 * `tf.train.adam` and `tf.train.rmsprop`, on the `cpu` and `wasm` tfjs backends, at 2^16 and
 * 2^20 parameters, timed in interleaved rounds (median per optimizer). Writes a table to stdout and JSON to `bench-results/tfjs.json` (or the path
 * given with `--out`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { initialiseBackend } from '../backend/on-backend.js';
import { train } from '../optimizers/train.js';
import { flagValue, formatTable, interleavedMedianMs, pseudoRandomArray, writeBenchJson } from '@stablegrad/core/bench-support';

const out = flagValue('--out') ?? 'bench-results/tfjs.json';
const backends = ['cpu', 'wasm'] as const;
const exponents = [16, 20];
/** The yardstick every other optimizer is compared with. */
const BASELINE = 'tf.train.adam';
const optimizers: [string, () => tf.Optimizer][] = [
  ['stablegrad sdprop', () => train.sdprop()],
  ['stablegrad adastand', () => train.adastand()],
  ['stablegrad adam', () => train.adam()],
  [BASELINE, () => tf.train.adam(1e-3)],
  ['tf.train.rmsprop', () => tf.train.rmsprop(1e-3)],
];

interface Row {
  backend: string;
  n: number;
  optimizer: string;
  ms: number;
  nsPerParam: number;
  vsTfAdam: number;
}


const rows: Row[] = [];
for (const backend of backends) {
  if (!(await initialiseBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.setBackend(backend);
  for (const e of exponents) {
    const n = 2 ** e;
    // Gradients change from step to step: with a constant one, the running variances of SDProp
    // and Adastand decay into float32 subnormals, whose arithmetic is slow on x86, and the
    // benchmark would time that instead of a training step.
    const gradients = [2, 3, 4, 5].map((seed) => tf.tensor1d(pseudoRandomArray(n, seed)));
    const runs = optimizers.map(([name, make]) => {
      const w = tf.variable(tf.tensor1d(pseudoRandomArray(n, 1)));
      const opt = make();
      let t = 0;
      return { name, w, opt, step: () => opt.applyGradients({ [w.name]: gradients[t++ % gradients.length]! }) };
    });
    const times = interleavedMedianMs(runs.map((r) => r.step), { minMs: e >= 20 ? 3000 : 1000 });
    const measured = runs.map((r, i) => ({ optimizer: r.name, ms: times[i]! }));
    runs.forEach((r, i) => {
      process.stderr.write(`${backend} 2^${e} ${r.name}: ${times[i]!.toFixed(3)} ms\n`);
      r.opt.dispose();
      r.w.dispose();
    });
    const baseline = measured.find((m) => m.optimizer === BASELINE)!.ms;
    for (const m of measured) rows.push({ backend, n, ...m, nsPerParam: (m.ms * 1e6) / n, vsTfAdam: m.ms / baseline });
    for (const g of gradients) g.dispose();
  }
}

const header = ['backend', 'params', 'optimizer', 'step ms', 'ns/param', `vs ${BASELINE}`];
const body = rows.map((r) => [r.backend, `2^${Math.log2(r.n)}`, r.optimizer, r.ms.toFixed(3), r.nsPerParam.toFixed(2), `${r.vsTfAdam.toFixed(2)}x`]);
console.log(formatTable(header, body, [2]));
writeBenchJson(out, {
  machine: { node: process.version, platform: process.platform, arch: process.arch, tfjs: tf.version_core },
  dtype: 'float32',
  note: 'one applyGradients call on one variable, median over interleaved rounds; vsTfAdam is the step time over tf.train.adam on the same backend and size',
  rows,
});
