/**
 * The stable input and output names of a step model.
 *
 * @module
 */
import type { DType } from '@stablegrad/core';
import { toIdentifier } from './names.js';

/** Where one parameter's values enter and leave a step model. */
export interface ParamLayout {
  /** The parameter's name as given (`dense/kernel`, `w`, ...). */
  readonly name: string;
  /** Its shape. */
  readonly shape: readonly number[];
  /** Input: the parameter (`<p>`, where `<p>` is the name made into an identifier). */
  readonly param: string;
  /** Input: its gradient (`<p>__grad`). */
  readonly grad: string;
  /** Inputs: each slot by slot name (`<p>__<slot>`, e.g. `w__mu`). */
  readonly slots: Readonly<Record<string, string>>;
  /** Output: the updated parameter (`<p>__new`). */
  readonly newParam: string;
  /** Outputs: each updated slot by slot name (`<p>__<slot>__new`, e.g. `w__mu__new`). */
  readonly newSlots: Readonly<Record<string, string>>;
}

/**
 * The interface of a step model: which graph input or output holds what. Every name is a C90
 * identifier, as the ONNX IR requires:
 *
 * | value | name | shape |
 * |---|---|---|
 * | parameter `p` | `p` | the parameter's |
 * | its gradient | `p__grad` | the parameter's |
 * | its slot `s` | `p__s` | the parameter's |
 * | per-step scalar `k` | `scalar__k` | `[]` |
 * | updated parameter | `p__new` | the parameter's |
 * | updated slot `s` | `p__s__new` | the parameter's |
 * | global gradient norm (with clipping) | `global_norm` | `[]`, always float64 |
 *
 * A parameter name that is not an identifier is rewritten by replacing every other character with
 * `_` (`layer.0/kernel` becomes `layer_0_kernel`); two names that end up equal are an error.
 */
export interface StepModelLayout {
  /** Element type of every tensor input and output (the global norm excepted). */
  readonly dtype: DType;
  /** The parameters, in the order the model was built with. */
  readonly params: readonly ParamLayout[];
  /** The per-step scalar inputs, by scalar name. */
  readonly scalars: Readonly<Record<string, string>>;
  /** The output holding the global gradient norm, when the model clips by it. */
  readonly globalNorm?: string;
}

/** A tensor the step model is built for: its name and shape. */
export interface TensorSpec {
  /** The parameter's name. */
  readonly name: string;
  /** Its shape. */
  readonly shape: readonly number[];
}

/** The name of the global-norm output. */
export const GLOBAL_NORM = 'global_norm';

/**
 * Names the inputs and outputs of a step model over `tensors` for a rule with `slots` and
 * `scalars`. Uniqueness is checked when the graph is built.
 */
export function planLayout(
  tensors: readonly TensorSpec[],
  slots: readonly string[],
  scalars: readonly string[],
  dtype: DType,
  clip: boolean,
): StepModelLayout {
  const params = tensors.map((t): ParamLayout => {
    const p = toIdentifier(t.name);
    return {
      name: t.name,
      shape: [...t.shape],
      param: p,
      grad: `${p}__grad`,
      slots: Object.fromEntries(slots.map((s) => [s, `${p}__${toIdentifier(s)}`])),
      newParam: `${p}__new`,
      newSlots: Object.fromEntries(slots.map((s) => [s, `${p}__${toIdentifier(s)}__new`])),
    };
  });
  return {
    dtype,
    params,
    scalars: Object.fromEntries(scalars.map((k) => [k, `scalar__${toIdentifier(k)}`])),
    ...(clip ? { globalNorm: GLOBAL_NORM } : {}),
  };
}
