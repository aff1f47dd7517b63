import { describe, expect, it } from 'vitest';
import { getRule, sdprop } from '../rules/index.js';
import { traceRule } from '../trace/trace.js';
import { compileRule } from './compile-rule.js';
import type { DType, HostTensor } from '../tensor.js';
import type { Backend } from './backend.js';
import { generateLoopSource } from './js-codegen.js';
import { jsBackend } from './js.js';
import { referenceF32, referenceF64 } from './reference.js';

/** Values spanning signs, zeros, subnormals, huge magnitudes and non-finite numbers. */
const awkward = [0, -0, 1, -1, 0.1, -3.5, 1e-45, -1.4e-45, 1e-38, 3e38, -3e38, 1e30, 1e-30, 7, Infinity, -Infinity, NaN, 2 ** -126, 123456.789];

function inputs(slots: readonly string[], dtype: DType): Record<string, HostTensor> {
  const n = awkward.length;
  const make = (shift: number) => {
    const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = awkward[(i + shift) % n]!;
    return { shape: [n], data };
  };
  return Object.fromEntries(['param', 'grad', ...slots].map((name, k) => [name, make(k * 5)]));
}

function runOnce(backend: Backend, id: string, hyper: Record<string, unknown>, dtype: DType) {
  const compiled = compileRule(id, hyper);
  const group = inputs(compiled.slots, dtype);
  return backend.compile(compiled, dtype).run([group], getRule(id).scalars(compiled.hyper, 4)).outputs[0]!;
}

const configs: [string, Record<string, unknown>][] = [
  ['sgd', {}],
  ['sgd', { momentum: 0.9, nesterov: true }],
  ['rmsprop', { centered: true, momentum: 0.5 }],
  ['adam', { lr: 0.02 }],
  ['sdprop', {}],
  ['sdprop', { biasCorrection: false }],
  ['adastand', { beta1: 0.7 }],
];

describe('js backend', () => {
  it.each(configs)('%s %j: float32 is bit-identical to reference-f32, float64 to reference-f64', (id, hyper) => {
    for (const [dtype, ref] of [['float32', referenceF32], ['float64', referenceF64]] as const) {
      const a = runOnce(jsBackend, id, hyper, dtype);
      const b = runOnce(ref, id, hyper, dtype);
      for (const name of Object.keys(b)) {
        const x = Array.from(a[name]!.data, (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));
        const y = Array.from(b[name]!.data, (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));
        expect(x, `${dtype} ${name}`).toEqual(y);
      }
    }
  });

  it('float32 loops round every arithmetic result and nothing else', () => {
    const h = sdprop.resolve();
    const src = generateLoopSource(traceRule(sdprop, h), 'float32');
    expect(src).toMatch(/fround\(sqrt\(v\d+\)\)/);
    expect(src.match(/fround\(/g)!.length).toBe(13 + 5);
    expect(generateLoopSource(traceRule(sdprop, h), 'float64')).not.toMatch(/fround\(v/);
  });

  it('writes in place when asked, leaving results identical', () => {
    const compiled = compileRule('adam');
    const scalars = compiled.rule.scalars(compiled.hyper, 1);
    const kernel = jsBackend.compile(compiled, 'float32');
    const fresh = kernel.run([inputs(compiled.slots, 'float32')], scalars).outputs[0]!;
    const group = inputs(compiled.slots, 'float32');
    const inPlace = kernel.run([group], scalars, true).outputs[0]!;
    expect(inPlace.param!.data).toBe(group.param!.data);
    expect(Array.from(inPlace.param!.data)).toEqual(Array.from(fresh.param!.data));
    expect(Array.from(inPlace.v!.data)).toEqual(Array.from(fresh.v!.data));
  });

  it('refuses a dtype it does not compute in', () => {
    expect(() => referenceF32.compile(compileRule('sgd'), 'float64')).toThrow(
      /reference-f32: dtype 'float64' is not supported; expected one of float32/,
    );
  });
});
