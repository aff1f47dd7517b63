/**
 * The tensor handling shared by the ONNX backends whose tensors live in host memory.
 *
 * @module
 */
import { allocate, sizeOf, type Backend } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-common';
import { dataOf, dtypeOfTensor, hostView } from '../runtime/tensor-views.js';
import { hostLinAlg } from './host-linalg.js';
import type { TensorMaker } from './step-model-io.js';

/**
 * The methods of a {@link Backend} over ONNX Runtime tensors in host memory, other than its id,
 * dtypes and kernels: copying to and from the host, zeros, shape and dtype, the finiteness check
 * and the float64 linear algebra on host views.
 *
 * @param tensor - makes a runtime tensor over an array (not copied) with a shape
 */
export function hostTensorMethods(tensor: TensorMaker): Omit<Backend<Tensor>, 'id' | 'dtypes' | 'compile'> {
  return {
    fromHost: (t, dtype) => tensor(dtype === 'float64' ? Float64Array.from(t.data) : Float32Array.from(t.data), t.shape),
    toHost: (t) => ({ shape: [...t.dims], data: dataOf(t).slice() }),
    zeros: (shape, dtype) => tensor(allocate(dtype, sizeOf(shape)), shape),
    shape: (t) => t.dims,
    dtype: (t) => dtypeOfTensor(t),
    findNonFinite(t) {
      const d = hostView(t).data;
      for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return i;
      return -1;
    },
    linalg: hostLinAlg(tensor),
  };
}
