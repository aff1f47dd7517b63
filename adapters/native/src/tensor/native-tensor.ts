/**
 * Tensors held by the addon, on the CPU or a CUDA device.
 *
 * @module
 */
import type { DType, HostTensor } from '@stablegrad/core';
import { loadAddon, type AddonTensorHandle } from '../addon/load.js';
import { checkDevice, checkDtype, checkedHostTensor, checkedSize, formatShape } from './tensor-args.js';

/** Where a native tensor lives and a native step runs. */
export type NativeDevice = 'cpu' | 'cuda';

/** The addon's numbering of devices and dtypes. */
export const DEVICE_CODE: Readonly<Record<NativeDevice, number>> = { cpu: 0, cuda: 1 };
/** The addon's numbering of dtypes. */
export const DTYPE_CODE: Readonly<Record<DType, number>> = { float32: 0, float64: 1 };

/** A zero-filled host array of `size` elements of `dtype`. */
function hostArray(dtype: DType, size: number): Float32Array | Float64Array {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/**
 * A tensor whose memory the addon owns, in host memory (`cpu`) or on the CUDA device (`cuda`).
 * It stays where it is between steps; {@link NativeTensor.toHost} copies it back.
 *
 * Free it with {@link NativeTensor.dispose} when done. The addon reports every allocation to V8
 * as external memory, so the garbage collector also frees dropped tensors, under memory pressure
 * and at a time of its choosing. A disposed tensor, or one that a pending async step is using,
 * refuses every use with an error saying so.
 *
 * Errors: a `TypeError` for an argument of the wrong type (a shape that is not an array of
 * numbers, a dtype or device that is not a string, host data that is not a `Float32Array` or
 * `Float64Array`); a `RangeError` for a value out of range (a dimension that is negative,
 * fractional, NaN, infinite or beyond `2^53 - 1`, an unknown dtype or device, a data length other
 * than the shape's size) and for a size that cannot be held (more than `2^53 - 1` bytes, more
 * than the machine's memory or the device's, a host copy longer than JavaScript allows), naming
 * the shape; an `Error` for a disposed tensor, one held by a pending async step, or a device that
 * is not available.
 */
export class NativeTensor {
  /** Extent of each dimension. */
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  private readonly handle: AddonTensorHandle;
  private readonly handleId: number;
  private released = false;
  private pendingSteps = 0;

  private constructor(
    /** Where the memory is. */
    readonly device: NativeDevice,
    shape: readonly number[],
    /** Element type. */
    readonly dtype: DType,
  ) {
    checkDevice(device);
    checkDtype(dtype);
    this.size = checkedSize(shape, dtype);
    this.shape = Object.freeze(shape.map((d) => (d === 0 ? 0 : d)));
    try {
      this.handle = new (loadAddon().TensorHandle)(DEVICE_CODE[device], DTYPE_CODE[dtype], this.size);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      const reason = e.message.replace(/^tensor: /, '');
      throw new RangeError(`shape ${formatShape(this.shape)}: ${this.size} elements of ${dtype} on '${device}' cannot be allocated: ${reason}`, { cause: e });
    }
    this.handleId = this.handle.id;
  }

  /**
   * A new zero-filled tensor. An empty shape (a zero dimension) allocates nothing.
   *
   * @throws TypeError or RangeError naming `shape`, `dtype` or `device` when invalid; RangeError
   * naming the shape when the memory cannot be allocated; Error when the device is not available
   */
  static zeros(device: NativeDevice, shape: readonly number[], dtype: DType): NativeTensor {
    return new NativeTensor(device, shape, dtype);
  }

  /**
   * A copy of a host tensor on `device`, converted to `dtype` (each value rounded once). Everything
   * is checked before anything is allocated.
   *
   * @throws TypeError unless `t` is an object whose `data` is a `Float32Array` or `Float64Array`;
   * RangeError when its length is not the shape's size, and as {@link NativeTensor.zeros}
   */
  static fromHost(device: NativeDevice, t: HostTensor, dtype: DType): NativeTensor {
    checkDevice(device);
    checkDtype(dtype);
    checkedHostTensor(t, dtype);
    const out = new NativeTensor(device, t.shape, dtype);
    try {
      const wanted = dtype === 'float64' ? Float64Array : Float32Array;
      out.handle.write(t.data instanceof wanted ? t.data : wanted.from(t.data));
    } catch (e) {
      out.dispose();
      throw e;
    }
    return out;
  }

  /** Whether {@link NativeTensor.dispose} was called. */
  get disposed(): boolean {
    return this.released;
  }

  /**
   * The addon's id of the tensor, for step and linear-algebra calls.
   *
   * @throws Error when the tensor is disposed or in use by a pending async step
   */
  get id(): number {
    this.checkUsable('tensor');
    return this.handleId;
  }

  /** Whether the tensor can be used now: not disposed and not in use by a pending async step. */
  get usable(): boolean {
    return !this.released && this.pendingSteps === 0;
  }

  /**
   * Throws unless the tensor can be used now.
   *
   * @param where - what to name in the message, such as `group 0 'grad'`
   */
  checkUsable(where: string): void {
    if (this.released) throw new Error(`${where}: the tensor has been disposed`);
    if (this.pendingSteps > 0) throw new Error(`${where}: the tensor is in use by a pending async step; await it first`);
  }

  /** Marks the tensor as used by an async step until the returned function is called. */
  holdForAsyncStep(): () => void {
    this.pendingSteps += 1;
    return () => {
      this.pendingSteps -= 1;
    };
  }

  /**
   * A host copy.
   *
   * @throws Error when the tensor is disposed or held; RangeError naming the shape when
   * JavaScript cannot hold a typed array that long (more than 2^32 elements in Node 20)
   */
  toHost(): HostTensor {
    this.checkUsable('tensor');
    let data: Float32Array | Float64Array;
    try {
      data = hostArray(this.dtype, this.size);
    } catch (e) {
      throw new RangeError(`shape ${formatShape(this.shape)}: a host copy of ${this.size} elements of ${this.dtype} cannot be allocated: ${(e as Error).message}`, { cause: e });
    }
    this.handle.readInto(data);
    return { shape: [...this.shape], data };
  }

  /** A new tensor with the same contents, on the same device. */
  clone(): NativeTensor {
    this.checkUsable('tensor');
    const out = new NativeTensor(this.device, this.shape, this.dtype);
    out.copyFrom(this);
    return out;
  }

  /**
   * Overwrites this tensor with `source`'s contents, on the device (a memcpy over the CPU thread
   * pool, or a device-to-device copy).
   *
   * @throws TypeError unless `source` is a NativeTensor; RangeError unless it has the same
   * device, dtype and size
   */
  copyFrom(source: NativeTensor): void {
    this.checkUsable('tensor');
    if (!(source instanceof NativeTensor)) throw new TypeError('source: expected a NativeTensor');
    source.checkUsable('source');
    if (source.device !== this.device || source.dtype !== this.dtype || source.size !== this.size) {
      throw new RangeError(`source: expected a ${this.dtype} tensor of ${this.size} elements on '${this.device}'`);
    }
    this.handle.copyFrom(source.handleId);
  }

  /** Index of the first NaN or infinite element, or -1. */
  findNonFinite(): number {
    this.checkUsable('tensor');
    return this.handle.findNonFinite();
  }

  /**
   * Frees the tensor's memory now (and takes it back from V8's count of external memory).
   * Disposing twice does nothing.
   *
   * @throws Error when a pending async step is using the tensor
   */
  dispose(): void {
    if (this.released) return;
    this.checkUsable('tensor');
    this.handle.dispose();
    this.released = true;
  }
}

/**
 * Tensors the addon holds right now, over all devices, and their bytes (to check for leaks):
 * every tensor allocated and not yet freed by {@link NativeTensor.dispose} or the garbage
 * collector, including one disposed while an async step still used it.
 */
export function liveTensors(): { readonly count: number; readonly bytes: number } {
  return loadAddon().liveTensors();
}
