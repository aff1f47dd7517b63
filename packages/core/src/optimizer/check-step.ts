/**
 * Checking a step's inputs before anything is computed or written.
 *
 * @module
 */
import type { Backend, CompiledRule } from '../backends/backend.js';
import type { DType } from '../tensor.js';
import type { OptimizerState } from './state.js';

/** What {@link checkStep} needs to know about the optimizer. */
export interface StepContext<Tn> {
  /** Where tensors live. */
  readonly backend: Backend<Tn>;
  /** The element type every tensor must have. */
  readonly dtype: DType;
  /** The rule, for its slot names. */
  readonly compiled: CompiledRule;
  /** The names of the constrained parameters. */
  readonly constrained: readonly string[];
}

/**
 * Checks `t`'s dtype and, when given, its shape (the backend checks that `t` is one of its
 * tensors).
 *
 * @param where - names the tensor in the error
 * @throws RangeError naming the tensor
 */
export function checkTensor<Tn>(ctx: StepContext<Tn>, where: () => string, t: Tn, shape?: readonly number[]): void {
  const dt = ctx.backend.dtype(t);
  if (dt !== ctx.dtype) throw new RangeError(`${where()}: expected dtype '${ctx.dtype}', got '${dt}'`);
  if (shape) {
    const s = ctx.backend.shape(t);
    let same = s.length === shape.length;
    for (let i = 0; same && i < s.length; i++) same = s[i] === shape[i];
    if (!same) throw new RangeError(`${where()}: expected shape [${shape.join(', ')}], got [${s.join(', ')}]`);
  }
}

/** Checks a step count: an integer in `[0, 2^53 - 1)`, so that the next step is exact too. */
export function checkStepCount(step: unknown, where: string): asserts step is number {
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0 || step >= Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`${where}: expected an integer step count in [0, 2^53 - 1), got ${String(step)}`);
  }
}

/**
 * Checks the inputs of one step: every parameter has a gradient and every slot, all of the
 * optimizer's dtype and of the parameter's shape; no gradient or constraint names an unknown
 * parameter; the step count is valid.
 *
 * @returns the parameter names, in order
 * @throws RangeError naming the first thing that is wrong
 */
export function checkStep<Tn>(
  ctx: StepContext<Tn>,
  grads: Readonly<Record<string, Tn>>,
  state: OptimizerState<Tn>,
  params: Readonly<Record<string, Tn>>,
): string[] {
  const names = Object.keys(params);
  const extra = Object.keys(grads).filter((n) => !Object.hasOwn(params, n));
  if (extra.length > 0) throw new RangeError(`grads: no parameter named ${extra.map((n) => `'${n}'`).join(', ')}`);
  checkStepCount(state?.step, 'state.step');
  for (const name of names) {
    const p = params[name]!;
    checkTensor(ctx, () => `params.${name}`, p);
    const shape = ctx.backend.shape(p);
    const g = grads[name];
    if (g === undefined) throw new RangeError(`grads.${name}: missing gradient for parameter '${name}'`);
    checkTensor(ctx, () => `grads.${name}`, g, shape);
    const slots = state.slots[name];
    if (!slots) throw new RangeError(`state.slots.${name}: no state for parameter '${name}' (was it passed to init?)`);
    for (const s of ctx.compiled.slots) {
      const t = slots[s];
      if (t === undefined) throw new RangeError(`state.slots.${name}.${s}: missing slot`);
      checkTensor(ctx, () => `state.slots.${name}.${s}`, t, shape);
    }
  }
  for (const name of ctx.constrained) {
    if (!Object.hasOwn(params, name)) throw new RangeError(`constraints.${name}: no parameter named '${name}'`);
  }
  return names;
}
