/**
 * The `js` backend: a fused loop generated from the traced program.
 *
 * @module
 */
import type { DType, HostTensor, TypedArray } from '../tensor.js';
import type { Program } from '../trace/program.js';
import type { Backend } from './backend.js';
import { hostBackend, outputsFor } from './host-backend.js';
import { generateLoopSource } from './js-codegen.js';

/**
 * A compiled loop: runs the program over `n` elements, reading `ins` (in the order of the
 * program's inputs), writing `outs` (in the order of its outputs), with `scalars` in the order of
 * its scalars.
 */
export type StepLoop = (n: number, ins: TypedArray[], outs: TypedArray[], scalars: number[]) => void;

/** Compiles a program into a JavaScript function (see {@link generateLoopSource}). */
export function compileLoop(program: Program, dtype: DType): StepLoop {
  // The generated source is built only from the program's own instruction list and names
  // sanitised to identifiers; no user string reaches it unescaped.
  return new Function(generateLoopSource(program, dtype))() as StepLoop;
}

/**
 * `js`: one generated loop per rule and dtype, one pass over memory per tensor per step, float32
 * (bit-identical to `reference-f32`) or float64 (bit-identical to `reference-f64`).
 */
export const jsBackend: Backend<HostTensor> = hostBackend('js', ['float32', 'float64'], (compiled, dtype) => {
  const loop = compileLoop(compiled.program, dtype);
  const { program } = compiled;
  return (groups, scalars, inPlace) => {
    const k = program.scalars.map((name) => {
      const v = scalars[name];
      if (v === undefined) throw new Error(`${program.ruleId}: missing per-step scalar '${name}'`);
      return v;
    });
    return groups.map((group) => {
      const out = outputsFor(compiled, group, dtype, inPlace);
      const ins = program.inputs.map((name) => group[name]!.data);
      const outs = program.outputs.map((o) => out[o.name]!.data);
      loop(group.param!.data.length, ins, outs, k);
      return out;
    });
  };
});
