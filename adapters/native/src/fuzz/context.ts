/**
 * What every call factory of the fuzzer shares: the run's state, the shape of a call, and
 * the choice of tensor arguments (live, held, disposed or not a tensor at all).
 *
 * @module
 */
import type { CompiledRule, DType, TypedArray } from '@stablegrad/core';
import type { NativeBackend } from '../backend/native-backend.js';
import type { NativeStepKernel } from '../backend/step-kernel.js';
import { NativeTensor } from '../tensor/native-tensor.js';
import { garbage, hostData, show, smallShape, type Arg } from './arguments.js';
import type { Entry, Model } from './model.js';
import type { Expectation, Outcome } from './outcome.js';
import type { Random } from './random.js';

/** A compiled step kernel the fuzz run can call. */
export interface KernelEntry {
  readonly kernel: NativeStepKernel;
  readonly compiled: CompiledRule;
  readonly dtype: DType;
  /** What its clipping does with a gradient that is not finite; undefined without clipping. */
  readonly nonFinite: 'error' | 'nan' | undefined;
  /** `sgd 'float32' clipped at 1 (error)`, for call descriptions. */
  readonly label: string;
}

/** The fuzz run's state, shared by every call factory. */
export interface FuzzContext {
  readonly r: Random;
  readonly model: Model;
  /** `native-cpu`. */
  readonly backend: NativeBackend;
  /** Kernels compiled so far (at most 8). */
  readonly kernels: KernelEntry[];
  /** Whether `native-cuda` can run here. */
  readonly cudaAvailable: boolean;
  /** Async steps started and not yet awaited. */
  pending: number;
}

/** Changes an async call makes to the model: when it starts (holds) and when it is awaited. */
export interface AsyncEffects {
  /** Called right after a call expected to succeed has started: marks its tensors held. */
  start(): void;
  /** Called once the promise has settled (and the call was expected to succeed): releases and records; a problem or undefined. */
  settle(outcome: Outcome): string | undefined;
}

/** One fuzzed call: what it is, what it must do, how to run it, and what success changes. */
export interface Call {
  /** The API function, such as `zeros` or `runAsync`. */
  readonly kind: string;
  /** The call as source-like text, for reports. */
  readonly text: string;
  readonly expect: Expectation;
  /** Makes the call (for an async call, returns its promise). */
  readonly run: () => unknown;
  /** After a synchronous success: checks the result, records it in the model; a problem or undefined. */
  readonly onSuccess?: (value: unknown) => string | undefined;
  /** After the call, whatever it did: checks that what the model knows still holds; a problem or undefined. */
  readonly check?: () => string | undefined;
  /** For async calls. */
  readonly async?: AsyncEffects;
}

/** A tensor argument: a live entry (held or not), a disposed tensor, or something else. */
export interface TensorArg extends Arg {
  readonly entry?: Entry;
}

/** A live entry as an argument: refused with an Error while a pending step holds it. */
export function liveArg(entry: Entry): TensorArg {
  return entry.held > 0 ? { value: entry.tensor, text: `${entry.label} (held)`, entry, fault: 'Error' } : { value: entry.tensor, text: entry.label, entry };
}

/**
 * A tensor argument: usually a live tensor (a tenth of those held, when any is), sometimes a
 * disposed one (Error), and when `allowGarbage`, sometimes not a tensor (TypeError).
 */
export function tensorArg(ctx: FuzzContext, allowGarbage: boolean, candidates?: readonly Entry[]): TensorArg {
  const { r, model } = ctx;
  const kind = r.weighted([
    ['live', 80],
    ['disposed', model.disposed.length > 0 ? 12 : 0],
    ['garbage', allowGarbage ? 8 : 0],
  ] as const);
  if (kind === 'disposed') {
    const t = r.pick(model.disposed);
    return { value: t, text: `disposed [${t.shape.join(', ')}] ${t.dtype}`, fault: 'Error' };
  }
  if (kind === 'garbage') return garbage(r);
  const held = model.live.filter((e) => e.held > 0);
  if (held.length > 0 && r.chance(0.1)) return liveArg(r.pick(held));
  const usable = (candidates ?? model.live).filter((e) => e.held === 0);
  return liveArg(usable.length > 0 ? r.pick(usable) : newEntry(ctx, smallShape(r), r.pick(['float32', 'float64'] as const)));
}

/**
 * A new live tensor of random contents, made as setup for a call (through the API, which must
 * succeed: a failure here is reported as the call's).
 */
export function newEntry(ctx: FuzzContext, shape: readonly number[], dtype: DType): Entry {
  const data = hostData(ctx.r, shape.reduce((a, d) => a * d, 1));
  const t = NativeTensor.fromHost('cpu', { shape, data }, dtype);
  return ctx.model.add(t, dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data));
}

/** A problem when `t` is not a NativeTensor of `shape` and `dtype`, else undefined. */
export function wrongTensor(t: unknown, shape: readonly number[], dtype: DType): string | undefined {
  if (!(t instanceof NativeTensor)) return `returned ${show(t)}, not a NativeTensor`;
  if (t.dtype !== dtype || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    return `returned a ${t.dtype} tensor of shape [${t.shape.join(', ')}], expected ${dtype} [${shape.join(', ')}]`;
  }
  return undefined;
}

/**
 * An `onSuccess` for calls that return a new tensor like `like` (same shape and dtype): checks
 * that, and records the result with the contents `mirror` gives (unknown without it).
 */
export function recordsTensorLike(ctx: FuzzContext, like: NativeTensor, mirror?: () => TypedArray | undefined): (out: unknown) => string | undefined {
  return (out) => {
    const problem = wrongTensor(out, like.shape, like.dtype);
    if (problem === undefined) ctx.model.add(out as NativeTensor, mirror?.());
    return problem;
  };
}
