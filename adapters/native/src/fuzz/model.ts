/**
 * What the fuzzer knows of the addon's state: the tensors it holds, what each contains when that
 * is known, which ones a pending async step holds, and so how many tensors the addon must count.
 *
 * @module
 */
import type { TypedArray } from '@stablegrad/core';
import { NativeTensor } from '../tensor/native-tensor.js';

/** A live tensor of the fuzz run. */
export interface Entry {
  readonly tensor: NativeTensor;
  /** `#7 [3, 4] float32`, for call descriptions. */
  readonly label: string;
  /** The contents, when known (written from the host, zeros, a copy); unknown after a step. */
  mirror: TypedArray | undefined;
  /** Pending async steps that hold the tensor. */
  held: number;
}

/** Disposed tensors kept for calls that must refuse them. */
const GRAVEYARD = 16;

/** The live tensors, the recently disposed ones, and the expected live count. */
export class Model {
  /** Live tensors, in creation order. */
  readonly live: Entry[] = [];
  /** Recently disposed tensors (at most 16). */
  readonly disposed: NativeTensor[] = [];
  private readonly byTensor = new Map<NativeTensor, Entry>();
  private created = 0;

  /** Records a new live tensor. */
  add(tensor: NativeTensor, mirror: TypedArray | undefined): Entry {
    const entry: Entry = { tensor, label: `#${this.created++} [${tensor.shape.join(', ')}] ${tensor.dtype}`, mirror, held: 0 };
    this.live.push(entry);
    this.byTensor.set(tensor, entry);
    return entry;
  }

  /** Records that `entry` was disposed. */
  remove(entry: Entry): void {
    this.live.splice(this.live.indexOf(entry), 1);
    this.byTensor.delete(entry.tensor);
    this.disposed.push(entry.tensor);
    if (this.disposed.length > GRAVEYARD) this.disposed.shift();
  }

  /** The entry of a live tensor, or undefined. */
  entryOf(tensor: unknown): Entry | undefined {
    return tensor instanceof NativeTensor ? this.byTensor.get(tensor) : undefined;
  }

  /** Live tensors not held by a pending step. */
  usable(): Entry[] {
    return this.live.filter((e) => e.held === 0);
  }
}
