/**
 * `@stablegrad/core/testing`: what a backend's tests need (its property generators need the
 * `fast-check` package). Inputs that exercise every rule, value
 * kind and operation ({@link RULE_CONFIGS}, {@link specialValues}, {@link USER_RULE}), a bitwise
 * comparison, and oracles for checking linear algebra independently of the iterations under
 * test: {@link jacobiSvd} is a one-sided Jacobi SVD in float64, slow and exact;
 * {@link spectralNorm}, {@link clipSingularValues} and {@link projectionError} are built on it; seeded
 * random matrices with chosen singular values ({@link matrixWithSingularValues}) to feed them;
 * misuses of a spectral session with the errors they must raise ({@link SESSION_MISUSES}).
 *
 * @module
 */
export { clipSingularValues, jacobiSvd, spectralNorm, type Svd } from './jacobi-svd.js';
export {
  RULE_CONFIGS,
  SPECIAL_VALUES,
  USER_RULE,
  compileRule,
  firstBitDifference,
  ruleConfigurations,
  specialValues,
} from './backend-fixtures.js';
export { drawArbitrary, hyperArbitrary } from './hyper-arbitrary.js';
export { projectionError, type ProjectionError } from './projection-check.js';
export { gaussianMatrix, matrixWithSingularValues, normalSource, orthonormalBlock } from './random-matrices.js';
export { MISUSE_MATRIX, SESSION_MISUSES, runSessionMisuse, type MisuseOutcome, type SessionMisuse } from './session-misuses.js';
