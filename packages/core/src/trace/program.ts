/**
 * Programs: the traced form of a rule that the fast backends consume.
 *
 * @module
 */
import type { BinaryOp, UnaryOp } from '../ops.js';

/** One SSA instruction; its value id is its index in {@link Program.instrs}. */
export type Instr =
  | { readonly op: 'input'; readonly name: string }
  | { readonly op: 'scalar'; readonly name: string }
  | { readonly op: 'literal'; readonly value: number }
  | { readonly op: UnaryOp; readonly a: number }
  | { readonly op: BinaryOp; readonly a: number; readonly b: number };

/**
 * A straight-line elementwise computation in static single assignment form.
 *
 * Instructions are listed in the order the rule performed them; a backend that executes them in
 * this order, in the element dtype, with no contraction or reassociation, reproduces the
 * float32-strict reference bit for bit.
 *
 * Inputs are `param`, `grad` and the slot names; outputs are `param` and the slot names.
 */
export interface Program {
  /** The rule this program was traced from. */
  readonly ruleId: string;
  /** Names of the per-element inputs, in a stable order. */
  readonly inputs: readonly string[];
  /** Names of the per-step scalars the instructions read. */
  readonly scalars: readonly string[];
  /** The instructions, in execution order. */
  readonly instrs: readonly Instr[];
  /** Each output name with the id of the instruction that computes it. */
  readonly outputs: readonly { readonly name: string; readonly value: number }[];
}

/** Renders a program as readable text, one instruction a line (for docs and debugging). */
export function formatProgram(p: Program): string {
  const lines = p.instrs.map((ins, i) => {
    switch (ins.op) {
      case 'input':
        return `%${i} = input ${ins.name}`;
      case 'scalar':
        return `%${i} = scalar ${ins.name}`;
      case 'literal':
        return `%${i} = literal ${ins.value}`;
      case 'sqrt':
      case 'neg':
      case 'abs':
        return `%${i} = ${ins.op} %${ins.a}`;
      default:
        return `%${i} = ${ins.op} %${ins.a}, %${ins.b}`;
    }
  });
  const outs = p.outputs.map((o) => `${o.name} = %${o.value}`).join(', ');
  return `program ${p.ruleId}\n${lines.join('\n')}\nreturn ${outs}`;
}
