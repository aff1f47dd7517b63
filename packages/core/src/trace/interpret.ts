/**
 * Running a {@link Program} over any {@link Ops} interpretation.
 *
 * @module
 */
import type { Ops } from '../ops.js';
import type { Program } from './program.js';

/**
 * Evaluates `program` with `ops`, reading inputs from `inputs` by name.
 * Scalars are read through `ops.scalar`, literals through `ops.literal`.
 * This is how an eager adapter (one that has an `Ops<Tensor>`) runs a traced program.
 *
 * @returns the outputs by name
 */
export function interpret<T>(program: Program, ops: Ops<T>, inputs: Readonly<Record<string, T>>): Record<string, T> {
  const v: T[] = new Array(program.instrs.length);
  program.instrs.forEach((ins, i) => {
    switch (ins.op) {
      case 'input': {
        const x = inputs[ins.name];
        if (x === undefined) throw new Error(`${program.ruleId}: missing input '${ins.name}'`);
        v[i] = x;
        break;
      }
      case 'scalar':
        v[i] = ops.scalar(ins.name);
        break;
      case 'literal':
        v[i] = ops.literal(ins.value);
        break;
      case 'sqrt':
      case 'neg':
      case 'abs':
        v[i] = ops[ins.op](v[ins.a]!);
        break;
      default:
        v[i] = ops[ins.op](v[ins.a]!, v[ins.b]!);
    }
  });
  return Object.fromEntries(program.outputs.map((o) => [o.name, v[o.value]!]));
}
