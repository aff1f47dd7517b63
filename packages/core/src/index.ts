/**
 * `@stablegrad/core`: SDProp, Adastand and the baseline optimizers defined once as pure math,
 * with tracing, reference backends, the `js` backend, gradient clipping and the GRU
 * spectral-norm constraint.
 *
 * @packageDocumentation
 */
export * from './tensor.js';
export * from './ops.js';
export type { Hyper, Rule, RuleInputs, RuleValues } from './rule.js';
export { resolveHyper, NON_NEGATIVE, UNIT_INTERVAL_OPEN, type NumberSpec, type HyperSpec } from './hyper.js';
export * from './rules/index.js';
export type { Instr, Program } from './trace/program.js';
export { formatProgram } from './trace/program.js';
export { Expr, traceRule } from './trace/trace.js';
export { interpret } from './trace/interpret.js';
export type { Backend, CompiledRule, StepGroup, StepKernel } from './backends/backend.js';
export type { Availability, BackendEntry } from './backends/backend-entry.js';
export { hostBackend } from './backends/host-backend.js';
export { numberOps, referenceF32, referenceF64 } from './backends/reference.js';
export { generateLoopSource } from './backends/js-codegen.js';
export { compileLoop, jsBackend, type StepLoop } from './backends/js.js';
export { Optimizer, type OptimizerOptions, type ParameterConstraint, type StepResult } from './optimizer/optimizer.js';
export { NonFiniteGradientError } from './optimizer/errors.js';
export {
  STATE_FORMAT,
  decodeNumber,
  encodeNumber,
  encodeTensor,
  type JsonNumber,
  type OptimizerState,
  type SerializedState,
} from './optimizer/state.js';
export { ulpDistance, float32Ordinal } from './ulp.js';
export type { LinAlg } from './linalg/linalg.js';
export { referenceLinAlg } from './linalg/reference-linalg.js';
export type { FilterPlan, FilterPrecision, LanczosTridiagonal, RitzResiduals, SpectralSession } from './linalg/spectral-session.js';
export { hostSpectralSession, type MatrixProducts, type SessionAccelerator } from './linalg/host-spectral-session.js';
export { boxMuller, seededNormal, seededUniform } from './linalg/seeded-random.js';
export type { GradientTransform, GradientTransformResult } from './transforms/gradient-transform.js';
export { clipByGlobalNorm, type ClipByGlobalNorm, type ClipByGlobalNormHyper } from './transforms/clip-by-global-norm.js';
export type { SpectralIterationOptions } from './constraints/spectral-options.js';
export {
  projectSpectralNorm,
  PROJECTION_DEFAULTS,
  type ProjectSpectralNormOptions,
  type SpectralProjection,
} from './constraints/project-spectral-norm.js';
export {
  SpectralNormConstraint,
  SPECTRAL_CONSTRAINT_DEFAULTS,
  type SpectralConstraintResult,
  type SpectralConstraintState,
  type SpectralNormConstraintOptions,
} from './constraints/spectral-norm-constraint.js';
export {
  CASE_NAMES,
  VECTORS_FORMAT,
  VectorFormatError,
  validateVectorFile,
  type CasesSet,
  type OptimizerSet,
  type Tolerance,
  type ValidateVectorFileOptions,
  type VectorFile,
  type VectorSet,
  type VectorTensor,
} from './vectors/format.js';
export { FLOAT32_TOLERANCE, FLOAT32_UNIT_ROUNDOFF, trajectoryAllowance, widen, worstError } from './vectors/tolerance.js';
