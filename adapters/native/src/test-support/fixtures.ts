/**
 * Inputs for the native tests beyond core's testing fixtures: long tensors that mix core's
 * special values with smooth ones of every magnitude, so that vectorised loops, block edges and
 * chunk edges meet every kind of value.
 *
 * @module
 */
import type { DType, HostTensor } from '@stablegrad/core';
import { SPECIAL_VALUES } from '@stablegrad/core/testing';

/** `n` values in `dtype`: a special value every third element, smooth ones between, starting at `shift`. */
export function mixedValues(n: number, shift: number, dtype: DType): HostTensor {
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = i % 3 === 0 ? SPECIAL_VALUES[(i / 3 + shift) % SPECIAL_VALUES.length]! : Math.sin(i + 7 * shift) * 2 ** ((i % 40) - 20);
  return { shape: [n], data };
}
