/**
 * ONNX Runtime tensors as stablegrad sees them: float32 or float64, in host memory.
 *
 * @module
 */
import { allocate, sizeOf, type DType, type HostTensor, type TypedArray } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { loadOrt } from './ort.js';

/**
 * The dtype of an ONNX Runtime tensor.
 *
 * @param where - what the tensor is, for the error message
 * @throws TypeError when it is disposed, not in host memory, or not float32 or float64
 */
export function dtypeOfTensor(t: Tensor, where = 'tensor'): DType {
  if (t === null || typeof t !== 'object' || !Array.isArray(t.dims)) {
    throw new TypeError(`${where}: expected an onnxruntime Tensor, got ${t === null ? 'null' : typeof t}`);
  }
  if (t.location !== 'cpu') {
    throw new TypeError(
      t.location === 'none' ? `${where}: the tensor has been disposed` : `${where}: expected a tensor in host memory ('cpu'), got location '${t.location}'`,
    );
  }
  if (t.type !== 'float32' && t.type !== 'float64') throw new TypeError(`${where}: expected a float32 or float64 tensor, got ${t.type}`);
  return t.type;
}

/** The elements of a float32 or float64 tensor, without copying. */
export function dataOf(t: Tensor, where = 'tensor'): TypedArray {
  dtypeOfTensor(t, where);
  return t.data as TypedArray;
}

/** A host-tensor view of an ONNX Runtime tensor, sharing its memory. */
export function hostView(t: Tensor, where = 'tensor'): HostTensor {
  return { shape: t.dims, data: dataOf(t, where) };
}

/** An ONNX Runtime tensor over `data` (not copied) with `shape`. */
export function ortTensor(data: TypedArray, shape: readonly number[]): Tensor {
  const { Tensor } = loadOrt();
  return data instanceof Float64Array ? new Tensor('float64', data, shape) : new Tensor('float32', data, shape);
}

/** A new zero tensor of `shape` and `dtype`. */
export function zeroTensor(shape: readonly number[], dtype: DType): Tensor {
  return ortTensor(allocate(dtype, sizeOf(shape)), shape);
}
