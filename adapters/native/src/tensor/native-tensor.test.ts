import { setImmediate as nextTurn } from 'node:timers/promises';
import { compileRule } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import { nativeBackend } from '../backend/native-backend.js';
import { nativeLinAlg } from '../backend/native-linalg.js';
import { liveTensors, NativeTensor } from './native-tensor.js';

const backend = nativeBackend();

/** Runs `f` and checks that it left the addon's live tensors as they were. */
function leavesNothing(f: () => void): void {
  const before = liveTensors();
  f();
  expect(liveTensors()).toEqual(before);
}

describe('sizes that cannot be held are RangeErrors naming the shape, and nothing is allocated', () => {
  it('[2^31, 2^31] float32: its byte size wrapped to 0; the tensor is refused, so findNonFinite, toHost and scale on it cannot happen', () => {
    leavesNothing(() =>
      expect(() => NativeTensor.zeros('cpu', [2 ** 31, 2 ** 31], 'float32')).toThrow(
        new RangeError('shape [2147483648, 2147483648]: 4611686018427387904 elements of float32 (18446744073709551616 bytes) exceed the largest native tensor, 2^53 - 1 bytes'),
      ),
    );
  });

  it('[2^63]: not a safe integer', () => {
    leavesNothing(() => expect(() => NativeTensor.zeros('cpu', [2 ** 63], 'float64')).toThrow(new RangeError('shape[0]: expected a non-negative integer no larger than 2^53 - 1, got 9223372036854776000')));
  });

  it('an sgd step in place on two [2^63] tensors: the tensors cannot be made (the element count wrapped to 0)', () => {
    const kernel = backend.compile(compileRule('sgd'), 'float32');
    leavesNothing(() => {
      expect(() => kernel.run([{ param: backend.zeros([2 ** 63], 'float32'), grad: backend.zeros([2 ** 63], 'float32') }], { lr: 0.1 }, true)).toThrow(/^shape\[0\]: expected a non-negative integer/);
    });
  });

  it('a valid size beyond the machine memory is refused by the allocation', () => {
    leavesNothing(() => expect(() => NativeTensor.zeros('cpu', [2 ** 45], 'float32')).toThrow(/^shape \[35184372088832\]: 35184372088832 elements of float32 on 'cpu' cannot be allocated: 140737488355328 bytes exceed the machine's physical memory/));
  });

  it('a host copy longer than a typed array can be is a RangeError naming the shape (when the machine holds the tensor at all)', () => {
    // 2^32 + 16 float32 elements: 16 GiB of address space, never touched (calloc maps zero pages lazily).
    const shape = [2 ** 32 + 16];
    let t: NativeTensor;
    try {
      t = NativeTensor.zeros('cpu', shape, 'float32');
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect((e as Error).message).toMatch(/^shape \[4294967312\]: .* cannot be allocated/);
      return;
    }
    expect(() => t.toHost()).toThrow(/^shape \[4294967312\]: a host copy of 4294967312 elements of float32 cannot be allocated: Invalid typed array length/);
    t.dispose();
  });
});

describe('empty tensors, huge dimensions beside a zero included', () => {
  it('allocate nothing and answer every call without touching memory', () => {
    const before = liveTensors();
    const t = NativeTensor.zeros('cpu', [2 ** 40, 0], 'float32');
    expect(liveTensors()).toEqual({ count: before.count + 1, bytes: before.bytes });
    expect(t.size).toBe(0);
    expect(t.findNonFinite()).toBe(-1);
    expect(t.toHost()).toEqual({ shape: [2 ** 40, 0], data: new Float32Array(0) });
    const scaled = nativeLinAlg.scale(t, 2);
    expect(scaled.shape).toEqual([2 ** 40, 0]);
    expect(nativeLinAlg.sumOfSquares(t)).toBe(0);
    const copy = t.clone();
    copy.copyFrom(scaled);
    const host = NativeTensor.fromHost('cpu', { shape: [0, 1e13], data: new Float64Array(0) }, 'float64');
    for (const x of [t, scaled, copy, host]) x.dispose();
    expect(liveTensors()).toEqual(before);
  });

  it('step in place and not in place, beside non-empty groups', () => {
    const c = compileRule('sgd', { momentum: 0.5 });
    const kernel = backend.compile(c, 'float32');
    const group = (shape: number[]) => ({ param: backend.zeros(shape, 'float32'), grad: backend.fromHost({ shape, data: new Float32Array(shape.reduce((a, d) => a * d, 1)).fill(1) }, 'float32'), buf: backend.zeros(shape, 'float32') });
    const groups = [group([2 ** 40, 0]), group([3]), group([0])];
    const before = liveTensors();
    const fresh = kernel.run(groups, { lr: 0.5, momentum: 0.5 }).outputs;
    expect(fresh.map((o) => o.param!.shape)).toEqual([[2 ** 40, 0], [3], [0]]);
    expect(Array.from(fresh[1]!.param!.toHost().data)).toEqual([-0.5, -0.5, -0.5]);
    expect(liveTensors().count).toBe(before.count + 6);
    kernel.run(groups, { lr: 0.5, momentum: 0.5 }, true);
    expect(Array.from(groups[1]!.param.toHost().data)).toEqual([-0.5, -0.5, -0.5]);
  });
});

describe('bad arguments', () => {
  it('are TypeErrors for wrong types and RangeErrors for wrong values, named, before anything is allocated', () => {
    leavesNothing(() => {
      expect(() => NativeTensor.zeros('cpu', 'abc' as never, 'float32')).toThrow(new TypeError("shape: expected an array of non-negative integers, got 'abc'"));
      expect(() => NativeTensor.zeros('cpu', [2, 1.5], 'float32')).toThrow(new RangeError('shape[1]: expected a non-negative integer no larger than 2^53 - 1, got 1.5'));
      expect(() => NativeTensor.zeros('cpu', [NaN], 'float32')).toThrow(/^shape\[0\]: .* got NaN$/);
      expect(() => NativeTensor.zeros('cpu', [Infinity], 'float32')).toThrow(RangeError);
      expect(() => NativeTensor.zeros('cpu', [3], 'int32' as never)).toThrow(new RangeError("dtype: expected 'float32' or 'float64', got 'int32'"));
      expect(() => NativeTensor.zeros('gpu' as never, [3], 'float32')).toThrow(new RangeError("device: expected 'cpu' or 'cuda', got 'gpu'"));
      expect(() => NativeTensor.fromHost('cpu', { shape: [3], data: new Int32Array(3) as never }, 'float32')).toThrow(TypeError);
      expect(() => NativeTensor.fromHost('cpu', { shape: [3], data: new Float32Array(4) }, 'float32')).toThrow(new RangeError('data: shape [3] needs 3 elements, got 4'));
      expect(() => NativeTensor.fromHost('cpu', null as never, 'float32')).toThrow(TypeError);
      expect(() => backend.toHost({} as never)).toThrow(new TypeError('native-cpu: toHost: expected a NativeTensor'));
      expect(() => nativeBackend(null as never)).toThrow(new TypeError('options: expected an object, got null'));
      expect(() => backend.compile(compileRule('sgd'), 32 as never)).toThrow(new TypeError('native-cpu: dtype: expected a string, got 32'));
      expect(() => backend.compile({} as never, 'float32')).toThrow(TypeError);
    });
  });
});

describe('native memory', () => {
  it('is counted in bytes while live and freed by dispose', () => {
    const before = liveTensors();
    const t = NativeTensor.zeros('cpu', [1000], 'float64');
    expect(liveTensors()).toEqual({ count: before.count + 1, bytes: before.bytes + 8000 });
    backend.disposeTensor(t);
    expect(t.disposed).toBe(true);
    backend.disposeTensor(t);
    expect(liveTensors()).toEqual(before);
  });

  it('is reported to V8, so that dropped tensors are collected as the event loop turns', async () => {
    // 300 tensors of 4 MiB (never touched, so never resident), each dropped at once. A handle is
    // about 100 bytes of JavaScript heap: without the report, nothing would prompt a collection
    // and all 300 would stay live; told of the 4 MiB each, V8 collects every few dozen.
    let most = 0;
    for (let i = 0; i < 300; i++) {
      NativeTensor.zeros('cpu', [2 ** 20], 'float32');
      most = Math.max(most, liveTensors().count);
      await nextTurn();
    }
    expect(most).toBeLessThan(150);
  });
});
