/**
 * `@stablegrad/core`: SDProp, Adastand and the baseline optimizers defined once as pure math,
 * with tracing, reference backends, the `js` backend, gradient clipping and the GRU
 * spectral-norm constraint.
 *
 * @packageDocumentation
 */
export * from './tensor.js';
export * from './ops.js';
export { defineRule, type Rule, type RuleDefinition, type RuleHyper, type RuleInputs, type RuleValues, type SlotCondition } from './rule.js';
export {
  decay,
  defaultsOf,
  describeRange,
  epsilon,
  inRange,
  rate,
  resolveHyper,
  toggle,
  type Draw,
  type Hyper,
  type HyperOf,
  type HyperSpec,
  type NumberSpec,
  type ParamSpec,
  type SwitchSpec,
} from './hyper.js';
export * from './rules/index.js';
export { structuralVariants } from './rules/variants.js';
export type { Instr, Program } from './trace/program.js';
export { formatProgram } from './trace/program.js';
export { Expr, traceRule } from './trace/trace.js';
export { interpret } from './trace/interpret.js';
export type { Backend, CompiledRule, StepGroup, StepKernel, StepOutcome } from './backends/backend.js';
export { compileRule, type GradientOptions } from './backends/compile-rule.js';
export type { Availability, BackendEntry } from './backends/backend-entry.js';
export {
  BackendRegistry,
  DEFAULT_PLUGINS,
  coreBackendEntries,
  coreRegistry,
  fullRegistry,
  loadPlugins,
  type BackendPlugin,
  type ModuleImporter,
  type PluginFailure,
} from './backends/registry.js';
export { hostBackend } from './backends/host-backend.js';
export { numberOps, referenceF32, referenceF32Ftz, referenceF32For, referenceF64 } from './backends/reference.js';
export {
  FLOAT32_ARITHMETICS,
  FLOAT32_MIN_NORMAL,
  checkArithmetic,
  flushSubnormal,
  float32Rounding,
  isSubnormal32,
  type Float32Arithmetic,
} from './arithmetic/float32-arithmetic.js';
export { ftzOps } from './arithmetic/ftz-ops.js';
export { generateLoopSource } from './backends/js-codegen.js';
export { compileLoop, jsBackend, type StepLoop } from './backends/js.js';
export { Optimizer, type OptimizerOptions, type StepResult } from './optimizer/optimizer.js';
export type { FromJsonOptions } from './optimizer/state-json.js';
export { applyConstraints, type ParameterConstraint } from './constraints/parameter-constraint.js';
export { NonFiniteGradientError, type NonFiniteLocation } from './optimizer/errors.js';
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
export { parseDecimal } from './parse-decimal.js';
export type { LinAlg } from './linalg/linalg.js';
export { referenceLinAlg } from './linalg/reference-linalg.js';
export type { FilterPlan, FilterPrecision, LanczosTridiagonal, RitzResiduals, SpectralSession } from './linalg/spectral-session.js';
export { hostSpectralSession, type MatrixProducts, type SessionAccelerator } from './linalg/host-spectral-session.js';
export { boxMuller, seededNormal, seededUniform } from './linalg/seeded-random.js';
export type { GradientTransform, GradientTransformResult } from './transforms/gradient-transform.js';
export { globalNorm } from './transforms/global-norm.js';
export { hostTransformKernel, transformGradients, type TransformedGradients, type UpdateRun } from './transforms/transform-pipeline.js';
export {
  clipByGlobalNorm,
  type ClipByGlobalNorm,
  type ClipByGlobalNormHyper,
  type ClipByGlobalNormOptions,
  type NonFiniteNorm,
} from './transforms/clip-by-global-norm.js';
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
