/**
 * ONNX Runtime tensors as stablegrad sees them: float32 or float64, in host memory.
 *
 * @module
 */
import type { TypedArray } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { loadOrt } from './ort.js';

export { dataOf, dtypeOfTensor, hostView } from './tensor-views.js';

/** An ONNX Runtime tensor over `data` (not copied) with `shape`. */
export function ortTensor(data: TypedArray, shape: readonly number[]): Tensor {
  const { Tensor } = loadOrt();
  return data instanceof Float64Array ? new Tensor('float64', data, shape) : new Tensor('float32', data, shape);
}
