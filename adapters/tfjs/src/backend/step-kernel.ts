/**
 * A rule's traced program run instruction by instruction as tfjs ops.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { hostTransformKernel, interpret, type CompiledRule, type StepKernel } from '@stablegrad/core';
import { EQUAL_OPERANDS_DIVIDE_TO_ONE } from './division.js';
import { tensorLinAlg, type Within } from './tensor-linalg.js';
import { tensorOps } from './tensor-ops.js';

/**
 * A {@link StepKernel} over `tf.Tensor` for a compiled rule: per group (one parameter tensor), the
 * rule's traced program is evaluated with core's `interpret` and {@link tensorOps}, one tfjs op
 * per instruction, in the traced order, in float32, inside one `tf.tidy` for the whole step.
 * Every instruction is a correctly rounded float32 operation, so on a backend whose kernels are
 * correctly rounded the result is bit for bit that of `reference-f32`.
 *
 * On a backend whose division returns 1 for equal operands (`webgl`, see
 * `EQUAL_OPERANDS_DIVIDE_TO_ONE`), divisions are guarded so that `0 / 0` is NaN, as everywhere else
 * (`guardDivision` forces the guard on or off; by default it follows the current backend).
 * The per-step scalars become float32 scalar tensors once per step. tfjs tensors are immutable,
 * so `inPlace` is ignored: the outputs are always new tensors (a tfjs optimizer assigns them to
 * its variables). Gradient transforms run first, through {@link tensorLinAlg}.
 *
 * @param within - where new tensors are created (default: the current tfjs backend)
 * @param guardDivision - guard divisions against `x / x = 1` (default: when the current backend needs it)
 */
export function tensorKernel(compiled: CompiledRule, within: Within = (fn) => fn(), guardDivision?: boolean): StepKernel<tf.Tensor> {
  const { program } = compiled;
  return hostTransformKernel(compiled, tensorLinAlg(within), (groups, scalars) =>
    within(() =>
      tf.tidy(() => {
        const values = new Map<string, tf.Tensor>();
        for (const name of program.scalars) {
          const v = scalars[name];
          if (v === undefined) throw new Error(`${program.ruleId}: missing per-step scalar '${name}'`);
          values.set(name, tf.scalar(v, 'float32'));
        }
        const ops = tensorOps((name) => {
          const t = values.get(name);
          if (t === undefined) throw new Error(`${program.ruleId}: missing per-step scalar '${name}'`);
          return t;
        }, guardDivision ?? EQUAL_OPERANDS_DIVIDE_TO_ONE.has(tf.getBackend()));
        return groups.map((group) => interpret(program, ops, group));
      }),
    ),
  );
}
