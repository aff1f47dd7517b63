/**
 * Running one optimizer set of a vector file through an exported step model.
 *
 * @module
 */
import {
  FLOAT32_TOLERANCE,
  Optimizer,
  referenceF32,
  referenceF64,
  trajectoryAllowance,
  widen,
  worstError,
  type HostTensor,
  type OptimizerSet,
  type OptimizerState,
  type Rule,
  type TypedArray,
} from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import type { StepModelMetadata } from '../graph/metadata.js';
import type { StepSession } from '../runtime/session.js';
import { ortTensor } from '../runtime/tensors.js';
import { ulpsApart } from './compare.js';

/**
 * Runs an optimizer set through an exported model, by its input and output names and from zero
 * state as any runtime would, and through core's reference backend in the model's dtype.
 *
 * @returns `worst`, the largest error under the set's tolerance; `allowed`, the same with the
 * float32 trajectory allowance where float32 arithmetic is involved; `maxUlp`, the largest distance
 * of the model's parameters and slots from the reference
 */
export function runOptimizerSet(set: OptimizerSet, session: StepSession, m: StepModelMetadata, rule: Rule<any>): { worst: number; allowed: number; maxUlp: number } {
  const { layout } = m;
  const dtype = layout.dtype;
  const array = (data: readonly number[] | TypedArray): TypedArray => (dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data));
  const hyper = rule.resolve(m.hyper);
  const slotNames = rule.slots(hyper);
  const tol = set.dtype === 'float64' && dtype === 'float32' ? widen(set.tolerance, FLOAT32_TOLERANCE) : set.tolerance;
  const float32 = set.dtype === 'float32' || dtype === 'float32';

  const params: Record<string, TypedArray> = {};
  const slots: Record<string, Record<string, TypedArray>> = {};
  const scale: Record<string, Float64Array> = {};
  for (const p of layout.params) {
    params[p.name] = array(set.params[p.name]!.init);
    slots[p.name] = Object.fromEntries(slotNames.map((s) => [s, array(new Float64Array(params[p.name]!.length))]));
    scale[p.name] = Float64Array.from(set.params[p.name]!.init, Math.abs);
  }
  const reference = new Optimizer(rule, hyper, { backend: dtype === 'float64' ? referenceF64 : referenceF32, dtype });
  const host = (data: TypedArray, shape: readonly number[]): HostTensor => ({ shape, data });
  let refParams: Record<string, HostTensor> = Object.fromEntries(layout.params.map((p) => [p.name, host(array(params[p.name]!), p.shape)]));
  let refState: OptimizerState<HostTensor> = reference.init(refParams);

  let worst = 0;
  let allowed = 0;
  let maxUlp = 0;
  set.steps.forEach((step, i) => {
    const t = i + 1;
    const grads = Object.fromEntries(layout.params.map((p) => [p.name, array(step.grads[p.name]!)]));
    const feeds: Record<string, Tensor> = {};
    for (const p of layout.params) {
      feeds[p.param] = ortTensor(params[p.name]!, p.shape);
      feeds[p.grad] = ortTensor(grads[p.name]!, p.shape);
      for (const [s, name] of Object.entries(p.slots)) feeds[name] = ortTensor(slots[p.name]![s]!, p.shape);
    }
    const scalars = rule.scalars(hyper, t);
    for (const [k, name] of Object.entries(layout.scalars)) feeds[name] = ortTensor(array([scalars[k]!]), []);
    const out = session.run(feeds);
    ({ params: refParams, state: refState } = reference.step(
      Object.fromEntries(layout.params.map((p) => [p.name, host(grads[p.name]!, p.shape)])),
      refState,
      refParams,
    ));
    for (const p of layout.params) {
      params[p.name] = out[p.newParam]!.data as TypedArray;
      for (const [s, name] of Object.entries(p.newSlots)) slots[p.name]![s] = out[name]!.data as TypedArray;
      const expect = step.expect[p.name]!;
      const m = scale[p.name]!;
      expect.forEach((e, j) => (m[j] = Math.max(m[j]!, Math.abs(e))));
      const actual = params[p.name]!;
      worst = Math.max(worst, worstError(actual, expect, tol));
      allowed = Math.max(allowed, float32 ? worstError(actual, expect, tol, trajectoryAllowance(m, t)) : worstError(actual, expect, tol));
      const pairs: [TypedArray, TypedArray][] = [
        [actual, refParams[p.name]!.data],
        ...slotNames.map((s): [TypedArray, TypedArray] => [slots[p.name]![s]!, refState.slots[p.name]![s]!.data]),
      ];
      for (const [a, r] of pairs) for (let j = 0; j < a.length; j++) maxUlp = Math.max(maxUlp, ulpsApart(a[j]!, r[j]!, dtype));
    }
  });
  return { worst, allowed, maxUlp };
}
