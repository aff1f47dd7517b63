/**
 * A whole optimizer step, for a whole parameter set, as one ONNX model.
 *
 * @module
 */
import type { DType, Program } from '@stablegrad/core';
import { emitClip } from './emit-clip.js';
import { emitProgram } from './emit-program.js';
import { GraphBuilder } from './graph-builder.js';
import { planLayout, type StepModelLayout, type TensorSpec } from './layout.js';
import { toIdentifier } from './names.js';
import { IR_VERSION, OPSET_VERSION, DOUBLE, elemTypeOf, type OnnxTypes } from './onnx-proto.js';

/** What {@link buildStepModel} builds a model from. */
export interface StepModelSpec {
  /** The rule traced under its hyperparameters. */
  readonly program: Program;
  /** The rule's slot names, in order. */
  readonly slots: readonly string[];
  /** The parameters, in order: one group of inputs and outputs each. */
  readonly tensors: readonly TensorSpec[];
  /** Element type of parameters, gradients, slots and scalars. */
  readonly dtype: DType;
  /** Clip the gradients by their global norm in the same graph, with this `maxNorm`. */
  readonly clipByGlobalNorm?: number;
  /** `metadata_props` of the model. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What {@link buildStepModel} returns. */
export interface BuiltStepModel {
  /** The model, ready for `onnx.ModelProto.encode`. */
  readonly model: OnnxTypes.IModelProto;
  /** Its input and output names. */
  readonly layout: StepModelLayout;
}

function valueInfo(name: string, elemType: number, shape: readonly number[], docString: string): OnnxTypes.IValueInfoProto {
  return { name, docString, type: { tensorType: { elemType, shape: { dim: shape.map((d) => ({ dimValue: d })) } } } };
}

/**
 * Builds the step model: optional global-norm clipping of all gradients, then, per parameter in
 * order, the program's instructions in order as standard `ai.onnx` nodes (opset 13). Per-step
 * scalars are inputs of shape `[]`, so one model serves every step; literals are initializers.
 * Names follow {@link StepModelLayout}.
 *
 * @throws RangeError when `tensors` is empty, or two values would get the same name
 */
export function buildStepModel(spec: StepModelSpec): BuiltStepModel {
  const { program, dtype, tensors } = spec;
  if (tensors.length === 0) throw new RangeError('params: expected at least one parameter');
  const clip = spec.clipByGlobalNorm !== undefined;
  const layout = planLayout(tensors, spec.slots, program.scalars, dtype, clip);
  const b = new GraphBuilder();
  const elem = elemTypeOf(dtype);
  const inputs: OnnxTypes.IValueInfoProto[] = [];
  const outputs: OnnxTypes.IValueInfoProto[] = [];
  const input = (name: string, shape: readonly number[], what: string): void => {
    inputs.push(valueInfo(b.names.define(name, what), elem, shape, what));
  };

  for (const p of layout.params) {
    input(p.param, p.shape, `parameter '${p.name}'`);
    input(p.grad, p.shape, `the gradient of parameter '${p.name}'`);
    for (const [slot, name] of Object.entries(p.slots)) input(name, p.shape, `slot '${slot}' of parameter '${p.name}'`);
    outputs.push(valueInfo(p.newParam, elem, p.shape, `parameter '${p.name}' after the step`));
    for (const [slot, name] of Object.entries(p.newSlots)) {
      outputs.push(valueInfo(name, elem, p.shape, `slot '${slot}' of parameter '${p.name}' after the step`));
    }
  }
  for (const [scalar, name] of Object.entries(layout.scalars)) input(name, [], `per-step scalar '${scalar}'`);

  const grads = layout.params.map((p) => p.grad);
  const clipped = clip ? emitClip(b, grads, dtype, spec.clipByGlobalNorm!, layout.globalNorm!) : grads;
  if (clip) outputs.push(valueInfo(layout.globalNorm!, DOUBLE, [], 'the global norm of the gradients before clipping (float64)'));

  layout.params.forEach((p, k) => {
    emitProgram(b, program, dtype, {
      inputs: { param: p.param, grad: clipped[k]!, ...p.slots },
      scalars: layout.scalars,
      outputs: { param: p.newParam, ...p.newSlots },
      prefix: `_t${k}`,
      what: `parameter '${p.name}'`,
    });
  });

  const model: OnnxTypes.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: 'stablegrad',
    docString: `One ${program.ruleId} optimizer step for ${tensors.length} parameter(s), in ${dtype}.`,
    graph: {
      name: toIdentifier(`${program.ruleId}_step`),
      node: b.nodes,
      initializer: b.initializers,
      input: inputs,
      output: outputs,
    },
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
  return { model, layout };
}
