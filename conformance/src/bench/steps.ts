/**
 * The optimizer steps the runtime benchmark times, free of Node APIs so that the same code runs
 * in Node and in the harness page.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, type Backend, type HostTensor } from '@stablegrad/core';
import { train } from '@stablegrad/tfjs';
import { interleavedMedianMsAsync, pseudoRandomArray } from '@stablegrad/core/bench-timing';

/** One measured step. */
export interface StepTime {
  /** Where it ran: `tfjs-tensorflow`, `tfjs-webgl`, `onnx-cpu`, `onnx-web-wasm`... */
  readonly backend: string;
  /** What stepped: `stablegrad sdprop`, `tf.train.adam`. */
  readonly optimizer: string;
  /** Parameters. */
  readonly n: number;
  /** Median milliseconds per step. */
  readonly ms: number;
}

/**
 * SDProp (`train.sdprop`) against tfjs's `tf.train.adam` on the current tfjs backend: one
 * `applyGradients` on one variable of `n` parameters per step, then a read of one element of the
 * variable, which waits for a GPU backend to finish the step (both optimizers pay it alike).
 * Gradients cycle through four arrays, so running variances do not decay into subnormals.
 */
export async function timeTfjsOptimizers(backendId: string, n: number, minMs: number): Promise<StepTime[]> {
  const gradients = [2, 3, 4, 5].map((seed) => tf.tensor1d(pseudoRandomArray(n, seed)));
  const runs = [
    ['stablegrad sdprop', () => train.sdprop()],
    ['tf.train.adam', () => tf.train.adam(1e-3)],
  ].map(([name, make]) => {
    const w = tf.variable(tf.tensor1d(pseudoRandomArray(n, 1)));
    const opt = (make as () => tf.Optimizer)();
    let t = 0;
    const step = async () => {
      opt.applyGradients({ [w.name]: gradients[t++ % gradients.length]! });
      const first = tf.slice(w, [0], [1]);
      await first.data();
      first.dispose();
    };
    return { name: name as string, w, opt, step };
  });
  const times = await interleavedMedianMsAsync(runs.map((r) => r.step), { minMs });
  for (const r of runs) {
    r.opt.dispose();
    r.w.dispose();
  }
  tf.dispose(gradients);
  return runs.map((r, i) => ({ backend: backendId, optimizer: r.name, n, ms: times[i]! }));
}

/**
 * One SDProp step of `n` parameters through core's optimizer (`stepAsync`) on `backend`, results
 * back in host memory (an ONNX Runtime run returns its outputs there).
 */
export async function timeCoreStep(backend: Backend<any>, n: number, minMs: number): Promise<StepTime> {
  const opt = new Optimizer('sdprop', {}, { backend });
  const up = (seed: number) => backend.fromHost({ shape: [n], data: pseudoRandomArray(n, seed) } as HostTensor, 'float32');
  const gradients = [2, 3, 4, 5].map(up);
  let params: Record<string, unknown> = { w: up(1) };
  let state = opt.init(params);
  const [ms] = await interleavedMedianMsAsync([
    async () => {
      ({ params, state } = await opt.stepAsync({ w: gradients[state.step % gradients.length] }, state, params));
    },
  ], { minMs });
  return { backend: backend.id, optimizer: 'stablegrad sdprop (core Optimizer, one ONNX run)', n, ms: ms! };
}
