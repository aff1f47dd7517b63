/**
 * `@stablegrad/native`: stablegrad optimizer steps as a Node-API addon. Fused, vectorised loops
 * generated at build time from the rules' traced programs run on a CPU thread pool; with CUDA, one
 * kernel launch updates a whole parameter set on the GPU. Results are bit-identical to core's
 * float32 and float64 references.
 *
 * @packageDocumentation
 */
export { nativeBackend, type NativeBackend, type NativeBackendOptions } from './backend/native-backend.js';
export { NativeStepKernel } from './backend/step-kernel.js';
export { nativeLinAlg } from './backend/native-linalg.js';
export { nativeAvailability, nativeDeviceInfo, type CudaDevice, type NativeDeviceInfo } from './backend/availability.js';
export { NativeTensor, liveTensors, type NativeDevice } from './tensor/native-tensor.js';
export { backendEntries } from './backend-entries.js';
