/**
 * What this package uses of onnxruntime-web.
 *
 * @module
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';

/**
 * The parts of the `onnxruntime-web` module that the web backend uses: pass the module itself
 * (`import * as ort from 'onnxruntime-web'`). Taking it as an argument leaves its loading, its
 * `env` settings (`ort.env.wasm.wasmPaths`, threads) and its bundling to the application.
 */
export interface OrtWeb {
  /** `InferenceSession`, to create sessions from model bytes. */
  readonly InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  /** The `Tensor` class. */
  readonly Tensor: typeof Tensor;
}
