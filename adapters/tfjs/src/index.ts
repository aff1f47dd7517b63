/**
 * `@stablegrad/tfjs`: SDProp, Adastand and the baseline optimizers of `@stablegrad/core` as
 * TensorFlow.js optimizers, the GRU spectral-norm constraint as a tfjs-layers constraint, and the
 * tfjs backends of the conformance suite.
 *
 * @packageDocumentation
 */
export { train, type OptimizerFactory, type Train } from './optimizers/train.js';
export {
  RuleOptimizer,
  type RuleOptimizerConfig,
  type RuleOptimizerOptions,
  type VariableGradients,
} from './optimizers/rule-optimizer.js';
export {
  optimizerClass,
  optimizers,
  type BuiltinOptimizerClasses,
  type RuleOptimizerClass,
} from './optimizers/builtin-optimizers.js';
export type { NamedWeight } from './optimizers/slot-store.js';
export { SpectralNormLayerConstraint, spectralNorm, type SpectralNormArgs } from './constraints/spectral-norm.js';
export { BlockSpectralNorm, type BlockSpectralState, type SpectralBlockReport } from './constraints/block-spectral-norm.js';
export { SPECTRAL_BLOCKS, type SpectralBlocks } from './constraints/gru-blocks.js';
export { ConstrainedOptimizer, constraintsOf, withConstraints, type ConstraintSource } from './constraints/constrained-optimizer.js';
export { tensorBackend, type TensorBackendOptions } from './backend/tensor-backend.js';
export { tensorKernel } from './backend/step-kernel.js';
export { tensorOps } from './backend/tensor-ops.js';
export { EQUAL_OPERANDS_DIVIDE_TO_ONE, guardedDiv } from './backend/division.js';
export { tensorLinAlg, type Within } from './backend/tensor-linalg.js';
export { ACCELERATE_FROM, type SessionAcceleration } from './backend/tensor-spectral-session.js';
export { initialiseBackend, onBackend } from './backend/on-backend.js';
export { backendEntries } from './backend/backend-entries.js';
export { TFJS_ARITHMETIC, tfjsArithmetic } from './backend/arithmetic.js';
