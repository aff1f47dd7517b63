/**
 * Where the optimizer step runs: the tfjs tensors themselves, ONNX Runtime, or the native addon.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Backend } from '@stablegrad/core';
import { onnxBackend } from '@stablegrad/onnx';
import { tensorBackend } from '@stablegrad/tfjs';
import type { StepBackendId } from '../report/schema.js';

/** The step backends, in the order the command line lists them. */
export const STEP_BACKENDS: readonly StepBackendId[] = ['tfjs', 'onnx', 'native'];

/** A core backend and how tfjs tensors move to it and back. */
export interface StepBackendBinding<Tn> {
  /** The backend core's `Optimizer` steps on. */
  readonly backend: Backend<Tn>;
  /** The backend's copy of a tfjs tensor (for `tfjs`, the tensor itself). */
  fromTf(t: tf.Tensor): Tn;
  /** A tfjs tensor holding a backend tensor (for `tfjs`, the tensor itself). */
  toTf(t: Tn): tf.Tensor;
  /** Keeps a tensor that the step created past the step's `tf.tidy` scope. */
  keep(t: Tn): void;
  /** Frees a kept tensor that is no longer used. */
  release(t: Tn): void;
  /** Releases what the backend holds (ONNX Runtime sessions, native memory). */
  dispose(): void;
}

/** `@stablegrad/tfjs`'s `tensorBackend`: the rule runs as tfjs ops on the current tfjs backend, in place. */
function tfjsBinding(): StepBackendBinding<tf.Tensor> {
  return {
    backend: tensorBackend(),
    fromTf: (t) => t,
    toTf: (t) => t,
    keep: (t) => void tf.keep(t),
    release: (t) => t.dispose(),
    dispose: () => undefined,
  };
}

/** A backend whose tensors live outside tfjs: values cross through host float32 arrays. */
function hostBinding<Tn>(backend: Backend<Tn>, dispose: () => void): StepBackendBinding<Tn> {
  return {
    backend,
    fromTf: (t) => backend.fromHost({ shape: t.shape, data: (t.dataSync() as Float32Array).slice() }, 'float32'),
    toTf: (t) => {
      const h = backend.toHost(t);
      return tf.tensor(h.data instanceof Float32Array ? h.data : Float32Array.from(h.data), [...h.shape], 'float32');
    },
    keep: () => undefined,
    release: () => undefined,
    dispose,
  };
}

/** What the experiments use of `@stablegrad/native`. */
interface NativeModule {
  nativeAvailability(device: string): { available: true } | { available: false; reason: string };
  nativeBackend(options: { device: string }): Backend<unknown> & { dispose?: () => void };
}

/**
 * The native addon's CPU backend, loaded on demand (`@stablegrad/native` is an optional peer
 * dependency).
 *
 * @throws Error saying why the addon cannot be used and what to do
 */
async function nativeBinding(): Promise<StepBackendBinding<unknown>> {
  const specifier = '@stablegrad/native';
  let native: Partial<NativeModule>;
  try {
    native = (await import(specifier)) as Partial<NativeModule>;
  } catch (e) {
    throw new Error(
      `backend: 'native' needs the package @stablegrad/native, which could not be loaded (${(e as Error).message}); ` +
        `install it next to @stablegrad/cli (its addon builds with a C++ compiler), or choose --backend tfjs or onnx`,
    );
  }
  if (typeof native.nativeAvailability !== 'function' || typeof native.nativeBackend !== 'function') {
    throw new Error(`backend: the installed @stablegrad/native lacks nativeAvailability/nativeBackend; install a version that matches @stablegrad/cli`);
  }
  const availability = native.nativeAvailability('cpu');
  if (!availability.available) {
    throw new Error(`backend: the native CPU backend is unavailable: ${availability.reason}; rebuild @stablegrad/native, or choose --backend tfjs or onnx`);
  }
  const backend = native.nativeBackend({ device: 'cpu' });
  return hostBinding(backend, () => backend.dispose?.());
}

/**
 * The binding of a step backend: `tfjs` (`@stablegrad/tfjs`'s `tensorBackend`), `onnx`
 * (`onnxBackend()` of `@stablegrad/onnx`, on ONNX Runtime's CPU provider) or `native`
 * (`nativeBackend({ device: 'cpu' })` of `@stablegrad/native`).
 *
 * @throws Error naming `backend` when it is unknown or cannot be used, with what to do
 */
export async function loadStepBackend(id: StepBackendId): Promise<StepBackendBinding<unknown>> {
  switch (id) {
    case 'tfjs':
      return tfjsBinding() as StepBackendBinding<unknown>;
    case 'onnx': {
      const backend = onnxBackend();
      return hostBinding(backend, () => backend.dispose()) as StepBackendBinding<unknown>;
    }
    case 'native':
      return nativeBinding();
    default:
      throw new Error(`backend: unknown step backend '${String(id)}'; expected one of ${STEP_BACKENDS.join(', ')}`);
  }
}
