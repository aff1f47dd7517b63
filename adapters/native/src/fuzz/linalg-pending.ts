/**
 * Calls of `nativeLinAlg` that still crash, hang or leak, and that the fuzzer therefore generates
 * but does not run unless asked to (`includePending`): each entry names the failure, why it
 * happens, and the smallest reproduction. The tensor side guarantees that every tensor has a
 * valid size; these failures come from sizes the linear algebra computes from the matrix shape
 * and the block widths it is given, or from the order in which it allocates and checks.
 *
 * Remove an entry when the linear algebra is fixed: `scripts/fuzz.mjs --pending` runs each
 * reproduction in a child process and says what it does now.
 *
 * @module
 */

/** A failure of the linear algebra that the fuzzer knows of. */
export interface PendingFailure {
  /** What goes wrong, and why. */
  readonly reason: string;
  /** The smallest reproduction, as source text run with `NativeTensor` and `nativeLinAlg` in scope. */
  readonly repro: string;
}

/** The known failures, by id. */
export const PENDING_LINALG = {
  'huge-empty-matrix': {
    reason:
      'multiply, multiplyTransposed and lowRankUpdate on an empty matrix with a huge dimension ([2^40, 0], [0, 1e13]) loop over that ' +
      'dimension in chunks (minutes: a hang) or allocate its length times k doubles for the result (V8 aborts the process)',
    repro: "nativeLinAlg.multiplyTransposed(NativeTensor.zeros('cpu', [0, 1e13], 'float64'), new Float64Array(0), 0)",
  },
  'empty-block-huge-k': {
    reason: 'multiply with an empty X block (n = 0) or multiplyTransposed with an empty Y (m = 0) accept any k, and a huge k makes a result of m * k (or n * k) doubles: V8 aborts',
    repro: "nativeLinAlg.multiply(NativeTensor.zeros('cpu', [3, 0], 'float32'), new Float64Array(0), 2 ** 40)",
  },
  'scale-leaks-output': {
    reason: 'scale allocates its output before it checks t (disposed, held by a pending step) and factor (not a number): the call throws and the output is never freed',
    repro: "const t = NativeTensor.zeros('cpu', [3], 'float32'); try { nativeLinAlg.scale(t, '2'); } catch {} if (liveTensors().count !== 1) throw new Error(`${liveTensors().count} tensors live, 1 expected`)",
  },
  'low-rank-d-leaks-output': {
    reason: 'lowRankUpdate allocates its output before the addon checks that d is a Float64Array: with an array d the call throws and the output is never freed',
    repro:
      "const W = NativeTensor.zeros('cpu', [2, 2], 'float32'); try { nativeLinAlg.lowRankUpdate(W, new Float64Array(2), [1], new Float64Array(2)); } catch {} " +
      "if (liveTensors().count !== 1) throw new Error(`${liveTensors().count} tensors live, 1 expected`)",
  },
} as const satisfies Record<string, PendingFailure>;

/** Id of a known failure. */
export type PendingId = keyof typeof PENDING_LINALG;
