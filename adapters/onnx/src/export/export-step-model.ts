/**
 * Exporting an optimizer step as a standalone `.onnx` file.
 *
 * @module
 */
import { clipByGlobalNorm, formatProgram, getRule, traceRule, type DType, type Hyper, type Rule } from '@stablegrad/core';
import { buildStepModel } from '../graph/build-step-model.js';
import { METADATA_KEY, PROGRAM_KEY, STEP_MODEL_FORMAT, type StepModelMetadata } from '../graph/metadata.js';
import { onnx } from '../graph/onnx-proto.js';

/** Options of {@link exportStepModel}. */
export interface ExportStepModelOptions {
  /** Hyperparameters; omitted ones take the rule's defaults. */
  readonly hyper?: Readonly<Record<string, unknown>>;
  /** Element type of every tensor (default `float32`). */
  readonly dtype?: DType;
  /** Clip the gradients by their global norm inside the model, with this `maxNorm`. */
  readonly clipByGlobalNorm?: number;
}

function checkShapes(paramShapes: Readonly<Record<string, readonly number[]>>): [string, readonly number[]][] {
  if (paramShapes === null || typeof paramShapes !== 'object') throw new TypeError('paramShapes: expected an object of parameter shapes');
  const entries = Object.entries(paramShapes);
  if (entries.length === 0) throw new RangeError('paramShapes: expected at least one parameter');
  for (const [name, shape] of entries) {
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new RangeError(`paramShapes.${name}: expected an array of non-negative integers, got ${JSON.stringify(shape)}`);
    }
  }
  return entries;
}

/**
 * One optimizer step of `rule` for the parameters `paramShapes`, as the bytes of a standalone ONNX
 * model (IR 7, opset 13, standard operators only) that any ONNX runtime can run.
 *
 * Inputs: every parameter, its gradient and its slots, and the rule's per-step scalars; outputs:
 * the updated parameters and slots (and `global_norm` when clipping). Names follow
 * {@link StepModelLayout} (`w`, `w__grad`, `w__mu`, `scalar__lrT`; `w__new`, `w__mu__new`). The
 * model's `metadata_props` hold the rule, its hyperparameters and this layout as JSON under
 * `stablegrad.step` (see {@link readStepModel}), and the traced program under
 * `stablegrad.program`. The caller computes the scalars of step `t` (1-based) as the rule's
 * `scalars(hyper, t)` and feeds state that starts at zero.
 *
 * ```ts
 * const bytes = exportStepModel('sdprop', { w: [3, 5], b: [7] }, { hyper: { lr: 1e-3 } });
 * writeFileSync('step.onnx', bytes);
 * ```
 *
 * @param rule - a built-in rule id or a rule
 * @param paramShapes - each parameter's shape, by name, in the order the model lists them
 * @throws RangeError for an unknown rule, a hyperparameter or `clipByGlobalNorm` out of range, a
 * bad shape, or parameter names that collide once made into identifiers
 */
export function exportStepModel(
  rule: string | Rule<any>,
  paramShapes: Readonly<Record<string, readonly number[]>>,
  options: ExportStepModelOptions = {},
): Uint8Array {
  const r: Rule<Hyper> = typeof rule === 'string' ? getRule(rule) : rule;
  const hyper = r.resolve(options.hyper ?? {});
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new RangeError(`dtype: expected 'float32' or 'float64', got '${String(dtype)}'`);
  const maxNorm = options.clipByGlobalNorm === undefined ? undefined : clipByGlobalNorm(options.clipByGlobalNorm).hyper.maxNorm;
  const program = traceRule(r, hyper);
  const tensors = checkShapes(paramShapes).map(([name, shape]) => ({ name, shape }));
  const built = buildStepModel({
    program,
    slots: r.slots(hyper),
    tensors,
    dtype,
    ...(maxNorm !== undefined ? { clipByGlobalNorm: maxNorm } : {}),
  });
  const metadata: StepModelMetadata = {
    format: STEP_MODEL_FORMAT,
    rule: r.id,
    hyper,
    ...(maxNorm !== undefined ? { clipByGlobalNorm: maxNorm } : {}),
    layout: built.layout,
  };
  const model = {
    ...built.model,
    metadataProps: [
      { key: METADATA_KEY, value: JSON.stringify(metadata) },
      { key: PROGRAM_KEY, value: formatProgram(program) },
    ],
  };
  return onnx.ModelProto.encode(model).finish();
}
