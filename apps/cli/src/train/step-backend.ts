/**
 * Where the optimizer step runs: the tfjs tensors themselves, ONNX Runtime, or the native addon,
 * each found in core's backend registry.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_PLUGINS, fullRegistry, type Backend, type BackendRegistry } from '@stablegrad/core';

/** Where the optimizer step runs; gradients always come from TensorFlow.js. */
export type StepBackendId = 'tfjs' | 'onnx' | 'native';

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
  /** Whether `fromTf` copies (the stepper then frees the copies) or passes the tfjs tensor itself. */
  readonly copies: boolean;
  /** Keeps a tensor that the step created past the step's `tf.tidy` scope. */
  keep(t: Tn): void;
  /** Frees a kept tensor that is no longer used. */
  release(t: Tn): void;
  /** Releases what the backend holds (ONNX Runtime sessions, native memory). */
  dispose(): void;
}

/**
 * The registry backend a step backend name stands for: `tfjs` is the current tfjs backend
 * (`tfjs-wasm`, `tfjs-cpu`, `tfjs-tensorflow`: the rule as tfjs ops on the tensors that carry the
 * gradients), `onnx` is `onnx-cpu`, `native` is `native-cpu`.
 */
export function registryIdOf(id: StepBackendId): string {
  if (id !== 'tfjs') return id === 'onnx' ? 'onnx-cpu' : 'native-cpu';
  const current = tf.engine().backendName;
  if (!current) throw new Error("backend: 'tfjs' steps on the current tfjs backend, and none is set; set one first (--tfjs-backend)");
  return `tfjs-${current}`;
}

let registry: Promise<BackendRegistry> | undefined;

/** Core's full registry, with the adapters resolved from this package, loaded once. */
function stepRegistry(): Promise<BackendRegistry> {
  registry ??= fullRegistry(DEFAULT_PLUGINS, (s) => import(s)).then((r) => r.registry);
  return registry;
}

/** The backend's tensors are the tfjs tensors themselves: nothing to copy, tfjs owns them. */
function tfjsBinding(backend: Backend<tf.Tensor>): StepBackendBinding<tf.Tensor> {
  return {
    backend,
    copies: false,
    fromTf: (t) => t,
    toTf: (t) => t,
    keep: (t) => void tf.keep(t),
    release: (t) => t.dispose(),
    dispose: () => undefined,
  };
}

/** A backend whose tensors live outside tfjs: values cross through host float32 arrays. */
function hostBinding<Tn>(backend: Backend<Tn>): StepBackendBinding<Tn> {
  return {
    backend,
    fromTf: (t) => backend.fromHost({ shape: t.shape, data: (t.dataSync() as Float32Array).slice() }, 'float32'),
    toTf: (t) => {
      const h = backend.toHost(t);
      return tf.tensor(h.data instanceof Float32Array ? h.data : Float32Array.from(h.data), [...h.shape], 'float32');
    },
    copies: true,
    keep: () => undefined,
    release: (t) => backend.disposeTensor?.(t),
    dispose: () => (backend as { dispose?: () => void }).dispose?.(),
  };
}

/**
 * The binding of a step backend, created from core's backend registry ({@link registryIdOf}):
 * for `tfjs` the rule runs as tfjs ops on the current tfjs backend, in place of tfjs's own
 * optimizers; for `onnx` and `native` values cross through host arrays.
 *
 * @throws Error naming `backend` when it is unknown, not installed or unavailable here, with the
 * reason and what to do
 */
export async function loadStepBackend(id: StepBackendId): Promise<StepBackendBinding<unknown>> {
  if (!STEP_BACKENDS.includes(id)) {
    throw new Error(`backend: unknown step backend '${String(id)}'; expected one of ${STEP_BACKENDS.join(', ')}`);
  }
  const reg = await stepRegistry();
  const target = registryIdOf(id);
  const others = STEP_BACKENDS.filter((b) => b !== id).join(' or ');
  if (!reg.has(target)) {
    throw new Error(`backend: '${id}' runs on ${target}, which no installed package provides (is @stablegrad/${id} installed next to @stablegrad/cli?); choose --backend ${others}`);
  }
  const entry = reg.get(target);
  const availability = await entry.availability();
  if (!availability.available) throw new Error(`backend: ${target} is unavailable here: ${availability.reason}; choose --backend ${others}`);
  const backend = await entry.create();
  return (id === 'tfjs' ? tfjsBinding(backend as Backend<tf.Tensor>) : hostBinding(backend)) as StepBackendBinding<unknown>;
}

/**
 * Resolves when `backend` can run here: it is loaded the way training loads it, then released.
 *
 * @throws Error naming the backend, the reason and what to do
 */
export async function checkStepBackend(id: StepBackendId): Promise<void> {
  (await loadStepBackend(id)).dispose();
}

/** What `--backend` accepts: a step backend, or `auto` to pick one. */
export type StepBackendChoice = StepBackendId | 'auto';

/** The choices of `--backend`, in the order the command line lists them. */
export const STEP_BACKEND_CHOICES: readonly StepBackendChoice[] = ['auto', ...STEP_BACKENDS];

/**
 * The default: `auto`, which is `native` when the addon loads here and `tfjs` otherwise. The
 * spectral constraint's session runs inside the addon on `native`, and as tfjs operations on
 * `tfjs`, where each small operation costs a fixed overhead: measured on a 2-core machine shared
 * with other work, gradients on tfjs-node, a constrained SGD step of the demo's GRU took 3.4 ms
 * (32 units) and 9.9 ms (64 units) on `native` against 86 ms and 161 ms on `tfjs`; an SDProp step
 * of the LeNet CNN took 0.9 ms on `native` and 2.2 ms on `tfjs`.
 */
export const DEFAULT_STEP_BACKEND: StepBackendChoice = 'auto';

/** A step backend chosen for a run, and why. */
export interface ResolvedStepBackend {
  /** The step backend. */
  readonly id: StepBackendId;
  /** Why it was chosen, e.g. `auto: the native addon loads`. */
  readonly reason: string;
}

/**
 * The step backend `choice` stands for, checked by loading it the way training loads it: itself,
 * or for `auto` `native` when it loads here, else `tfjs`.
 *
 * @throws Error naming `backend` when the choice is unknown, or when a backend named explicitly
 * cannot run here, with the reason and what to do
 */
export async function resolveStepBackend(choice: StepBackendChoice = DEFAULT_STEP_BACKEND): Promise<ResolvedStepBackend> {
  if (choice !== 'auto') {
    await checkStepBackend(choice);
    return { id: choice, reason: 'chosen on the command line' };
  }
  try {
    await checkStepBackend('native');
    return { id: 'native', reason: 'auto: the native addon loads' };
  } catch (e) {
    await checkStepBackend('tfjs');
    return { id: 'tfjs', reason: `auto: native did not load (${String(e instanceof Error ? e.message : e).split('\n')[0]}); install @stablegrad/native for faster constrained steps` };
  }
}
