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
export { formatTable, summaryLine, type Report } from './report.js';
