/**
 * Tensors held by the addon, on the CPU or a CUDA device.
 *
 * @module
 */
import { sizeOf, type DType, type HostTensor } from '@stablegrad/core';
import { loadAddon, type AddonTensorHandle } from '../addon/load.js';

/** Where a native tensor lives and a native step runs. */
export type NativeDevice = 'cpu' | 'cuda';

/** The addon's numbering of devices and dtypes. */
export const DEVICE_CODE: Readonly<Record<NativeDevice, number>> = { cpu: 0, cuda: 1 };
/** The addon's numbering of dtypes. */
export const DTYPE_CODE: Readonly<Record<DType, number>> = { float32: 0, float64: 1 };

function checkShape(shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`shape: expected an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

function checkDtype(dtype: DType): void {
  if (dtype !== 'float32' && dtype !== 'float64') throw new RangeError(`dtype: expected 'float32' or 'float64', got '${String(dtype)}'`);
}

/**
 * A tensor whose memory the addon owns, in host memory (`cpu`) or on the CUDA device (`cuda`).
 * It stays where it is between steps; {@link NativeTensor.toHost} copies it back.
 *
 * Free it with {@link NativeTensor.dispose} when done: the garbage collector frees a dropped
 * tensor eventually, but it does not see the native memory behind it. A disposed tensor, or one
 * that a pending async step is using, refuses every use with an error saying so.
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
    checkShape(shape);
    checkDtype(dtype);
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    this.handle = new (loadAddon().TensorHandle)(DEVICE_CODE[device], DTYPE_CODE[dtype], this.size);
    this.handleId = this.handle.id;
  }

  /**
   * A new zero-filled tensor.
   *
   * @throws RangeError naming `shape` or `dtype` when invalid; Error when the device has no memory left
   */
  static zeros(device: NativeDevice, shape: readonly number[], dtype: DType): NativeTensor {
    return new NativeTensor(device, shape, dtype);
  }

  /** A copy of a host tensor on `device`, converted to `dtype` (each value rounded once). */
  static fromHost(device: NativeDevice, t: HostTensor, dtype: DType): NativeTensor {
    const out = new NativeTensor(device, t.shape, dtype);
    if (t.data.length !== out.size) {
      out.dispose();
      throw new RangeError(`data: shape [${t.shape.join(', ')}] needs ${out.size} elements, got ${t.data.length}`);
    }
    const wanted = dtype === 'float64' ? Float64Array : Float32Array;
    out.handle.write(t.data instanceof wanted ? t.data : wanted.from(t.data));
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

  /** A host copy. */
  toHost(): HostTensor {
    this.checkUsable('tensor');
    return { shape: [...this.shape], data: this.handle.read() };
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
   * @throws RangeError unless `source` has the same device, dtype and size
   */
  copyFrom(source: NativeTensor): void {
    this.checkUsable('tensor');
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
   * Frees the tensor's memory now. Disposing twice does nothing.
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

/** Tensors the addon holds right now, over all devices, and their bytes (to check for leaks). */
export function liveTensors(): { readonly count: number; readonly bytes: number } {
  return loadAddon().liveTensors();
}
