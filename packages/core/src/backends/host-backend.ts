/**
 * The parts shared by every backend whose tensors are {@link HostTensor}s.
 *
 * @module
 */
import { referenceLinAlg } from '../linalg/reference-linalg.js';
import { allocate, checkHostTensor, checkShape, dtypeOfArray, sizeOf, type DType, type HostTensor } from '../tensor.js';
import { hostTransformKernel, type UpdateRun } from '../transforms/transform-pipeline.js';
import type { Backend, CompiledRule } from './backend.js';

/**
 * Builds a {@link Backend} over host tensors from an id, its dtypes and a compiler of the update;
 * gradient transforms run before it through {@link referenceLinAlg}.
 */
export function hostBackend(
  id: string,
  dtypes: readonly DType[],
  compile: (rule: CompiledRule, dtype: DType) => UpdateRun<HostTensor>,
): Backend<HostTensor> {
  return {
    id,
    dtypes,
    compile(rule, dtype) {
      if (!dtypes.includes(dtype)) {
        throw new RangeError(`${id}: dtype '${dtype}' is not supported; expected one of ${dtypes.join(', ')}`);
      }
      return hostTransformKernel(rule, referenceLinAlg, compile(rule, dtype));
    },
    fromHost(t, dtype) {
      checkHostTensor(t, 't');
      return { shape: [...t.shape], data: dtype === 'float64' ? Float64Array.from(t.data) : Float32Array.from(t.data) };
    },
    toHost: (t) => ({ shape: [...t.shape], data: t.data.slice() }),
    zeros(shape, dtype) {
      checkShape(shape, 'shape');
      return { shape: [...shape], data: allocate(dtype, sizeOf(shape)) };
    },
    shape(t) {
      checkHostTensor(t, 't');
      return t.shape;
    },
    dtype(t) {
      checkHostTensor(t, 't');
      return dtypeOfArray(t.data);
    },
    findNonFinite(t) {
      const d = t.data;
      for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return i;
      return -1;
    },
    linalg: referenceLinAlg,
  };
}

/**
 * Output buffers for one group: the inputs themselves when `inPlace`, else fresh arrays.
 */
export function outputsFor(
  rule: CompiledRule,
  group: Readonly<Record<string, HostTensor>>,
  dtype: DType,
  inPlace: boolean,
): Record<string, HostTensor> {
  const names = ['param', ...rule.slots];
  return Object.fromEntries(
    names.map((name) => {
      const src = group[name];
      if (!src) throw new Error(`${rule.rule.id}: missing input '${name}'`);
      return [name, inPlace ? src : { shape: src.shape, data: allocate(dtype, src.data.length) }];
    }),
  );
}
