/**
 * Whether the native backends can run here, and what the addon was built with.
 *
 * @module
 */
import type { Availability } from '@stablegrad/core';
import { tryLoadAddon } from '../addon/load.js';
import type { NativeDevice } from '../tensor/native-tensor.js';
import { checkDevice } from '../tensor/tensor-args.js';

/** A CUDA device as the driver reports it. */
export interface CudaDevice {
  /** Its name, such as `NVIDIA H100 80GB HBM3`. */
  readonly name: string;
  /** Compute capability, such as `9.0`. */
  readonly computeCapability: string;
  /** Global memory in bytes. */
  readonly memory: number;
}

/** What {@link nativeDeviceInfo} reports. */
export interface NativeDeviceInfo {
  /** Threads a CPU step runs on (the pool's workers and the calling thread). */
  readonly cpuThreads: number;
  /** Distinct programs compiled into the addon as fused kernels. */
  readonly generatedKernels: number;
  /** Whether the addon contains the CUDA backend. */
  readonly cudaBuilt: boolean;
  /** The CUDA runtime version linked into the addon, e.g. `13000`, when built with CUDA. */
  readonly cudaRuntimeVersion?: number;
  /** The CUDA devices present (none without CUDA, a driver or a GPU). */
  readonly cudaDevices: readonly CudaDevice[];
  /** `native-cuda`'s availability. */
  readonly cuda: Availability;
}

/**
 * Whether `device` can run native steps here; when not, why: the addon is missing or fails to
 * load, it was `built without CUDA: nvcc was not found at build time` (or with
 * `STABLEGRAD_CUDA=off`), or there is `no CUDA device: <the driver's message>`.
 *
 * @throws TypeError unless `device` is a string; RangeError unless it is `cpu` or `cuda`
 */
export function nativeAvailability(device: NativeDevice): Availability {
  checkDevice(device);
  const loaded = tryLoadAddon();
  if ('error' in loaded) return { available: false, reason: loaded.error };
  if (device === 'cpu') return { available: true };
  const build = loaded.addon.buildInfo();
  if (!build.cuda) return { available: false, reason: build.cudaMissingReason ?? 'built without CUDA' };
  const devices = loaded.addon.cudaDevices();
  if (devices.count === 0) return { available: false, reason: `no CUDA device: ${devices.message}` };
  return { available: true };
}

/**
 * What the loaded addon contains and which devices it sees.
 *
 * @throws Error saying why the addon could not be loaded
 */
export function nativeDeviceInfo(): NativeDeviceInfo {
  const loaded = tryLoadAddon();
  if ('error' in loaded) throw new Error(`@stablegrad/native: ${loaded.error}`);
  const { addon } = loaded;
  const build = addon.buildInfo();
  const devices = addon.cudaDevices().devices.map((d) => ({ name: d.name, computeCapability: `${d.major}.${d.minor}`, memory: d.memory }));
  return {
    cpuThreads: addon.threads(),
    generatedKernels: build.kernels.length,
    cudaBuilt: build.cuda,
    ...(build.cudaRuntimeVersion !== undefined ? { cudaRuntimeVersion: build.cudaRuntimeVersion } : {}),
    cudaDevices: devices,
    cuda: nativeAvailability('cuda'),
  };
}
