/**
 * The spectral-norm constraint on tfjs backends, next to the GRU training step it guards. For
 * each backend (`cpu` and `wasm`, the ones that run in Node here) and hidden size `H` (default 64,
 * 128 and 256; `--sizes`, `--steps`, `--quick` for `H = 64`): the median time of one SDProp
 * training step (`model.trainOnBatch`) of a GRU with `H` units on a batch of 32 sequences of 20
 * steps of 8 features, and core's spectral benchmark (`benchSpectral`: the hard case of training
 * on the `H x H` candidate block, warm steps timed next to numpy's full SVD and checked against
 * it) run through this package's `tensorLinAlg`. Writes two tables and
 * `bench-results/spectral-tfjs.json` (or `--out FILE`); exits non-zero when a projection breaks
 * the guarantee.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  BENCH_MAX_NORM,
  benchSpectral,
  flagValue,
  formatTable,
  median,
  spectralTable,
  startNumpySvd,
  writeBenchJson,
  type SpectralBenchRow,
} from '@stablegrad/core/bench-support';
import { initialiseBackend } from '../backend/on-backend.js';
import { tensorLinAlg } from '../backend/tensor-linalg.js';
import { train } from '../optimizers/train.js';

const quick = process.argv.includes('--quick');
const out = flagValue('--out') ?? 'bench-results/spectral-tfjs.json';
const sizes = (flagValue('--sizes') ?? (quick ? '64' : '64,128,256')).split(',').map(Number);
const steps = Number(flagValue('--steps') ?? (quick ? 4 : 10));
const backends = ['cpu', 'wasm'] as const;

/** Median milliseconds of one SDProp training step of a GRU with `H` units. */
async function gruStepMs(H: number): Promise<number> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.gru({
        units: H,
        inputShape: [20, 8],
        recurrentInitializer: tfl.initializers.randomNormal({ stddev: 1.5 / Math.sqrt(H), seed: 1 }),
        kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }),
      }),
      tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: train.sdprop({ lr: 1e-3 }), loss: 'meanSquaredError' });
  const x = tf.randomNormal([32, 20, 8], 0, 0.5, 'float32', 7);
  const y = tf.randomNormal([32, 1], 0, 0.5, 'float32', 8);
  const times: number[] = [];
  for (let step = 0; step <= steps; step++) {
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    if (step > 0) times.push(performance.now() - t0);
  }
  tf.dispose([x, y]);
  model.dispose();
  return median(times);
}

const numpy = await startNumpySvd();
const svd = 'skipped' in numpy ? undefined : numpy;
const skipped = 'skipped' in numpy ? [`numpy SVD: ${numpy.skipped}`] : [];
const failures: string[] = [];
const constraintRows: SpectralBenchRow[] = [];
const stepRows: { backend: string; H: number; trainStepMs: number; constraintMs: number; constraintOverStep: number }[] = [];
for (const backend of backends) {
  if (!(await initialiseBackend(backend))) {
    skipped.push(`tfjs ${backend}: the backend did not initialise`);
    continue;
  }
  await tf.setBackend(backend);
  const target = {
    name: `tfjs-${backend}`,
    la: tensorLinAlg(),
    upload: (data: Float32Array, H: number) => tf.tensor2d(data, [H, H], 'float32'),
    download: (t: tf.Tensor) => t.dataSync(),
    dispose: (t: tf.Tensor) => t.dispose(),
  };
  for (const H of sizes) {
    const trainStepMs = await gruStepMs(H);
    const [row] = await benchSpectral(target, [H], steps, svd, failures);
    constraintRows.push(row!);
    stepRows.push({ backend, H, trainStepMs, constraintMs: row!.warmMs, constraintOverStep: row!.warmMs / trainStepMs });
  }
}
svd?.close();

console.log(spectralTable(constraintRows));
console.log();
console.log(
  formatTable(
    ['backend', 'H', 'GRU train step ms', 'constraint warm step ms', 'constraint / step'],
    stepRows.map((r) => [r.backend, String(r.H), r.trainStepMs.toFixed(1), r.constraintMs.toFixed(1), r.constraintOverStep.toFixed(2)]),
  ),
);
for (const reason of skipped) console.log(`skipped: ${reason}`);
writeBenchJson(out, {
  machine: { node: process.version, arch: process.arch },
  numpy: svd?.version ?? null,
  maxNorm: BENCH_MAX_NORM,
  gru: { batch: 32, sequence: 20, features: 8, optimizer: 'sdprop' },
  steps,
  skipped,
  failures,
  constraint: constraintRows,
  trainingStep: stepRows,
});
if (failures.length > 0) {
  for (const f of failures) console.error(`not exact: ${f}`);
  process.exitCode = 1;
}
