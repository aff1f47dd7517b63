/**
 * Loading ONNX Runtime for Node.
 *
 * core's `StepKernel.run` is synchronous, while `onnxruntime-node`'s public `InferenceSession`
 * returns promises. Its Node implementation runs the model with a synchronous native call that it
 * merely schedules with `setImmediate`, on the JavaScript thread either way; stablegrad makes that
 * same native call directly, through the package's own `dist/binding.js` (which is why
 * `onnxruntime-node` is pinned to a minor version). The native library is loaded on first use,
 * not on import, so a machine without it can still import this package and learn why
 * `onnx-cpu` is unavailable.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { InferenceSession, Tensor } from 'onnxruntime-node';

/** The synchronous session object of the native binding. */
export interface NativeSession {
  /** Loads a model from bytes with session options. */
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: InferenceSession.SessionOptions): void;
  /** The model's inputs, in order. */
  readonly inputMetadata: readonly { readonly name: string }[];
  /** The model's outputs, in order. */
  readonly outputMetadata: readonly { readonly name: string }[];
  /** Runs the model; `fetches` maps output names to `null` (allocate) or a tensor. */
  run(feeds: Record<string, Tensor>, fetches: Record<string, Tensor | null>, options: InferenceSession.RunOptions): Record<string, Tensor>;
  /** Releases the session. */
  dispose(): void;
}

/** What this package uses of `onnxruntime-node`. */
export interface OrtModule {
  /** The `Tensor` class of `onnxruntime-common`, as `onnxruntime-node` exports it. */
  readonly Tensor: typeof Tensor;
  /** Creates a native session. */
  newSession(): NativeSession;
  /** The version of `onnxruntime-node`. */
  readonly version: string;
}

let loaded: OrtModule | undefined;

/**
 * `onnxruntime-node`, loaded on first call.
 *
 * @throws Error when the native binding cannot be loaded on this machine
 */
export function loadOrt(): OrtModule {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const common = require('onnxruntime-node') as typeof import('onnxruntime-node');
  const native = require('onnxruntime-node/dist/binding.js') as {
    binding: { InferenceSession: new () => NativeSession };
    initOrt: () => void;
  };
  if (typeof native.initOrt !== 'function' || typeof native.binding?.InferenceSession !== 'function') {
    throw new Error(`onnxruntime-node ${common.env.versions.node ?? ''}: its binding module does not have the expected shape`);
  }
  native.initOrt();
  loaded = {
    Tensor: common.Tensor,
    newSession: () => new native.binding.InferenceSession(),
    version: common.env.versions.node ?? 'unknown',
  };
  return loaded;
}
