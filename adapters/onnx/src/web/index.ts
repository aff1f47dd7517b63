/**
 * `@stablegrad/onnx/web`: stablegrad's step models on onnxruntime-web, for browsers. Free of
 * Node APIs; the application passes in the onnxruntime-web module.
 *
 * @packageDocumentation
 */
export { onnxWebBackend, type OnnxWebBackend, type OnnxWebBackendOptions } from './web-backend.js';
export { WebStepKernel, type WebStepKernelOptions } from './web-step-kernel.js';
export type { TensorMaker } from '../backend/step-model-io.js';
export type { OrtWeb } from './ort-web.js';
export { ONNX_WEB_ARITHMETIC } from './arithmetic.js';
export { STEP_SESSION_OPTIONS } from '../runtime/session-options.js';
export { buildStepModel, type BuiltStepModel, type StepModelSpec } from '../graph/build-step-model.js';
