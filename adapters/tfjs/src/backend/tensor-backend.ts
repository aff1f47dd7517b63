/**
 * A core {@link Backend} over TensorFlow.js tensors.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Backend, DType } from '@stablegrad/core';
import { checkFloat32 } from './host-view.js';
import { onBackend } from './on-backend.js';
import { tensorKernel } from './step-kernel.js';
import { tensorLinAlg, type Within } from './tensor-linalg.js';

/** Options of {@link tensorBackend}. */
export interface TensorBackendOptions {
  /**
   * The tfjs backend to run on (`cpu`, `wasm`, `tensorflow`, `webgl`...), initialised
   * beforehand; every call switches to it and back. Default: whichever backend is current at
   * the time of each call.
   */
  readonly tfjsBackend?: string;
  /** The backend's id (default `tfjs-<tfjsBackend>`, or `tfjs` for the current backend). */
  readonly id?: string;
  /**
   * Guard divisions against a backend division that returns 1 for equal operands (see
   * `guardedDiv`). Default: on for the backends in `EQUAL_OPERANDS_DIVIDE_TO_ONE` (`webgl`). Turned
   * off, a rule sees the backend's own division (the conformance suite does this to show the quirk).
   */
  readonly guardDivision?: boolean;
}

/**
 * A core {@link Backend} whose tensors are float32 `tf.Tensor`s: rules run as tfjs ops
 * ({@link tensorKernel}), linear algebra on the host in float64 ({@link tensorLinAlg}). This is
 * what the conformance suite holds against `reference-f32`, and what the tfjs optimizers of this
 * package step with.
 *
 * tfjs has no float64 tensors, so the only dtype is `float32`. With `tfjsBackend`, everything
 * that creates tensors or runs ops switches to that backend for the call (see
 * {@link onBackend}), so that, for example, a `cpu` and a `wasm` backend can be compared in one
 * process; reading works on any tensor: `toHost` with `dataSync()`, `toHostAsync` with `data()`.
 * Prefer `toHostAsync` on `webgpu`: tfjs reads a WebGPU buffer synchronously through a canvas,
 * which measured slow and, on SwiftShader in headless Chromium, lost the device.
 */
export function tensorBackend(options: TensorBackendOptions = {}): Backend<tf.Tensor> {
  const name = options.tfjsBackend;
  const within: Within = name === undefined ? (fn) => fn() : (fn) => onBackend(name, fn);
  const id = options.id ?? (name === undefined ? 'tfjs' : `tfjs-${name}`);
  const dtypes: readonly DType[] = ['float32'];
  const checkDtype = (dtype: DType): void => {
    if (dtype !== 'float32') throw new RangeError(`${id}: dtype '${dtype}' is not supported; expected one of float32`);
  };
  return {
    id,
    dtypes,
    compile(rule, dtype) {
      checkDtype(dtype);
      return tensorKernel(rule, within, options.guardDivision);
    },
    fromHost(t, dtype) {
      checkDtype(dtype);
      // tfjs may keep the array it is given (the cpu backend does), so hand it a copy.
      const data = t.data instanceof Float32Array ? t.data.slice() : Float32Array.from(t.data);
      return within(() => tf.tensor(data, [...t.shape], 'float32'));
    },
    toHost(t) {
      checkFloat32(t, 't');
      return { shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
    },
    async toHostAsync(t) {
      checkFloat32(t, 't');
      return { shape: [...t.shape], data: Float32Array.from((await t.data()) as Float32Array) };
    },
    zeros(shape, dtype) {
      checkDtype(dtype);
      return within(() => tf.zeros([...shape], 'float32'));
    },
    shape: (t) => t.shape,
    dtype(t) {
      checkFloat32(t, 't');
      return 'float32';
    },
    findNonFinite(t) {
      checkFloat32(t, 't');
      const data = t.dataSync();
      for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return i;
      return -1;
    },
    disposeTensor: (t) => t.dispose(),
    linalg: tensorLinAlg(within),
  };
}
