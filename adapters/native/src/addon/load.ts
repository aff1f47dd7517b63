/**
 * Loading the compiled addon, and the shape of what it exports.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A tensor's memory, owned by the addon. */
export interface AddonTensorHandle {
  /** Id that step and linear-algebra calls take; 0 once disposed. */
  readonly id: number;
  /** Copies `data` (of the handle's dtype and length) into the tensor. */
  write(data: Float32Array | Float64Array): void;
  /** Copies the tensor into `out`, a typed array of its dtype and length. */
  readInto(out: Float32Array | Float64Array): void;
  /** Copies another tensor of the same device, dtype and length into this one. */
  copyFrom(sourceId: number): void;
  /** Index of the first NaN or infinity, or -1. */
  findNonFinite(): number;
  /** Frees the memory now (idempotent). */
  dispose(): void;
}

/** A compiled step program. */
export interface AddonStepProgram {
  /** One step over every group: `ids` holds each group's input then output tensor ids. */
  run(ids: Float64Array, scalars: Float64Array): void;
  /** The same on a worker thread. */
  runAsync(ids: Float64Array, scalars: Float64Array): Promise<void>;
}

/** The addon's spectral session (see core's `SpectralSession`, whose methods it mirrors). */
export interface AddonSpectralSession {
  /** Columns of the block. */
  readonly k: number;
  setBlock(X: Float64Array, k: number): void;
  appendColumns(X: Float64Array, count: number): void;
  /** Checks `plan` (reading each field once) and `precision` as core's host session does. */
  filter(plan: unknown, precision: unknown): void;
  rayleighRitz(): Float64Array;
  ritzResiduals(count: number): { residual: Float64Array; rest: number };
  residualNormSquared(from: number, to: number, weights: Float64Array): number;
  complementLanczos(start: Float64Array, steps: number): { alpha: Float64Array; beta: Float64Array; invariant: boolean };
  basis(count: number): Float64Array;
  /** Writes the projection into the tensor `outId` (host memory, W's dtype and size). */
  project(count: number, maxNorm: number, outId: number): void;
  /** Frees the session's memory now (idempotent). */
  dispose(): void;
}

/** What the addon exports. */
export interface Addon {
  /**
   * `new TensorHandle(device, dtype, length)`: zero-filled; device 0 CPU, 1 CUDA; dtype 0 float32,
   * 1 float64; a RangeError when the size cannot be held.
   */
  readonly TensorHandle: new (device: number, dtype: number, length: number) => AddonTensorHandle;
  /** `new StepProgram(code, literals, outputs, inputs, scalars, kernel, device, dtype)`. */
  readonly StepProgram: new (
    code: Int32Array,
    literals: Float64Array,
    outputs: Int32Array,
    inputs: number,
    scalars: number,
    kernel: number,
    device: number,
    dtype: number,
  ) => AddonStepProgram;
  /** What this build contains: CUDA or why not, and the program key of each generated kernel. */
  buildInfo(): { cuda: boolean; cudaMissingReason?: string; cudaRuntimeVersion?: number; kernels: string[] };
  /** CUDA devices; with none, the reason in `message`. */
  cudaDevices(): { count: number; message: string; devices: { name: string; major: number; minor: number; memory: number }[] };
  /** Tensors allocated by the addon and not yet freed. */
  liveTensors(): { count: number; bytes: number };
  /** Threads of the CPU pool (workers plus the calling thread). */
  threads(): number;
  /** Waits for the CUDA device to finish queued work (no-op without one). */
  synchronize(): void;
  /** `sum t_i^2` in float64. */
  sumOfSquares(id: number): number;
  /** `out = factor * t`. */
  scale(outId: number, id: number, factor: number): void;
  /** `out = W X` (or `W^T X` when `transposed`) for `W` of shape `[m, n]`, column-major blocks `out` of the result's size. */
  multiply(id: number, m: number, n: number, X: Float64Array, k: number, transposed: boolean, out: Float64Array): void;
  /** `out = W - U diag(d) V^T`. */
  lowRankUpdate(outId: number, id: number, m: number, n: number, U: Float64Array, d: Float64Array, V: Float64Array): void;
  /** `new SpectralSession(wId, m, n, seed)`: a spectral session over a host tensor (its data is copied). */
  readonly SpectralSession: new (wId: number, m: number, n: number, seed: number) => AddonSpectralSession;
}

/** Where the build puts the addon for this platform. */
export const ADDON_PATH = fileURLToPath(new URL(`../../prebuilds/${process.platform}-${process.arch}/stablegrad_native.node`, import.meta.url));

let loaded: { addon: Addon } | { error: string } | undefined;

/** The addon, or why it could not be loaded (loaded once). */
export function tryLoadAddon(): { addon: Addon } | { error: string } {
  if (loaded) return loaded;
  if (!existsSync(ADDON_PATH)) {
    loaded = { error: `the native addon is not built for ${process.platform}-${process.arch} (${ADDON_PATH} is missing; run the package's build)` };
    return loaded;
  }
  try {
    loaded = { addon: createRequire(import.meta.url)(ADDON_PATH) as Addon };
  } catch (e) {
    loaded = { error: `the native addon could not be loaded: ${(e as Error).message.split('\n')[0]}` };
  }
  return loaded;
}

/**
 * The addon.
 *
 * @throws Error saying why it could not be loaded
 */
export function loadAddon(): Addon {
  const r = tryLoadAddon();
  if ('error' in r) throw new Error(`@stablegrad/native: ${r.error}`);
  return r.addon;
}
