/**
 * What an exported step model says about itself, in its `metadata_props`.
 *
 * @module
 */
import type { Hyper } from '@stablegrad/core';
import type { StepModelLayout } from './layout.js';
import { onnx, type OnnxTypes } from './onnx-proto.js';

/** The format tag of {@link StepModelMetadata}. */
export const STEP_MODEL_FORMAT = 'stablegrad-onnx-step/1';

/** The `metadata_props` key that holds {@link StepModelMetadata} as JSON. */
export const METADATA_KEY = 'stablegrad.step';

/** The `metadata_props` key that holds the traced program as text (for reading, not parsing). */
export const PROGRAM_KEY = 'stablegrad.program';

/**
 * The description an exported step model carries (as JSON under `metadata_props`
 * `stablegrad.step`), enough to feed it from any runtime: the rule and hyperparameters that give
 * the per-step scalars, and the names of every input and output.
 */
export interface StepModelMetadata {
  /** Always {@link STEP_MODEL_FORMAT}. */
  readonly format: typeof STEP_MODEL_FORMAT;
  /** The rule's id (`sdprop`, ... or a user rule's). */
  readonly rule: string;
  /** Its resolved hyperparameters. */
  readonly hyper: Hyper;
  /** The `maxNorm` of the in-graph `clipByGlobalNorm`, when the model clips. */
  readonly clipByGlobalNorm?: number;
  /** Input and output names. */
  readonly layout: StepModelLayout;
}

/** A step model read back: its metadata and the decoded model. */
export interface ReadStepModel {
  /** The stablegrad description. */
  readonly metadata: StepModelMetadata;
  /** The decoded ONNX model. */
  readonly model: OnnxTypes.ModelProto;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function need(cond: unknown, field: string, expected: string): asserts cond {
  if (!cond) throw new TypeError(`${METADATA_KEY}.${field}: expected ${expected}`);
}

function names(x: unknown, field: string): Record<string, string> {
  need(isObject(x) && Object.values(x).every((v) => typeof v === 'string'), field, 'an object of value names');
  return x as Record<string, string>;
}

function checkMetadata(m: unknown): StepModelMetadata {
  need(isObject(m), '(top level)', 'an object');
  need(m.format === STEP_MODEL_FORMAT, 'format', `'${STEP_MODEL_FORMAT}'`);
  need(typeof m.rule === 'string', 'rule', 'a rule id');
  need(isObject(m.hyper), 'hyper', 'an object of hyperparameters');
  need(m.clipByGlobalNorm === undefined || typeof m.clipByGlobalNorm === 'number', 'clipByGlobalNorm', 'a number when present');
  const layout = m.layout;
  need(isObject(layout), 'layout', 'an object');
  need(layout.dtype === 'float32' || layout.dtype === 'float64', 'layout.dtype', "'float32' or 'float64'");
  need(Array.isArray(layout.params) && layout.params.length > 0, 'layout.params', 'a non-empty array');
  layout.params.forEach((p: unknown, i) => {
    const at = `layout.params[${i}]`;
    need(isObject(p), at, 'an object');
    need(typeof p.name === 'string', `${at}.name`, 'a string');
    need(Array.isArray(p.shape) && p.shape.every((d) => Number.isInteger(d) && d >= 0), `${at}.shape`, 'an array of non-negative integers');
    for (const k of ['param', 'grad', 'newParam'] as const) need(typeof p[k] === 'string', `${at}.${k}`, 'a value name');
    names(p.slots, `${at}.slots`);
    names(p.newSlots, `${at}.newSlots`);
  });
  names(layout.scalars, 'layout.scalars');
  need(layout.globalNorm === undefined || typeof layout.globalNorm === 'string', 'layout.globalNorm', 'a value name when present');
  return m as unknown as StepModelMetadata;
}

/**
 * Decodes an exported step model and reads its stablegrad metadata.
 *
 * @throws TypeError when the bytes are not an ONNX model, or it carries no valid
 * `stablegrad.step` metadata (naming the field)
 */
export function readStepModel(bytes: Uint8Array): ReadStepModel {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new TypeError(`model: not an ONNX model (${(e as Error).message})`);
  }
  const entry = model.metadataProps.find((p) => p.key === METADATA_KEY);
  if (!entry?.value) throw new TypeError(`model: no '${METADATA_KEY}' metadata; it was not exported by stablegrad`);
  let json: unknown;
  try {
    json = JSON.parse(entry.value);
  } catch (e) {
    throw new TypeError(`${METADATA_KEY}: not valid JSON (${(e as Error).message})`);
  }
  return { metadata: checkMetadata(json), model };
}
