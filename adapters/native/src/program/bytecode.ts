/**
 * The bytecode form of a {@link Program} that the addon's interpreter executes.
 *
 * @module
 */
import type { Program } from '@stablegrad/core';

/** Opcode of each instruction kind, as the addon's interpreter (`addon/src/interpreter.h`) numbers them. */
export const OPCODES = {
  input: 0,
  scalar: 1,
  literal: 2,
  add: 3,
  sub: 4,
  mul: 5,
  div: 6,
  min: 7,
  max: 8,
  sqrt: 9,
  neg: 10,
  abs: 11,
} as const;

/** A program as flat arrays. */
export interface Bytecode {
  /** Three integers per instruction: opcode, then operand `a`, then `b` (0 when unused). */
  readonly code: Int32Array;
  /** The literals, in float64; a `literal` instruction's `a` indexes here. */
  readonly literals: Float64Array;
  /** The value id of each output, in the program's output order. */
  readonly outputs: Int32Array;
}

/**
 * Encodes `program`: `input` operands index `program.inputs`, `scalar` operands index
 * `program.scalars`, `literal` operands index `literals`; arithmetic operands are value ids.
 */
export function encodeProgram(program: Program): Bytecode {
  const code = new Int32Array(3 * program.instrs.length);
  const literals: number[] = [];
  program.instrs.forEach((ins, i) => {
    code[3 * i] = OPCODES[ins.op];
    switch (ins.op) {
      case 'input':
        code[3 * i + 1] = program.inputs.indexOf(ins.name);
        break;
      case 'scalar':
        code[3 * i + 1] = program.scalars.indexOf(ins.name);
        break;
      case 'literal':
        code[3 * i + 1] = literals.push(ins.value) - 1;
        break;
      case 'sqrt':
      case 'neg':
      case 'abs':
        code[3 * i + 1] = ins.a;
        break;
      default:
        code[3 * i + 1] = ins.a;
        code[3 * i + 2] = ins.b;
    }
  });
  return { code, literals: Float64Array.from(literals), outputs: Int32Array.from(program.outputs, (o) => o.value) };
}
