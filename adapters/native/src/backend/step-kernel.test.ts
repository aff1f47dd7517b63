import { afterEach, describe, expect, it } from 'vitest';
import { loadAddon } from '../addon/load.js';
import { encodeProgram } from '../program/bytecode.js';
import { clipByGlobalNorm } from '@stablegrad/core';
import { compileRule, firstBitDifference } from '@stablegrad/core/testing';
import { mixedValues } from '../test-support/fixtures.js';
import { liveTensors, type NativeTensor } from '../tensor/native-tensor.js';
import { nativeBackend } from './native-backend.js';

const backend = nativeBackend();
/**
 * Every tensor a test makes, freed after it: none is left to the garbage collector, whose
 * finalizers would otherwise change `liveTensors()` in the middle of a later test.
 */
const made: NativeTensor[] = [];
const owned = <T extends NativeTensor>(t: T): T => (made.push(t), t);
const zeros = (shape: number[]): NativeTensor => owned(backend.zeros(shape, 'float32'));
const fromHost = (data: Float32Array): NativeTensor => owned(backend.fromHost({ shape: [data.length], data }, 'float32'));
afterEach(() => {
  for (const t of made.splice(0)) if (!t.disposed) t.dispose();
});
const c = compileRule('sdprop');
const names = ['param', 'grad', ...c.slots];

/** Groups of mixed values, `sizes[g]` elements in group g. */
function set(sizes: readonly number[], seed: number): Record<string, NativeTensor>[] {
  return sizes.map((n, g) => Object.fromEntries(names.map((name, k) => [name, owned(backend.fromHost(mixedValues(n, seed + 5 * k + g, 'float32'), 'float32'))])));
}

describe('NativeStepKernel in place over the same parameter set', () => {
  it('gives the bits of a new kernel at every step, returning the same frozen records', () => {
    const sizes = [16, 1, 300];
    const kept = set(sizes, 1);
    const fresh = set(sizes, 1);
    const kernel = backend.compile(c, 'float32');
    let first: Record<string, NativeTensor>[] | undefined;
    for (let t = 1; t <= 4; t++) {
      const scalars = c.rule.scalars(c.hyper, t);
      // New group objects each step, as the optimizer makes them, holding the same tensors.
      const outs = kernel.run(kept.map((group) => ({ ...group })), scalars, true).outputs;
      first ??= outs;
      expect(outs).toBe(first);
      backend.compile(c, 'float32').run(fresh, scalars, true);
    }
    expect(Object.isFrozen(first![0])).toBe(true);
    kept.forEach((group, g) => {
      expect(first![g]!.param).toBe(group.param);
      for (const name of ['param', ...c.slots]) expect(firstBitDifference(group[name]!.toHost().data, fresh[g]![name]!.toHost().data), `group ${g} '${name}'`).toBe(-1);
    });
  });

  it('checks the set again once a tensor is replaced, disposed or held by a pending step', async () => {
    const kernel = backend.compile(c, 'float32');
    const scalars = c.rule.scalars(c.hyper, 1);
    const groups = set([8, 8], 3);
    const before = kernel.run(groups, scalars, true).outputs;
    expect(() => kernel.run([groups[0]!, { ...groups[1]!, grad: zeros([9]) }], scalars, true)).toThrow(
      "native-cpu (sdprop): group 1 'grad': expected shape [8] (the parameter's), got [9]",
    );
    const replaced = [groups[0]!, { ...groups[1]!, grad: zeros([8]) }];
    const outs = kernel.run(replaced, scalars, true).outputs;
    expect(outs).not.toBe(before);
    expect(outs[1]!.param).toBe(groups[1]!.param);
    const pending = kernel.runAsync(replaced, scalars, true);
    expect(() => kernel.run(replaced, scalars, true)).toThrow("native-cpu (sdprop): group 0 'param': the tensor is in use by a pending async step; await it first");
    await pending;
    expect(kernel.run(replaced, scalars, true).outputs).toBe((await pending).outputs);
    groups[0]!.mu!.dispose();
    expect(() => kernel.run(replaced, scalars, true)).toThrow("native-cpu (sdprop): group 0 'mu': the tensor has been disposed");
  });
});

describe('NativeStepKernel with clipping', () => {
  const clipped = compileRule('sgd', {}, { transforms: [clipByGlobalNorm(1e-6)] });
  const make = (n: number) => ({ param: zeros([n]), grad: fromHost(new Float32Array(n).fill(1)) });

  it('checks every tensor before clipping, so a bad call allocates nothing', () => {
    const kernel = backend.compile(clipped, 'float32');
    const good = make(4);
    const bad = make(4);
    bad.grad.dispose();
    const before = liveTensors();
    expect(() => kernel.run([good, bad], { lr: 1 })).toThrow("native-cpu (sgd): group 1 'grad': the tensor has been disposed");
    expect(() => kernel.run([good, { ...bad, grad: zeros([5]) }], { lr: 1 })).toThrow("group 1 'grad': expected shape [4] (the parameter's), got [5]");
    expect(liveTensors().count).toBe(before.count + 1);
  });

  it('holds the given gradients during an async step even when it steps with clipped copies', async () => {
    const kernel = backend.compile(clipped, 'float32');
    const group = make(4);
    const before = liveTensors();
    const pending = kernel.runAsync([group], { lr: 1 }, true);
    expect(() => group.grad.toHost()).toThrow('in use by a pending async step');
    const out = await pending;
    expect(out.gradNorm).toBe(2);
    expect(liveTensors()).toEqual(before);
    // clipped to norm 1e-6: each element of the gradient 5e-7, rounded to float32
    expect(Array.from(group.param.toHost().data)).toEqual(new Array(4).fill(-Math.fround(Math.fround(1 * Math.fround(1e-6 / 2)))));
  });
});

describe('the addon step program', () => {
  it('checks the same ids again once a tensor is freed or held by a pending step', async () => {
    const sgd = compileRule('sgd', { lr: 0.5 });
    const bc = encodeProgram(sgd.program);
    const program = new (loadAddon().StepProgram)(bc.code, bc.literals, bc.outputs, sgd.program.inputs.length, sgd.program.scalars.length, -1, 0, 0);
    const param = zeros([4]);
    const grad = fromHost(Float32Array.of(1, 2, 3, 4));
    const ids = Float64Array.of(param.id, grad.id, param.id);
    const scalars = Float64Array.from(sgd.program.scalars, (name) => sgd.rule.scalars(sgd.hyper, 1)[name]!);
    program.run(ids, scalars);
    program.run(ids, scalars);
    expect(Array.from(param.toHost().data)).toEqual([-1, -2, -3, -4]);
    const pending = program.runAsync(ids, scalars);
    expect(() => program.run(ids, scalars)).toThrow('group 0 tensor 0: the tensor is in use by a pending async step; await it first');
    await pending;
    expect(Array.from(param.toHost().data)).toEqual([-1.5, -3, -4.5, -6]);
    grad.dispose();
    expect(() => program.run(ids, scalars)).toThrow('group 0 tensor 1: the tensor has been disposed');
    expect(() => program.run(Float64Array.of(param.id, NaN, param.id), scalars)).toThrow(new TypeError('group 0 tensor 1: expected a tensor id'));
    expect(() => program.run(Float64Array.of(param.id, 2 ** 64, param.id), scalars)).toThrow(new TypeError('group 0 tensor 1: expected a tensor id'));
  });

  it('refuses malformed programs: device and dtype codes, counts, a generated kernel of another shape', () => {
    const { StepProgram } = loadAddon();
    const sgd = compileRule('sgd', { lr: 0.5 });
    const bc = encodeProgram(sgd.program);
    const make = (inputs: number, scalars: number, kernel: number, device: number, dtype: number, code = bc.code) => () => new StepProgram(code, bc.literals, bc.outputs, inputs, scalars, kernel, device, dtype);
    expect(make(2, 1, -1, 2, 0)).toThrow(new RangeError('device: expected 0 for the CPU or 1 for CUDA'));
    expect(make(2, 1, -1, 0, 0.5)).toThrow(new RangeError('dtype: expected 0 for float32 or 1 for float64'));
    expect(make(2, 1, -1, 0, '0' as never)).toThrow(TypeError);
    expect(make(2 ** 31, 1, -1, 0, 0)).toThrow(/^program: at least 1 input, at most 24 inputs and outputs/);
    expect(make(2, 1, -1, 0, 0, new Int32Array(3 * 5000))).toThrow(/^program: expected 3 integers per instruction and at most 4096 instructions/);
    expect(make(2, 1, 1.5, 0, 0)).toThrow(new RangeError('kernel: no generated kernel with this index'));
    const sdprop = loadAddon().buildInfo().kernels.findIndex((key) => key.includes('sqrt'));
    expect(make(2, 1, sdprop, 0, 0)).toThrow(new RangeError('kernel: the generated kernel has other inputs, outputs or scalars than the program'));
    expect(make(2, 1, -1, 0, 0, Int32Array.of(99, 0, 0, ...bc.code.slice(3)))).toThrow(new RangeError('program: instruction 0 is malformed'));
  });
});
