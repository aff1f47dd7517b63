/**
 * Optimizer state as plain data, and its JSON form.
 *
 * @module
 */
import type { DType, HostTensor } from '../tensor.js';
import type { Hyper } from '../rule.js';

/**
 * Optimizer state: the number of steps taken and, per parameter, its slots by name.
 * Plain data: it can be copied, compared across backends, saved and resumed.
 */
export interface OptimizerState<Tn> {
  /** Steps taken so far (0 after `init`). */
  readonly step: number;
  /** `slots[param][slot]`, e.g. `slots.w.mu`. */
  readonly slots: Readonly<Record<string, Readonly<Record<string, Tn>>>>;
  /** Per-parameter constraint state (JSON data), e.g. a spectral constraint's warm start. */
  readonly constraints: Readonly<Record<string, unknown>>;
}

/** The format tag of {@link SerializedState}. */
export const STATE_FORMAT = 'stablegrad-state/1';

/** A number in JSON: finite numbers as themselves, the others as `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/**
 * The JSON form of an {@link OptimizerState}: slots flattened under stable names `<param>/<slot>`
 * (`w/mu`, `w/c`), values exactly as stored (a float32 value printed in shortest form reads back
 * to the same float32).
 */
export interface SerializedState {
  /** Always {@link STATE_FORMAT}. */
  readonly format: typeof STATE_FORMAT;
  /** The rule's canonical id. */
  readonly rule: string;
  /** The resolved hyperparameters. */
  readonly hyper: Hyper;
  /** The dtype the state was computed in. */
  readonly dtype: DType;
  /** Steps taken. */
  readonly step: number;
  /** Slot tensors by `<param>/<slot>`. */
  readonly slots: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: readonly JsonNumber[] }>>;
  /** Per-parameter constraint state. */
  readonly constraints: Readonly<Record<string, unknown>>;
}

/** Encodes a number for JSON without losing non-finite values. */
export function encodeNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/** Decodes a {@link JsonNumber}; `where` names the field in the error. */
export function decodeNumber(x: unknown, where: string): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  throw new TypeError(`${where}: expected a number, got ${JSON.stringify(x)}`);
}

/** Serialises a host tensor's data. */
export function encodeTensor(t: HostTensor): { shape: number[]; data: JsonNumber[] } {
  return { shape: [...t.shape], data: Array.from(t.data, encodeNumber) };
}
