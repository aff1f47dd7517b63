/**
 * What every ONNX step kernel does around running its model, whichever runtime runs it: checking
 * the groups, splitting parameters into chunks, building the model for a set of chunk sizes,
 * feeding it views of the caller's arrays, and gathering its outputs.
 *
 * @module
 */
import { allocate, type CompiledRule, type DType, type StepGroup, type TypedArray } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-common';
import { buildStepModel } from '../graph/build-step-model.js';
import type { StepModelLayout } from '../graph/layout.js';
import { onnx } from '../graph/onnx-proto.js';
import { dataOf, dtypeOfTensor } from '../runtime/tensor-views.js';

/** Makes a runtime tensor over an array (not copied) with a shape. */
export type TensorMaker = (data: TypedArray, shape: readonly number[]) => Tensor;

/** A contiguous piece of one group's tensors. */
export interface Chunk {
  /** The group (parameter) it belongs to. */
  readonly group: number;
  /** Its first element in the group's tensors. */
  readonly offset: number;
  /** Its element count. */
  readonly length: number;
}

/** Splits tensors of `sizes` elements into chunks of at most `chunkElements`. */
export function splitChunks(sizes: readonly number[], chunkElements: number): Chunk[] {
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

/** The key of the model that serves these chunks: their sizes. */
export function modelKey(chunks: readonly Chunk[]): string {
  return chunks.map((c) => c.length).join(',');
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks every group's tensors and returns each group's element count.
 *
 * @throws RangeError naming the group and tensor whose dtype or shape does not match; Error for a
 * missing tensor
 */
export function checkGroups(compiled: CompiledRule, dtype: DType, groups: readonly StepGroup<Tensor>[], backendId: string): number[] {
  const { program } = compiled;
  const id = `${backendId} (${program.ruleId})`;
  return groups.map((group, k) => {
    const param = group.param;
    if (param === undefined) throw new Error(`${id}: group ${k} has no 'param' tensor`);
    for (const name of program.inputs) {
      const t = group[name];
      if (t === undefined) throw new Error(`${id}: group ${k} has no '${name}' tensor`);
      const dt = dtypeOfTensor(t, `${id}: group ${k} '${name}'`);
      if (dt !== dtype) throw new RangeError(`${id}: group ${k} '${name}': expected dtype '${dtype}', got '${dt}'`);
      if (!sameShape(t.dims, param.dims)) {
        throw new RangeError(`${id}: group ${k} '${name}': expected shape [${param.dims.join(', ')}] (the parameter's), got [${t.dims.join(', ')}]`);
      }
    }
    return param.size;
  });
}

/**
 * The per-step scalars in the program's order.
 *
 * @throws Error naming a missing scalar
 */
export function scalarValues(compiled: CompiledRule, scalars: Readonly<Record<string, number>>): number[] {
  return compiled.program.scalars.map((name) => {
    const v = scalars[name];
    if (v === undefined) throw new Error(`${compiled.program.ruleId}: missing per-step scalar '${name}'`);
    return v;
  });
}

/** The encoded step model for these chunks, and the names of its inputs and outputs. */
export function encodeStepModel(
  compiled: CompiledRule,
  dtype: DType,
  chunks: readonly Chunk[],
  clipByGlobalNorm?: number,
): { readonly bytes: Uint8Array; readonly layout: StepModelLayout } {
  const { model, layout } = buildStepModel({
    program: compiled.program,
    slots: compiled.slots,
    tensors: chunks.map((c, j) => ({ name: `c${j}`, shape: [c.length] })),
    dtype,
    ...(clipByGlobalNorm !== undefined ? { clipByGlobalNorm } : {}),
  });
  return { bytes: onnx.ModelProto.encode(model).finish(), layout };
}

/** The model's inputs: views of each chunk of each group's tensors (read in place), and the scalars. */
export function stepFeeds(
  compiled: CompiledRule,
  dtype: DType,
  groups: readonly StepGroup<Tensor>[],
  chunks: readonly Chunk[],
  layout: StepModelLayout,
  values: readonly number[],
  tensor: TensorMaker,
): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  chunks.forEach((c, j) => {
    const names = layout.params[j]!;
    const group = groups[c.group]!;
    const view = (t: Tensor): Tensor => tensor(dataOf(t).subarray(c.offset, c.offset + c.length), [c.length]);
    feeds[names.param] = view(group.param!);
    feeds[names.grad] = view(group.grad!);
    for (const [slot, name] of Object.entries(names.slots)) feeds[name] = view(group[slot]!);
  });
  compiled.program.scalars.forEach((name, i) => {
    feeds[layout.scalars[name]!] = tensor(allocate(dtype, 1).fill(values[i]!), []);
  });
  return feeds;
}

/**
 * Each group's results from the model's outputs: a parameter that fits in one chunk keeps the
 * output's array (unless `inPlace`), a larger one is gathered from its chunks into a new array or,
 * `inPlace`, into the group's own tensors, which are returned.
 */
export function stepOutputs(
  compiled: CompiledRule,
  dtype: DType,
  groups: readonly StepGroup<Tensor>[],
  chunks: readonly Chunk[],
  layout: StepModelLayout,
  results: Readonly<Record<string, Tensor>>,
  inPlace: boolean,
  tensor: TensorMaker,
): Record<string, Tensor>[] {
  const gather = (group: StepGroup<Tensor>, name: string, pieces: readonly { offset: number; data: Tensor }[]): Tensor => {
    const shape = group.param!.dims;
    if (pieces.length === 1 && !inPlace) return tensor(pieces[0]!.data.data as TypedArray, shape);
    const dest = inPlace ? dataOf(group[name]!) : allocate(dtype, group.param!.size);
    for (const p of pieces) dest.set(p.data.data as TypedArray, p.offset);
    return inPlace ? group[name]! : tensor(dest, shape);
  };
  return groups.map((group, g) => {
    const pieces = chunks.flatMap((c, j) => (c.group === g ? [{ offset: c.offset, names: layout.params[j]! }] : []));
    const out: Record<string, Tensor> = { param: gather(group, 'param', pieces.map((p) => ({ offset: p.offset, data: results[p.names.newParam]! }))) };
    for (const slot of compiled.slots) {
      out[slot] = gather(group, slot, pieces.map((p) => ({ offset: p.offset, data: results[p.names.newSlots[slot]!]! })));
    }
    return out;
  });
}

/**
 * Loaded models by key, least recently used first; the oldest is released when more than `size`
 * are held.
 */
export class ModelCache<M> {
  private readonly models = new Map<string, M>();

  /**
   * @param size - the most models held
   * @param release - releases an evicted model
   */
  constructor(
    private readonly size: number,
    private readonly release: (model: M) => void,
  ) {}

  /** The model of `key`, marked as most recently used. */
  get(key: string): M | undefined {
    const m = this.models.get(key);
    if (m !== undefined) {
      this.models.delete(key);
      this.models.set(key, m);
    }
    return m;
  }

  /** Holds `model` under `key`, releasing the least recently used model when full. */
  set(key: string, model: M): void {
    if (this.models.size >= this.size) {
      const [oldest, old] = this.models.entries().next().value!;
      this.release(old);
      this.models.delete(oldest);
    }
    this.models.set(key, model);
  }

  /** Releases every model. */
  clear(): void {
    for (const m of this.models.values()) this.release(m);
    this.models.clear();
  }
}
