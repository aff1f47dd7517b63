/**
 * A traced {@link Program} as ONNX nodes, one node per arithmetic instruction, in order.
 *
 * @module
 */
import type { BinaryOp, DType, Program, UnaryOp } from '@stablegrad/core';
import type { GraphBuilder } from './graph-builder.js';
import { emitMinMax } from './emit-min-max.js';

/** The `ai.onnx` operator of each operation of `Ops` that maps to exactly one node. */
export const ONNX_OPS: Readonly<Record<Exclude<BinaryOp | UnaryOp, 'min' | 'max'>, string>> = {
  add: 'Add',
  sub: 'Sub',
  mul: 'Mul',
  div: 'Div',
  sqrt: 'Sqrt',
  neg: 'Neg',
  abs: 'Abs',
};

/** Where one tensor's program reads its values and writes its results, by program name. */
export interface ProgramBinding {
  /** Graph value for each program input (`param`, `grad`, slot names). */
  readonly inputs: Readonly<Record<string, string>>;
  /** Graph input for each per-step scalar. */
  readonly scalars: Readonly<Record<string, string>>;
  /** Graph output for each program output (`param`, slot names). */
  readonly outputs: Readonly<Record<string, string>>;
  /** Prefix of intermediate value names (e.g. `_t0` gives `_t0_v5`). */
  readonly prefix: string;
  /** What this tensor is, for error messages (e.g. `parameter 'w'`). */
  readonly what: string;
}

/**
 * Emits `program` for one tensor: each `add`, `sub`, `mul`, `div`, `sqrt`, `neg`, `abs`
 * instruction becomes one node of the same operator on the same operands, in the program's order,
 * with nothing merged or reordered; `min` and `max` become `Min`/`Max` with their signed zeros
 * fixed up (see {@link emitMinMax}); inputs and scalars are the bound graph values and
 * literals are scalar initializers in `dtype`. An instruction whose value is a program output
 * writes the graph output directly; an output whose value is an input, a scalar, a literal or
 * another output's value is copied with `Identity`.
 */
export function emitProgram(b: GraphBuilder, program: Program, dtype: DType, bind: ProgramBinding): void {
  const claimed = new Map<number, string>();
  for (const o of program.outputs) {
    const ins = program.instrs[o.value]!;
    const computed = ins.op !== 'input' && ins.op !== 'scalar' && ins.op !== 'literal';
    if (computed && !claimed.has(o.value)) claimed.set(o.value, bind.outputs[o.name]!);
  }
  const values: string[] = [];
  program.instrs.forEach((ins, i) => {
    switch (ins.op) {
      case 'input': {
        const v = bind.inputs[ins.name];
        if (v === undefined) throw new Error(`${program.ruleId}: no graph value bound to input '${ins.name}'`);
        values.push(v);
        return;
      }
      case 'scalar': {
        const v = bind.scalars[ins.name];
        if (v === undefined) throw new Error(`${program.ruleId}: no graph input bound to scalar '${ins.name}'`);
        values.push(v);
        return;
      }
      case 'literal':
        values.push(b.constant(ins.value, dtype));
        return;
    }
    const out = claimed.get(i) ?? `${bind.prefix}_v${i}`;
    const what = `instruction %${i} (${ins.op}) of ${bind.what}`;
    if (ins.op === 'min' || ins.op === 'max') {
      values.push(emitMinMax(b, ins.op, values[ins.a]!, values[ins.b]!, out, `${bind.prefix}_v${i}`, what, dtype));
      return;
    }
    const operands = 'b' in ins ? [values[ins.a]!, values[ins.b]!] : [values[ins.a]!];
    values.push(b.node(ONNX_OPS[ins.op], operands, out, what));
  });
  for (const o of program.outputs) {
    const name = bind.outputs[o.name]!;
    if (claimed.get(o.value) !== name) b.node('Identity', [values[o.value]!], name, `output '${o.name}' of ${bind.what}`);
  }
}
