/**
 * `@stablegrad/conformance`: proves that every backend computes the same numbers. Reads
 * `stablegrad-vectors/1` files, runs them on every registered backend, checks bit-exactness
 * against `reference-f32` on property-based inputs, and reports.
 *
 * @packageDocumentation
 */
export { BUILTIN_VECTORS, HELDOUT_VECTORS, VECTOR_FILES } from './data.js';
export { readVectorFile } from './load.js';
export { conformanceRegistry } from './registry.js';
export type { ResultRow } from './result.js';
export { planFor, runSet, type Plan } from './run-set.js';
export { checkEquivalence, type EquivalenceOptions } from './equivalence.js';
export { runConformance, type RunOptions } from './runner.js';
export { runOnBackend, skippedRows, type BackendJob, type NamedVectorFile } from './run-backend.js';
export { isRemote, type RemoteBackendEntry } from './remote.js';
export { runTrajectory, type Trajectory, type TrajectorySpec } from './trajectory.js';
export { accumulate, emptyComparison, flushNote, type ArithmeticComparison } from './arithmetic-compare.js';
export { PROBE_VALUES, checkOperations } from './op-probe.js';
export { formatTable, summaryLine, type Report } from './report.js';
