/**
 * Generates a fused JavaScript loop from a {@link Program}.
 *
 * @module
 */
import type { DType } from '../tensor.js';
import type { Program } from '../trace/program.js';

/**
 * A JavaScript literal that reads back as exactly `x` (including `-0`, `NaN`, `Infinity`).
 */
function numberLiteral(x: number): string {
  if (Object.is(x, -0)) return '-0';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return `(${String(x)})`;
}

/** A JavaScript identifier-safe rendering of an input or scalar name. */
function ident(prefix: string, name: string, index: number): string {
  return `${prefix}${index}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * The source of a function `(n, ins, outs, scalars) => void` that runs `program` over `n` elements.
 * `ins` and `outs` are arrays of typed arrays in the order of `program.inputs` and
 * `program.outputs`; `scalars` is an array in the order of `program.scalars`.
 *
 * In float32 every arithmetic result is wrapped in `Math.fround`, giving one correct rounding per
 * operation; `neg`, `abs`, `min` and `max` are exact and need none. Each element's inputs are all
 * read before its outputs are written, so outputs may alias inputs.
 */
export function generateLoopSource(program: Program, dtype: DType): string {
  const f32 = dtype === 'float32';
  const round = (e: string): string => (f32 ? `fround(${e})` : e);
  const lines: string[] = ['"use strict";', 'const fround = Math.fround, sqrt = Math.sqrt, abs = Math.abs, min = Math.min, max = Math.max;', 'return function step(n, ins, outs, scalars) {'];
  program.inputs.forEach((name, i) => lines.push(`  const ${ident('in', name, i)} = ins[${i}];`));
  program.outputs.forEach((o, i) => lines.push(`  const ${ident('out', o.name, i)} = outs[${i}];`));
  program.scalars.forEach((name, i) => lines.push(`  const ${ident('k', name, i)} = ${round(`scalars[${i}]`)};`));
  lines.push('  for (let i = 0; i < n; i++) {');
  program.instrs.forEach((ins, i) => {
    let e: string;
    switch (ins.op) {
      case 'input':
        e = `${ident('in', ins.name, program.inputs.indexOf(ins.name))}[i]`;
        break;
      case 'scalar':
        e = ident('k', ins.name, program.scalars.indexOf(ins.name));
        break;
      case 'literal':
        e = numberLiteral(f32 ? Math.fround(ins.value) : ins.value);
        break;
      case 'add':
        e = round(`v${ins.a} + v${ins.b}`);
        break;
      case 'sub':
        e = round(`v${ins.a} - v${ins.b}`);
        break;
      case 'mul':
        e = round(`v${ins.a} * v${ins.b}`);
        break;
      case 'div':
        e = round(`v${ins.a} / v${ins.b}`);
        break;
      case 'sqrt':
        e = round(`sqrt(v${ins.a})`);
        break;
      case 'neg':
        e = `-v${ins.a}`;
        break;
      case 'abs':
        e = `abs(v${ins.a})`;
        break;
      case 'min':
        e = `min(v${ins.a}, v${ins.b})`;
        break;
      case 'max':
        e = `max(v${ins.a}, v${ins.b})`;
        break;
    }
    lines.push(`    const v${i} = ${e};`);
  });
  program.outputs.forEach((o, i) => lines.push(`    ${ident('out', o.name, i)}[i] = v${o.value};`));
  lines.push('  }', '};');
  return lines.join('\n');
}
