/**
 * Checking an exported `.onnx` step model against vector files: load it, run it, compare.
 *
 * @module
 */
import { getRule, validateVectorFile, type DType, type OptimizerSet, type Rule } from '@stablegrad/core';
import { checkModel } from '../graph/check-model.js';
import { readStepModel, type StepModelMetadata } from '../graph/metadata.js';
import { StepSession, type OnnxRuntimeOptions } from '../runtime/session.js';
import { runOptimizerSet } from './run-optimizer-set.js';

/** The outcome of one set of a vector file against an exported model. */
export interface ExportedModelCheckRow {
  /** `sets[<index>]`. */
  readonly set: string;
  /** The set's rule, for optimizer sets. */
  readonly rule?: string;
  /** The set's dtype, for optimizer sets. */
  readonly dtype?: DType;
  /** `passed` or `failed` against the set's expectations; `skipped` when the set is not for this model. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** `max |actual - expect| / (abs + rel * |expect|)` over every step; at most 1 passes. */
  readonly worst?: number;
  /** The largest distance, in ulps of the model's dtype, from core's reference backend in that dtype, over every parameter and slot of every step. */
  readonly maxUlp?: number;
  /** Why it was skipped or failed, or a note on how it ran. */
  readonly reason?: string;
}

/** What {@link checkExportedModel} finds. */
export interface ExportedModelCheck {
  /** The model's stablegrad metadata. */
  readonly metadata: StepModelMetadata;
  /** Problems found by {@link checkModel} (empty for a valid model). */
  readonly problems: readonly string[];
  /** One row per set of the vector file. */
  readonly rows: readonly ExportedModelCheckRow[];
}

/** Options of {@link checkExportedModel}. */
export interface CheckExportedModelOptions {
  /** The rule, when the model was exported from a user-defined rule (built-in rules are found by id). */
  readonly rule?: Rule<any>;
  /** Execution providers and threads for ONNX Runtime. */
  readonly runtime?: OnnxRuntimeOptions;
}

/** Why `set` is not for the model described by `m`, or `undefined` when it is. */
function mismatch(set: OptimizerSet, m: StepModelMetadata, rule: Rule<any>): string | undefined {
  if (set.rule !== m.rule) return `the set is for rule '${set.rule}', the model for '${m.rule}'`;
  if (m.clipByGlobalNorm !== undefined) return 'the model clips gradients by their global norm; optimizer sets are unclipped';
  const hyper = rule.resolve(set.hyper);
  const differs = Object.keys(hyper).find((k) => hyper[k] !== m.hyper[k]);
  if (differs !== undefined) return `hyperparameter '${differs}' is ${String(hyper[differs])} in the set, ${String(m.hyper[differs])} in the model`;
  const names = Object.keys(set.params);
  const modelNames = m.layout.params.map((p) => p.name);
  if (names.length !== modelNames.length || names.some((n) => !modelNames.includes(n))) {
    return `the set has parameters ${names.join(', ')}, the model ${modelNames.join(', ')}`;
  }
  for (const p of m.layout.params) {
    const shape = set.params[p.name]!.shape;
    if (shape.join('x') !== p.shape.join('x')) return `parameter '${p.name}' has shape [${shape.join(', ')}] in the set, [${p.shape.join(', ')}] in the model`;
  }
  return undefined;
}

/**
 * Loads an exported step model, checks its structure ({@link checkModel}), and runs every
 * optimizer set of a `stablegrad-vectors/1` file that is for it (same rule, hyperparameters,
 * parameter names and shapes, no in-graph clipping) from zero state, feeding the per-step scalars
 * the rule computes, as any runtime would. Each such set passes when every parameter after every
 * step is within the set's tolerance of the expectation, with the conformance suite's rules: a
 * float64 set checked on a float32 model has its tolerance widened to at least
 * `rel 4e-6, abs 1e-7`, and where float32 arithmetic is involved an element may also differ by
 * `t * 2^-24` times the largest magnitude it has taken. Each row also gives `maxUlp`, the distance
 * of the model's parameters and slots from core's reference backend in the model's dtype (0 for
 * a model run by ONNX Runtime's CPU provider). Other sets are skipped with the reason.
 *
 * @param bytes - the `.onnx` file
 * @param vectors - a parsed `stablegrad-vectors/1` file
 * @throws TypeError when the model carries no stablegrad metadata; `VectorFormatError` when the vector file is malformed;
 * RangeError when the model's rule is not built in and `options.rule` is not given
 */
export function checkExportedModel(bytes: Uint8Array, vectors: unknown, options: CheckExportedModelOptions = {}): ExportedModelCheck {
  const { metadata, model } = readStepModel(bytes);
  const rule = options.rule ?? getRule(metadata.rule);
  const sets = validateVectorFile(vectors, undefined, { rules: [rule] }).sets;
  if (rule.id !== metadata.rule) throw new RangeError(`rule: the model was exported from '${metadata.rule}', not '${rule.id}'`);
  const problems = checkModel(model);
  const session = new StepSession(bytes, options.runtime);
  try {
    const rows = sets.map((set, i): ExportedModelCheckRow => {
      const label = `sets[${i}]`;
      if (set.kind !== 'optimizer') return { set: label, status: 'skipped', reason: `a ${set.kind} set; an exported step model is checked against optimizer sets` };
      const base = { set: label, rule: set.rule, dtype: set.dtype };
      let why: string | undefined;
      try {
        why = mismatch(set, metadata, rule);
      } catch (e) {
        return { ...base, status: 'failed', reason: `threw: ${(e as Error).message}` };
      }
      if (why !== undefined) return { ...base, status: 'skipped', reason: why };
      try {
        const r = runOptimizerSet(set, session, metadata, rule);
        const passed = r.allowed <= 1;
        const notes = [
          set.dtype !== metadata.layout.dtype ? `${set.dtype} set run on a ${metadata.layout.dtype} model` : undefined,
          passed && r.worst > 1 ? 'within the float32 trajectory allowance (the tolerance alone is exceeded)' : undefined,
          passed ? undefined : 'error above tolerance',
        ].filter(Boolean);
        return { ...base, status: passed ? 'passed' : 'failed', worst: r.worst, maxUlp: r.maxUlp, ...(notes.length > 0 ? { reason: notes.join('; ') } : {}) };
      } catch (e) {
        return { ...base, status: 'failed', reason: `threw: ${(e as Error).message}` };
      }
    });
    return { metadata, problems, rows };
  } finally {
    session.dispose();
  }
}
