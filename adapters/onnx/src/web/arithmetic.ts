/**
 * The float32 arithmetic of onnxruntime-web's execution providers, as the conformance suite
 * measured it.
 *
 * @module
 */
import type { Float32Arithmetic } from '@stablegrad/core';

/**
 * onnxruntime-web's execution providers and their float32 arithmetic: `wasm` is `ieee`
 * (WebAssembly float32 has no flush-to-zero mode); `webgpu` is `ftz` (WGSL shaders read and write
 * subnormals as zero; measured on SwiftShader, no real GPU measured).
 */
export const ONNX_WEB_ARITHMETIC: Readonly<Record<'wasm' | 'webgpu', Float32Arithmetic>> = { wasm: 'ieee', webgpu: 'ftz' };
