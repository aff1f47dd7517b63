/**
 * Reading ONNX Runtime tensors in host memory, on any runtime (onnxruntime-node and
 * onnxruntime-web share the tensor type of onnxruntime-common).
 *
 * @module
 */
import type { DType, HostTensor, TypedArray } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-common';

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
