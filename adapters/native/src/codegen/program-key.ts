/**
 * The canonical text of a traced program: what the generated kernel table is keyed by.
 *
 * @module
 */
import type { Program } from '@stablegrad/core';
import { float64Bits } from './hex-literal.js';

/**
 * A text that identifies what `program` computes: its inputs, scalars (in order), instructions
 * (literals by their exact float64 bits) and outputs. Two programs with the same key compute the
 * same bits on every element, whatever rule they were traced from, so the key (not the rule id)
 * selects a compiled kernel.
 */
export function programKey(program: Program): string {
  const instrs = program.instrs.map((ins) => {
    switch (ins.op) {
      case 'input':
        return `input ${program.inputs.indexOf(ins.name)}`;
      case 'scalar':
        return `scalar ${program.scalars.indexOf(ins.name)}`;
      case 'literal':
        return `literal ${float64Bits(ins.value)}`;
      case 'sqrt':
      case 'neg':
      case 'abs':
        return `${ins.op} ${ins.a}`;
      default:
        return `${ins.op} ${ins.a} ${ins.b}`;
    }
  });
  return [
    `inputs ${program.inputs.length}`,
    `scalars ${program.scalars.length}`,
    ...instrs,
    `outputs ${program.outputs.map((o) => o.value).join(' ')}`,
  ].join('\n');
}
