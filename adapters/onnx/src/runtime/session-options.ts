/**
 * The session options of step models, shared by onnxruntime-node and onnxruntime-web.
 *
 * @module
 */
import type { InferenceSession } from 'onnxruntime-common';

/**
 * The session options every step model runs with:
 * - `graphOptimizationLevel: 'disabled'`: no graph transformation at all, so no node is fused,
 *   reordered, constant-folded or rewritten, and each node runs the operator it names on the
 *   operands it names. (Measured: the higher levels find nothing to change in an elementwise
 *   step graph and give the same bits, but "disabled" makes that a guarantee rather than an
 *   observation about one ONNX Runtime version.)
 * - `executionMode: 'sequential'`: one node at a time. The order of independent nodes cannot
 *   change any result (every node is a pure elementwise function of its operands), but sequential
 *   execution lets the memory planner reuse intermediate buffers.
 * - the CPU memory arena and memory patterns on (ONNX Runtime's defaults): intermediate buffers
 *   are planned once per input shape and reused across runs.
 */
export const STEP_SESSION_OPTIONS: Readonly<InferenceSession.SessionOptions> = Object.freeze({
  graphOptimizationLevel: 'disabled',
  executionMode: 'sequential',
  enableCpuMemArena: true,
  enableMemPattern: true,
});
