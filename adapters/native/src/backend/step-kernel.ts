/**
 * A native step: the rule's program, compiled once, run over a whole parameter set per call.
 *
 * @module
 */
import { transformGradients, type CompiledRule, type DType, type StepGroup, type StepKernel, type StepOutcome } from '@stablegrad/core';
import { loadAddon, type AddonStepProgram } from '../addon/load.js';
import { programKey } from '../codegen/program-key.js';
import { encodeProgram } from '../program/bytecode.js';
import { nativeLinAlg } from './native-linalg.js';
import { DEVICE_CODE, DTYPE_CODE, NativeTensor, type NativeDevice } from '../tensor/native-tensor.js';

let kernelIndex: Map<string, number> | undefined;

/** Index of the generated kernel that computes `key`, or -1 (read once from the addon). */
function generatedKernel(key: string): number {
  kernelIndex ??= new Map(loadAddon().buildInfo().kernels.map((k, i) => [k, i]));
  return kernelIndex.get(key) ?? -1;
}

/**
 * Runs one rule in one dtype on one device. A program that the build generated a kernel for (every
 * built-in rule in every configuration) runs that fused kernel; any other program (a user-defined
 * rule) runs on the addon's interpreter. Either way a step over every group is one native call,
 * and the results are those of `reference-f32` (float32) or `reference-f64` (float64), bit for bit.
 */
export class NativeStepKernel implements StepKernel<NativeTensor> {
  /** Whether a generated kernel (rather than the interpreter) runs this program. */
  readonly generated: boolean;
  private readonly program: AddonStepProgram;
  private readonly names: { readonly inputs: readonly string[]; readonly outputs: readonly string[]; readonly scalars: readonly string[] };
  /** What messages name: the backend and the rule. */
  private readonly where: string;
  /** The per-step scalars of the call being prepared, in the program's order. */
  private readonly values: Float64Array;
  /**
   * The last parameter set stepped in place: tensor ids, each group's inputs then outputs, and the
   * (frozen) outputs. While the same tensors come again, still usable, their device, dtype and
   * shape (fixed for a tensor's life) need no new check; any other tensor, or a disposed or held
   * one, takes the full check again.
   */
  private layout: { readonly ids: Float64Array; readonly outs: Record<string, NativeTensor>[] } | undefined;

  /**
   * @param backendId - the backend's id, for messages
   * @param compiled - the rule with its hyperparameters and program
   * @param dtype - element type of every tensor
   * @param device - where the tensors are
   * @param useGenerated - run the generated kernel when the build has one for this program (else
   * always the interpreter)
   */
  constructor(
    backendId: string,
    private readonly compiled: CompiledRule,
    readonly dtype: DType,
    readonly device: NativeDevice,
    useGenerated = true,
  ) {
    const { program } = compiled;
    const kernel = useGenerated ? generatedKernel(programKey(program)) : -1;
    this.generated = kernel >= 0;
    const bc = encodeProgram(program);
    this.program = new (loadAddon().StepProgram)(bc.code, bc.literals, bc.outputs, program.inputs.length, program.scalars.length, kernel, DEVICE_CODE[device], DTYPE_CODE[dtype]);
    this.names = { inputs: program.inputs, outputs: program.outputs.map((o) => o.name), scalars: program.scalars };
    this.where = `${backendId} (${compiled.rule.id})`;
    this.values = new Float64Array(program.scalars.length);
  }

  /**
   * See `StepKernel.run`: every tensor and scalar is checked first, then the gradient transforms
   * run (through {@link nativeLinAlg}), then one native call for all groups. In place, the outputs
   * are frozen records of the groups' own tensors, and the same records come back while the same
   * tensors do. Gradients a transform created (clipped copies) are freed when the step returns;
   * a step that fails frees the outputs it allocated.
   */
  run(groups: readonly StepGroup<NativeTensor>[], scalars: Readonly<Record<string, number>>, inPlace = false, names?: readonly string[]): StepOutcome<NativeTensor> {
    const given = this.prepare(groups, scalars, inPlace);
    const t = transformGradients(this.compiled, nativeLinAlg, groups, names);
    try {
      const { ids, outs } = this.bind(given, groups, t.groups, inPlace);
      try {
        this.program.run(ids, this.values);
      } catch (e) {
        if (!inPlace) disposeOutputs(outs);
        throw e;
      }
      return t.gradNorm === undefined ? { outputs: outs } : { outputs: outs, gradNorm: t.gradNorm };
    } finally {
      for (const g of t.created) g.dispose();
    }
  }

  /**
   * {@link NativeStepKernel.run} off the JavaScript thread: the step runs on a worker thread (using
   * the CPU pool, or waiting for the GPU), so a large step does not block the event loop. Until the
   * promise settles, every tensor of the step refuses other use with an error. A bad call
   * rejects the promise with the error {@link NativeStepKernel.run} would throw, having checked
   * (and held) nothing; a step that fails on the worker rejects it too, and frees its new outputs.
   */
  async runAsync(
    groups: readonly StepGroup<NativeTensor>[],
    scalars: Readonly<Record<string, number>>,
    inPlace = false,
    names?: readonly string[],
  ): Promise<StepOutcome<NativeTensor>> {
    const given = this.prepare(groups, scalars, inPlace);
    const t = transformGradients(this.compiled, nativeLinAlg, groups, names);
    try {
      const { ids, outs } = this.bind(given, groups, t.groups, inPlace);
      let step: Promise<void>;
      try {
        step = this.program.runAsync(ids, this.values);
      } catch (e) {
        if (!inPlace) disposeOutputs(outs);
        throw e;
      }
      // Every tensor of the step is held: the given ones (a clipped gradient's original too, so
      // what is refused does not depend on the gradients' norm), the transformed ones, the outputs.
      const tensors = new Set<NativeTensor>();
      for (const set of [groups, t.groups]) for (const group of set) for (const name of this.names.inputs) tensors.add(group[name]!);
      for (const out of outs) for (const x of Object.values(out)) tensors.add(x);
      const releases = [...tensors].map((x) => x.holdForAsyncStep());
      let done = false;
      try {
        await step;
        done = true;
      } finally {
        for (const release of releases) release();
        if (!done && !inPlace) disposeOutputs(outs);
      }
      return t.gradNorm === undefined ? { outputs: outs } : { outputs: outs, gradNorm: t.gradNorm };
    } finally {
      for (const g of t.created) g.dispose();
    }
  }

  /**
   * Checks the call (before anything is computed or allocated) and fills
   * {@link NativeStepKernel.values}: the given tensors' ids (each group's inputs, then room for
   * its outputs) and, in place, the outputs with their ids filled in.
   */
  private prepare(groups: readonly StepGroup<NativeTensor>[], scalars: Readonly<Record<string, number>>, inPlace: boolean): Prepared {
    if (!Array.isArray(groups)) throw new TypeError(`${this.where}: groups: expected an array`);
    if (scalars === null || typeof scalars !== 'object') throw new TypeError(`${this.where}: scalars: expected an object of per-step scalars by name`);
    this.names.scalars.forEach((name, i) => {
      const v = scalars[name];
      if (typeof v !== 'number') throw new Error(`${this.compiled.rule.id}: missing per-step scalar '${name}'`);
      this.values[i] = v;
    });
    if (inPlace && this.layout !== undefined && this.isLayout(groups, this.layout.ids)) return this.layout;
    const ids = this.checkedInputs(groups);
    if (!inPlace) {
      this.layout = undefined;
      return { ids, outs: undefined };
    }
    const outs = this.inPlaceOutputs(groups);
    this.fillOutputIds(ids, outs);
    this.layout = { ids, outs };
    return this.layout;
  }

  /**
   * The ids and outputs of the native call: the prepared ids with the transformed gradients in
   * place of the given ones, and the outputs (new tensors unless in place, all or none).
   */
  private bind(
    given: Prepared,
    groups: readonly StepGroup<NativeTensor>[],
    transformed: readonly StepGroup<NativeTensor>[],
    inPlace: boolean,
  ): { ids: Float64Array; outs: Record<string, NativeTensor>[] } {
    const { inputs, outputs } = this.names;
    const io = inputs.length + outputs.length;
    const gradAt = inputs.indexOf('grad');
    let ids = given.ids;
    // Without transforms the groups come back as they were given: nothing to replace.
    if (gradAt >= 0 && transformed !== groups) {
      transformed.forEach((group, g) => {
        const id = group.grad!.id;
        if (id === ids[g * io + gradAt]) return;
        if (ids === given.ids) ids = ids.slice(); // the kept layout stays that of the given tensors
        ids[g * io + gradAt] = id;
      });
    }
    if (inPlace) return { ids, outs: given.outs! };
    const outs = this.newOutputs(transformed);
    this.fillOutputIds(ids, outs);
    return { ids, outs };
  }

  /** Writes the outputs' ids after each group's inputs in `ids`. */
  private fillOutputIds(ids: Float64Array, outs: readonly Record<string, NativeTensor>[]): void {
    const { inputs, outputs } = this.names;
    let at = 0;
    for (const out of outs) {
      at += inputs.length;
      for (const name of outputs) ids[at++] = out[name]!.id;
    }
  }

  /** Whether `groups` holds, usable, exactly the tensors whose ids `ids` lists. */
  private isLayout(groups: readonly StepGroup<NativeTensor>[], ids: Float64Array): boolean {
    const { inputs, outputs } = this.names;
    if (ids.length !== groups.length * (inputs.length + outputs.length)) return false;
    let at = 0;
    for (const group of groups) {
      if (group === null || typeof group !== 'object') return false;
      for (const name of inputs) {
        const t = group[name];
        if (!(t instanceof NativeTensor) || !t.usable || t.id !== ids[at++]) return false;
      }
      at += outputs.length;
    }
    return true;
  }

  /**
   * Every input tensor's checks (present, usable, device, dtype, the parameter's shape); the ids
   * with the inputs filled in and room for the outputs.
   */
  private checkedInputs(groups: readonly StepGroup<NativeTensor>[]): Float64Array {
    const { inputs, outputs } = this.names;
    const ids = new Float64Array(groups.length * (inputs.length + outputs.length));
    let at = 0;
    groups.forEach((group: unknown, g) => {
      if (group === null || typeof group !== 'object') throw new TypeError(`${this.where}: group ${g}: expected an object of tensors by name`);
      const param = (group as StepGroup<NativeTensor>).param;
      if (!(param instanceof NativeTensor)) throw new TypeError(`${this.where}: group ${g} has no 'param' tensor`);
      const here = (name: string) => `${this.where}: group ${g} '${name}'`;
      for (const name of inputs) {
        const t = (group as StepGroup<NativeTensor>)[name];
        if (!(t instanceof NativeTensor)) throw new TypeError(`${this.where}: group ${g} has no '${name}' tensor`);
        if (!t.usable) t.checkUsable(here(name));
        if (t.device !== this.device) throw new Error(`${here(name)}: expected a tensor on '${this.device}', got one on '${t.device}'`);
        if (t.dtype !== this.dtype) throw new RangeError(`${here(name)}: expected dtype '${this.dtype}', got '${t.dtype}'`);
        if (t !== param && !sameShape(t.shape, param.shape)) {
          throw new RangeError(`${here(name)}: expected shape [${param.shape.join(', ')}] (the parameter's), got [${t.shape.join(', ')}]`);
        }
        ids[at++] = t.id;
      }
      at += outputs.length;
    });
    return ids;
  }

  /** The outputs of an in-place step: each group's own tensors, by output name, frozen. */
  private inPlaceOutputs(groups: readonly StepGroup<NativeTensor>[]): Record<string, NativeTensor>[] {
    return Object.freeze(
      groups.map((group) => {
        const out: Record<string, NativeTensor> = {};
        for (const name of this.names.outputs) out[name] = group[name]!;
        return Object.freeze(out);
      }),
    ) as Record<string, NativeTensor>[];
  }

  /**
   * New zero tensors for every group's outputs, by output name, of the group's parameter's shape:
   * all of them, or (when an allocation fails) none.
   */
  private newOutputs(groups: readonly StepGroup<NativeTensor>[]): Record<string, NativeTensor>[] {
    const made: NativeTensor[] = [];
    try {
      return groups.map((group) => {
        const out: Record<string, NativeTensor> = {};
        for (const name of this.names.outputs) {
          const t = NativeTensor.zeros(this.device, group.param!.shape, this.dtype);
          made.push(t);
          out[name] = t;
        }
        return out;
      });
    } catch (e) {
      for (const t of made) t.dispose();
      throw e;
    }
  }
}

/** What {@link NativeStepKernel} checked of a call: the given tensors' ids and, in place, the outputs. */
interface Prepared {
  readonly ids: Float64Array;
  readonly outs: Record<string, NativeTensor>[] | undefined;
}

/** Frees the new outputs of a step that failed. */
function disposeOutputs(outs: readonly Record<string, NativeTensor>[]): void {
  for (const out of outs) for (const t of Object.values(out)) t.dispose();
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

