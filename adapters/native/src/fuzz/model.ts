/**
 * What the fuzzer knows of the addon's state: the tensors it holds, what each contains when that
 * is known, which ones a pending async step holds, and so how many tensors the addon must count;
 * the spectral sessions it opened, and the state of each.
 *
 * @module
 */
import type { SpectralSession, TypedArray } from '@stablegrad/core';
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

/** A spectral session of the fuzz run, and the state its contract gives it. */
export interface SessionEntry {
  readonly session: SpectralSession<NativeTensor>;
  /** `session #2 of [5, 4] float32`, for call descriptions. */
  readonly label: string;
  /** The shape and dtype of its `W`, which `project` gives its results. */
  readonly shape: readonly [number, number];
  readonly dtype: NativeTensor['dtype'];
  /**
   * `||W||_F^2` when `W` was known to hold finite values of magnitude at most 1e4 (so `W^T W`
   * cannot overflow): then every result of a call with moderate arguments must be finite, and
   * every Ritz value within `[0, ||W||_F^2]` up to rounding. Undefined otherwise.
   */
  readonly normSquared: number | undefined;
  /** Columns of the block (0 once disposed). */
  k: number;
  /** The Ritz values of the last Rayleigh-Ritz step while they are current (no block change since), else undefined. */
  theta: Float64Array | undefined;
  disposed: boolean;
}

/** Disposed tensors kept for calls that must refuse them. */
const GRAVEYARD = 16;
/** Disposed sessions kept for calls that must refuse them. */
const SESSION_GRAVEYARD = 4;

/** The live tensors, the recently disposed ones, and the expected live count. */
export class Model {
  /** Live tensors, in creation order. */
  readonly live: Entry[] = [];
  /** Recently disposed tensors (at most 16). */
  readonly disposed: NativeTensor[] = [];
  /** Spectral sessions, live and recently disposed (at most 4 of those). */
  readonly sessions: SessionEntry[] = [];
  private readonly byTensor = new Map<NativeTensor, Entry>();
  private created = 0;
  private opened = 0;

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

  /** Records a new session of a `shape` matrix. */
  addSession(session: SpectralSession<NativeTensor>, shape: readonly [number, number], dtype: NativeTensor['dtype'], normSquared: number | undefined): SessionEntry {
    const label = `session #${this.opened++} of [${shape.join(', ')}] ${dtype}`;
    const entry: SessionEntry = { session, label, shape, dtype, normSquared, k: 0, theta: undefined, disposed: false };
    this.sessions.push(entry);
    return entry;
  }

  /** Records that a session was disposed (forgetting the oldest disposed one beyond 4). */
  disposeSession(entry: SessionEntry): void {
    entry.disposed = true;
    entry.k = 0;
    entry.theta = undefined;
    const gone = this.sessions.filter((s) => s.disposed);
    if (gone.length > SESSION_GRAVEYARD) this.sessions.splice(this.sessions.indexOf(gone[0]!), 1);
  }

  /** Sessions not disposed. */
  liveSessions(): SessionEntry[] {
    return this.sessions.filter((s) => !s.disposed);
  }
}
