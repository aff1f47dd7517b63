import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDevice, checkDtype, checkedHostTensor, checkedSize, describe as describeValue, MAX_TENSOR_BYTES } from './tensor-args.js';

describe('checkedSize', () => {
  it('gives the number of elements of valid shapes, empty ones with huge dimensions included', () => {
    expect(checkedSize([], 'float32')).toBe(1);
    expect(checkedSize([2, 3, 4], 'float64')).toBe(24);
    expect(checkedSize([2 ** 40, 0], 'float32')).toBe(0);
    expect(checkedSize([0, 1e13], 'float64')).toBe(0);
    expect(Object.is(checkedSize([-0, 3], 'float32'), 0)).toBe(true);
    expect(checkedSize([2 ** 51 - 1], 'float32')).toBe(2 ** 51 - 1);
  });

  it('refuses shapes of more than 2^53 - 1 bytes, naming the shape, the elements and the bytes', () => {
    expect(() => checkedSize([2 ** 31, 2 ** 31], 'float32')).toThrow(
      new RangeError('shape [2147483648, 2147483648]: 4611686018427387904 elements of float32 (18446744073709551616 bytes) exceed the largest native tensor, 2^53 - 1 bytes'),
    );
    expect(() => checkedSize([2 ** 51], 'float32')).toThrow(RangeError);
    expect(() => checkedSize([2 ** 50, 0, 8], 'float64')).toThrow(RangeError);
  });

  it('names the dimension that is not a non-negative safe integer, and the type that is wrong', () => {
    expect(() => checkedSize([2 ** 63], 'float32')).toThrow(new RangeError('shape[0]: expected a non-negative integer no larger than 2^53 - 1, got 9223372036854776000'));
    for (const d of [-1, 1.5, NaN, Infinity, -Infinity, 2 ** 53]) expect(() => checkedSize([2, d], 'float32')).toThrow(/^shape\[1\]: expected a non-negative integer/);
    expect(() => checkedSize('abc', 'float32')).toThrow(new TypeError("shape: expected an array of non-negative integers, got 'abc'"));
    expect(() => checkedSize([1, '2'], 'float32')).toThrow(new TypeError("shape[1]: expected a non-negative integer, got '2'"));
    expect(() => checkedSize(new Array(2), 'float32')).toThrow(new TypeError('shape[0]: expected a non-negative integer, got undefined'));
    expect(() => checkedSize([1n], 'float32')).toThrow(TypeError);
  });

  it('agrees with the product in exact integer arithmetic on any array of integers', () => {
    const dims = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(0, 2 ** 20, 2 ** 31, 2 ** 40, 2 ** 52, Number.MAX_SAFE_INTEGER), fc.integer({ min: -3, max: -1 }));
    fc.assert(
      fc.property(fc.array(dims, { maxLength: 5 }), fc.constantFrom('float32' as const, 'float64' as const), (shape, dtype) => {
        if (shape.some((d) => d < 0)) {
          expect(() => checkedSize(shape, dtype)).toThrow(RangeError);
          return;
        }
        const addressed = shape.reduce((p, d) => (d === 0 ? p : p * BigInt(d)), BigInt(dtype === 'float64' ? 8 : 4));
        if (addressed > BigInt(MAX_TENSOR_BYTES)) expect(() => checkedSize(shape, dtype)).toThrow(RangeError);
        else expect(BigInt(checkedSize(shape, dtype))).toBe(shape.reduce((p, d) => p * BigInt(d), 1n));
      }),
    );
  });
});

describe('argument checks', () => {
  it('tell a wrong type (TypeError) from a wrong value (RangeError)', () => {
    expect(() => checkDtype(32)).toThrow(new TypeError("dtype: expected 'float32' or 'float64', got 32"));
    expect(() => checkDtype('int32')).toThrow(new RangeError("dtype: expected 'float32' or 'float64', got 'int32'"));
    expect(() => checkDevice(null)).toThrow(new TypeError("device: expected 'cpu' or 'cuda', got null"));
    expect(() => checkDevice('gpu')).toThrow(new RangeError("device: expected 'cpu' or 'cuda', got 'gpu'"));
    expect(() => checkedHostTensor(null, 'float32')).toThrow(new TypeError('t: expected a host tensor { shape, data }, got null'));
    expect(() => checkedHostTensor({ shape: [2], data: new Int32Array(2) }, 'float32')).toThrow(new TypeError('data: expected a Float32Array or Float64Array, got an object (Int32Array)'));
    expect(() => checkedHostTensor({ shape: [2], data: [1, 2] }, 'float32')).toThrow(new TypeError('data: expected a Float32Array or Float64Array, got an array of 2 items'));
    expect(() => checkedHostTensor({ shape: [2, 2], data: new Float64Array(3) }, 'float32')).toThrow(new RangeError('data: shape [2, 2] needs 4 elements, got 3'));
    expect(checkedHostTensor({ shape: [2, 2], data: new Float64Array(4) }, 'float32')).toBe(4);
  });

  it('describe any value briefly without throwing', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withTypedArray: true, withMap: true, withNullPrototype: true }), (value) => {
        expect(describeValue(value).length).toBeLessThan(100);
      }),
    );
  });
});
