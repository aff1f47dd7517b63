/**
 * One row of a conformance report.
 *
 * @module
 */
import type { DType, Float32Arithmetic } from '@stablegrad/core';

/** Outcome of running one set (or one equivalence check) on one backend. */
export interface ResultRow {
  /** The set's label: `<file>#<index>` for vector sets, `equivalence:<rule>` for equivalence rows. */
  readonly set: string;
  /** `optimizer`, `gradient-transform`, `constraint` or `equivalence`. */
  readonly kind: 'optimizer' | 'gradient-transform' | 'constraint' | 'equivalence';
  /** The rule id (optimizer and equivalence rows). */
  readonly rule?: string;
  /** The transform or constraint name. */
  readonly name?: string;
  /** The set's dtype. */
  readonly dtype: DType;
  /** The backend id. */
  readonly backend: string;
  /** The float32 arithmetic the backend declares (rows of a backend that ran). */
  readonly arithmetic?: Float32Arithmetic;
  /** The outcome. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** `max |actual - expect| / (abs + rel * |expect|)`; passes at most 1. */
  readonly worst?: number;
  /**
   * Equivalence rows: the largest distance from `reference-f32` computing in the backend's
   * declared arithmetic, in float32 ulps.
   */
  readonly maxUlp?: number;
  /**
   * Rows of an `ftz` backend: the elements that differ from strict IEEE float32 only through
   * flushed subnormals (equal to the `ftz` reference, not to the strict one).
   */
  readonly flushed?: number;
  /** Why it was skipped or failed, or a note on how it ran. */
  readonly reason?: string;
}
