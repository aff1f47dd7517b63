/**
 * `@stablegrad/onnx`: stablegrad optimizer steps as standard ONNX graphs. Any rule of
 * `@stablegrad/core`, built-in or user-defined, is traced and emitted as `ai.onnx` opset 13 nodes,
 * one model per step for a whole parameter set; it runs on `onnxruntime-node` (the `onnx-cpu`
 * backend and {@link OnnxOptimizer}) and exports as a `.onnx` file that any ONNX runtime executes
 * with the same numbers.
 *
 * @packageDocumentation
 */
export { onnxBackend, DEFAULT_CHUNK_ELEMENTS, type OnnxBackend, type OnnxBackendOptions } from './backend/onnx-backend.js';
export { onnxLinAlg } from './backend/onnx-linalg.js';
export { OnnxOptimizer, type OnnxOptimizerOptions } from './optimizer/onnx-optimizer.js';
export { STEP_SESSION_OPTIONS, type OnnxRuntimeOptions } from './runtime/session.js';
export { exportStepModel, type ExportStepModelOptions } from './export/export-step-model.js';
export { buildStepModel, type BuiltStepModel, type StepModelSpec } from './graph/build-step-model.js';
export { GLOBAL_NORM, type ParamLayout, type StepModelLayout, type TensorSpec } from './graph/layout.js';
export { isIdentifier, toIdentifier } from './graph/names.js';
export {
  METADATA_KEY,
  PROGRAM_KEY,
  STEP_MODEL_FORMAT,
  readStepModel,
  type ReadStepModel,
  type StepModelMetadata,
} from './graph/metadata.js';
export { checkModel } from './graph/check-model.js';
export {
  checkExportedModel,
  type CheckExportedModelOptions,
  type ExportedModelCheck,
  type ExportedModelCheckRow,
} from './check/check-exported-model.js';
export { IR_VERSION, OPSET_VERSION } from './graph/onnx-proto.js';
export { backendEntries } from './backend-entries.js';
