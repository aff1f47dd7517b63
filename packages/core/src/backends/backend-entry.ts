/**
 * How a backend presents itself to the conformance suite and to tools that list backends.
 *
 * @module
 */
import type { Float32Arithmetic } from '../arithmetic/float32-arithmetic.js';
import type { DType } from '../tensor.js';
import type { Backend } from './backend.js';

/** Whether a backend can run here; when not, why. */
export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * A backend as a registry knows it, before it is created: its id, dtypes, whether it can run on
 * this machine and how to create it. Adapters export a list of these from `backendEntries()`,
 * their plugin entry point, so that the backend registry can find them.
 */
export interface BackendEntry {
  /** Stable id, such as `js` or `tfjs-cpu`. */
  readonly id: string;
  /** One line on what it is. */
  readonly description: string;
  /** The dtypes it computes in. */
  readonly dtypes: readonly DType[];
  /**
   * The float32 arithmetic it computes in: `ieee`, or `ftz` when its kernels read subnormal
   * operands as zero and write subnormal results as zero. The conformance suite holds it to 0 ulp
   * against `reference-f32` computing in this same arithmetic, and counts separately what
   * flushing changes.
   */
  readonly arithmetic: Float32Arithmetic;
  /**
   * ULP bound against `reference-f32` in equivalence mode: absent (0) for strict backends; a
   * backend that cannot be bit-exact states its measured bound and the reason here.
   */
  readonly ulpBound?: { readonly ulp: number; readonly reason: string };
  /** Reports whether the backend can run on this machine. */
  availability(): Promise<Availability>;
  /** Creates the backend; called only when available. */
  create(): Promise<Backend<any>>;
}
