/**
 * The step kernel of the `onnx-*` backends: one ONNX Runtime run per optimizer step.
 *
 * @module
 */
import {
  NonFiniteGradientError,
  allocate,
  type CompiledRule,
  type DType,
  type NonFiniteNorm,
  type StepGroup,
  type StepKernel,
  type StepOutcome,
  type TypedArray,
} from '@stablegrad/core';
import { onnxLinAlg } from './onnx-linalg.js';
import type { Tensor } from 'onnxruntime-node';
import { buildStepModel } from '../graph/build-step-model.js';
import type { StepModelLayout } from '../graph/layout.js';
import { onnx } from '../graph/onnx-proto.js';
import { StepSession, type OnnxRuntimeOptions } from '../runtime/session.js';
import { dataOf, dtypeOfTensor, ortTensor } from '../runtime/tensors.js';

/** How a kernel builds and runs its models. */
export interface StepKernelOptions {
  /** Execution providers and threads. */
  readonly runtime: OnnxRuntimeOptions;
  /** Largest number of elements of one tensor inside the model; larger parameters are split. */
  readonly chunkElements: number;
  /** Models (one per set of tensor sizes) kept loaded; the least recently used is released. */
  readonly maxCachedModels: number;
  /** Clip the gradients by their global norm inside the model, with this `maxNorm`. */
  readonly clipByGlobalNorm?: number;
  /** With clipping: throw (`error`) or let NaN through (`nan`) when the global norm is not finite. */
  readonly nonFinite?: NonFiniteNorm;
}

/** A contiguous piece of one group's tensors. */
interface Chunk {
  readonly group: number;
  readonly offset: number;
  readonly length: number;
}

/** A loaded model and its names. */
interface LoadedModel {
  readonly session: StepSession;
  readonly layout: StepModelLayout;
}

function split(sizes: readonly number[], chunkElements: number): Chunk[] {
  const chunks: Chunk[] = [];
  sizes.forEach((n, group) => {
    let offset = 0;
    do {
      const length = Math.min(chunkElements, n - offset);
      chunks.push({ group, offset, length });
      offset += length;
    } while (offset < n);
  });
  return chunks;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Runs a compiled rule as one ONNX model per step over every parameter of the set.
 *
 * The model sees each parameter as flat tensors of at most `chunkElements` elements (the
 * program is elementwise, so shape does not matter to it); its inputs are views of the caller's
 * typed arrays, read in place. ONNX Runtime's Node binding returns every output in a newly
 * allocated array; a parameter that fits in one chunk keeps that array as its result, a larger one
 * is gathered from its chunks. Chunking keeps those per-run allocations small, so that the
 * allocator can reuse freed memory instead of mapping fresh pages for every step. With `inPlace`
 * the results are copied into the input tensors, which are returned. With `clipByGlobalNorm`,
 * the model clips the gradients itself and reports their global norm.
 */
export class OnnxStepKernel implements StepKernel<Tensor> {
  private readonly models = new Map<string, LoadedModel>();

  /**
   * @param compiled - the rule, its hyperparameters, slots and traced program
   * @param dtype - the element type of every tensor
   * @param options - runtime, chunking, caching and clipping
   * @param backendId - the backend's id, for error messages
   */
  constructor(
    private readonly compiled: CompiledRule,
    private readonly dtype: DType,
    private readonly options: StepKernelOptions,
    private readonly backendId: string,
  ) {}

  /**
   * Runs one step over `groups` (see core's `StepKernel`).
   *
   * @throws RangeError naming the group and tensor whose dtype or shape does not match; Error for
   * a missing tensor or scalar; with clipping, `NonFiniteGradientError` when the global norm is not
   * finite and `nonFinite` is `error` (before any result is written)
   */
  run(groups: readonly StepGroup<Tensor>[], scalars: Readonly<Record<string, number>>, inPlace = false, names?: readonly string[]): StepOutcome<Tensor> {
    const { program } = this.compiled;
    const sizes = groups.map((g, k) => this.checkGroup(g, k));
    const values = program.scalars.map((name) => {
      const v = scalars[name];
      if (v === undefined) throw new Error(`${program.ruleId}: missing per-step scalar '${name}'`);
      return v;
    });
    const clip = this.options.clipByGlobalNorm !== undefined;
    if (groups.length === 0) return clip ? { outputs: [], gradNorm: 0 } : { outputs: [] };
    const chunks = split(sizes, this.options.chunkElements);
    const { session, layout } = this.model(chunks);
    const feeds: Record<string, Tensor> = {};
    chunks.forEach((c, j) => {
      const names = layout.params[j]!;
      const group = groups[c.group]!;
      const view = (t: Tensor): Tensor => ortTensor(dataOf(t).subarray(c.offset, c.offset + c.length), [c.length]);
      feeds[names.param] = view(group.param!);
      feeds[names.grad] = view(group.grad!);
      for (const [slot, name] of Object.entries(names.slots)) feeds[name] = view(group[slot]!);
    });
    program.scalars.forEach((name, i) => {
      feeds[layout.scalars[name]!] = ortTensor(allocate(this.dtype, 1).fill(values[i]!), []);
    });
    const results = session.run(feeds);
    const gradNorm = layout.globalNorm === undefined ? undefined : Number(results[layout.globalNorm]!.data[0]);
    if (gradNorm !== undefined && !Number.isFinite(gradNorm) && this.options.nonFinite !== 'nan') {
      const bad = groups.findIndex((g) => dataOf(g.grad!).some((x) => !Number.isFinite(x)));
      const at = bad < 0 ? 0 : bad;
      throw new NonFiniteGradientError(names?.[at] ?? String(at), { value: Math.sqrt(onnxLinAlg.sumOfSquares(groups[at]!.grad!)), source: 'clipByGlobalNorm' });
    }
    const outputs = groups.map((group, g) => {
      const pieces = chunks.flatMap((c, j) => (c.group === g ? [{ offset: c.offset, names: layout.params[j]! }] : []));
      const out: Record<string, Tensor> = { param: this.gather(group, 'param', pieces.map((p) => ({ offset: p.offset, data: results[p.names.newParam]! })), inPlace) };
      for (const slot of this.compiled.slots) {
        out[slot] = this.gather(group, slot, pieces.map((p) => ({ offset: p.offset, data: results[p.names.newSlots[slot]!]! })), inPlace);
      }
      return out;
    });
    return gradNorm === undefined ? { outputs } : { outputs, gradNorm };
  }

  /**
   * One result tensor of a group from its pieces: the piece itself when there is one and the
   * result is new, else the pieces copied into a new array or, `inPlace`, into the group's own
   * tensor `name`, which is returned.
   */
  private gather(group: StepGroup<Tensor>, name: string, pieces: readonly { offset: number; data: Tensor }[], inPlace: boolean): Tensor {
    const shape = group.param!.dims;
    if (pieces.length === 1 && !inPlace) return ortTensor(pieces[0]!.data.data as TypedArray, shape);
    const dest = inPlace ? dataOf(group[name]!) : allocate(this.dtype, group.param!.size);
    for (const p of pieces) dest.set(p.data.data as TypedArray, p.offset);
    return inPlace ? group[name]! : ortTensor(dest, shape);
  }

  /** Releases every loaded model. */
  dispose(): void {
    for (const m of this.models.values()) m.session.dispose();
    this.models.clear();
  }

  /** Checks one group's tensors and returns its element count. */
  private checkGroup(group: StepGroup<Tensor>, k: number): number {
    const { program } = this.compiled;
    const id = `${this.backendId} (${program.ruleId})`;
    const param = group.param;
    if (param === undefined) throw new Error(`${id}: group ${k} has no 'param' tensor`);
    for (const name of program.inputs) {
      const t = group[name];
      if (t === undefined) throw new Error(`${id}: group ${k} has no '${name}' tensor`);
      const dt = dtypeOfTensor(t, `${id}: group ${k} '${name}'`);
      if (dt !== this.dtype) throw new RangeError(`${id}: group ${k} '${name}': expected dtype '${this.dtype}', got '${dt}'`);
      if (!sameShape(t.dims, param.dims)) {
        throw new RangeError(`${id}: group ${k} '${name}': expected shape [${param.dims.join(', ')}] (the parameter's), got [${t.dims.join(', ')}]`);
      }
    }
    return param.size;
  }

  /** The model for these chunk sizes, loaded on first use. */
  private model(chunks: readonly Chunk[]): LoadedModel {
    const key = chunks.map((c) => c.length).join(',');
    let m = this.models.get(key);
    if (m) {
      this.models.delete(key);
    } else {
      const { model, layout } = buildStepModel({
        program: this.compiled.program,
        slots: this.compiled.slots,
        tensors: chunks.map((c, j) => ({ name: `c${j}`, shape: [c.length] })),
        dtype: this.dtype,
        ...(this.options.clipByGlobalNorm !== undefined ? { clipByGlobalNorm: this.options.clipByGlobalNorm } : {}),
      });
      m = { session: new StepSession(onnx.ModelProto.encode(model).finish(), this.options.runtime), layout };
      if (this.models.size >= this.options.maxCachedModels) {
        const [oldest, old] = this.models.entries().next().value!;
        old.session.dispose();
        this.models.delete(oldest);
      }
    }
    this.models.set(key, m);
    return m;
  }
}
