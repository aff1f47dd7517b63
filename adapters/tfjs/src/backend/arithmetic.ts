/**
 * The float32 arithmetic of each tfjs backend, as the conformance suite measured it.
 *
 * @module
 */
import type { Float32Arithmetic } from '@stablegrad/core';

/**
 * The float32 arithmetic of the tfjs backends by tfjs name:
 *
 * - `cpu` and `wasm`: `ieee` (JavaScript numbers rounded to float32; WebAssembly float32, which
 *   has no flush-to-zero mode);
 * - `tensorflow` (tfjs-node, tfjs-node-gpu): `ftz`: TensorFlow runs its CPU kernels with the x86
 *   flush-to-zero and denormals-are-zero bits set;
 * - `webgl` and `webgpu`: `ftz`: shaders read and write subnormals as zero (measured on
 *   SwiftShader; GPUs commonly do the same, but no real GPU has been measured).
 *
 * A backend not listed is assumed `ieee` until measured.
 */
export const TFJS_ARITHMETIC: Readonly<Record<string, Float32Arithmetic>> = {
  cpu: 'ieee',
  wasm: 'ieee',
  tensorflow: 'ftz',
  webgl: 'ftz',
  webgpu: 'ftz',
};

/** The declared arithmetic of tfjs backend `name` (see {@link TFJS_ARITHMETIC}). */
export function tfjsArithmetic(name: string): Float32Arithmetic {
  return TFJS_ARITHMETIC[name] ?? 'ieee';
}
