/**
 * The `native-cpu` and `native-cuda` backends: core's `Backend` over addon-owned tensors.
 *
 * @module
 */
import type { Backend, CompiledRule, DType, HostTensor } from '@stablegrad/core';
import { NativeTensor, type NativeDevice } from '../tensor/native-tensor.js';
import { checkDevice, describe } from '../tensor/tensor-args.js';
import { nativeAvailability } from './availability.js';
import { nativeLinAlg } from './native-linalg.js';
import { NativeStepKernel } from './step-kernel.js';

/** Options of {@link nativeBackend}. */
export interface NativeBackendOptions {
  /** Where tensors live and steps run (default `cpu`). */
  readonly device?: NativeDevice;
  /**
   * `generated` (default): a program the build generated a fused kernel for runs that kernel, any
   * other program the interpreter. `interpreter`: every program runs on the interpreter (to check
   * the generated kernels against it; slower).
   */
  readonly kernels?: 'generated' | 'interpreter';
}

/** A {@link Backend} over {@link NativeTensor}s whose kernels also step asynchronously. */
export interface NativeBackend extends Backend<NativeTensor> {
  /** Where its tensors live. */
  readonly device: NativeDevice;
  /** Prepares a step kernel; its `runAsync` steps off the JavaScript thread. */
  compile(rule: CompiledRule, dtype: DType): NativeStepKernel;
  /**
   * Frees a tensor now ({@link NativeTensor.dispose}): for whoever replaces tensors, such as an
   * optimizer stepping out of place. Disposing twice does nothing.
   *
   * @throws TypeError unless `t` is a NativeTensor; Error when a pending async step is using it
   */
  disposeTensor(t: NativeTensor): void;
}

const DTYPES: readonly DType[] = ['float32', 'float64'];

/** `t`, or a TypeError naming the backend and the method when it is not a NativeTensor. */
function tensorArg(backendId: string, method: string, t: unknown): NativeTensor {
  if (!(t instanceof NativeTensor)) throw new TypeError(`${backendId}: ${method}: expected a NativeTensor`);
  return t;
}

/**
 * A backend for core's `Optimizer` on the addon: `native-cpu` runs each step over all tensors on
 * a thread pool as wide as the machine, with fused, vectorised loops generated from the rules'
 * traced programs (an interpreter of the program for rules the build did not see);
 * `native-cuda` keeps tensors on the GPU and runs each step as one kernel launch. Both compute in
 * float32 or float64 and give the bits of `reference-f32` / `reference-f64`.
 *
 * ```ts
 * import { Optimizer } from '@stablegrad/core';
 * import { nativeBackend } from '@stablegrad/native';
 * const backend = nativeBackend({ device: 'cuda' });
 * const opt = new Optimizer('sdprop', { lr: 1e-3 }, { backend });
 * ```
 *
 * @throws Error saying why when the device is unavailable (addon not built or not loadable, built
 * without CUDA, no CUDA device); TypeError when `options` is not an object or the device not a
 * string; RangeError for an unknown device or kernels option
 */
export function nativeBackend(options: NativeBackendOptions = {}): NativeBackend {
  if (options === null || typeof options !== 'object') throw new TypeError(`options: expected an object, got ${describe(options)}`);
  const device = options.device ?? 'cpu';
  checkDevice(device);
  const kernels = options.kernels ?? 'generated';
  if (kernels !== 'generated' && kernels !== 'interpreter') throw new RangeError(`kernels: expected 'generated' or 'interpreter', got ${describe(kernels)}`);
  const availability = nativeAvailability(device);
  if (!availability.available) throw new Error(`native-${device} is not available: ${availability.reason}`);
  const id = `native-${device}`;
  return {
    id,
    device,
    dtypes: DTYPES,
    compile(rule, dtype) {
      if (rule === null || typeof rule !== 'object' || typeof rule.program !== 'object' || rule.program === null) {
        throw new TypeError(`${id}: rule: expected a compiled rule (from compileRule), got ${describe(rule)}`);
      }
      if (typeof dtype !== 'string') throw new TypeError(`${id}: dtype: expected a string, got ${describe(dtype)}`);
      if (!DTYPES.includes(dtype)) throw new RangeError(`${id}: dtype '${dtype}' is not supported; expected one of ${DTYPES.join(', ')}`);
      return new NativeStepKernel(id, rule, dtype, device, kernels === 'generated');
    },
    fromHost: (t: HostTensor, dtype: DType) => NativeTensor.fromHost(device, t, dtype),
    toHost: (t) => tensorArg(id, 'toHost', t).toHost(),
    zeros: (shape, dtype) => NativeTensor.zeros(device, shape, dtype),
    shape: (t) => tensorArg(id, 'shape', t).shape,
    dtype: (t) => tensorArg(id, 'dtype', t).dtype,
    findNonFinite: (t) => tensorArg(id, 'findNonFinite', t).findNonFinite(),
    disposeTensor: (t) => tensorArg(id, 'disposeTensor', t).dispose(),
    linalg: nativeLinAlg,
  };
}
