import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { BINARY_OPS, UNARY_OPS, numberOps } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import { TFJS_BACKENDS } from '../test-support/tfjs-setup.js';
import { onBackend } from './on-backend.js';
import { tensorOps } from './tensor-ops.js';

const reference = numberOps(Math.fround, {});
const ops = tensorOps(() => {
  throw new Error('no scalars here');
});

/** The same float32 value, NaNs counting as equal and zeros compared with their sign. */
const same = (x: number, y: number): boolean => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));

function firstDifference(got: ArrayLike<number>, want: readonly number[]): string | undefined {
  for (let i = 0; i < want.length; i++) {
    if (!same(got[i]!, want[i]!)) return `element ${i}: got ${Object.is(got[i], -0) ? '-0' : got[i]}, expected ${Object.is(want[i], -0) ? '-0' : want[i]}`;
  }
  return undefined;
}

const pairs = fc.array(fc.tuple(fc.float(), fc.float()), { minLength: 1, maxLength: 200 });
const specials = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2 ** -149, -(2 ** -126), 3.4028234663852886e38];

describe.each(TFJS_BACKENDS)('tensorOps on tfjs %s', (name) => {
  it.each([...BINARY_OPS])('%s gives the bits of the float32 reference, tensor with tensor and with scalar', (op) => {
    fc.assert(
      fc.property(pairs, fc.float(), (xy, s) => {
        const a = xy.map(([x]) => x);
        const b = xy.map(([, y]) => y);
        const [both, right, left] = onBackend(name, () =>
          tf.tidy(() => {
            const ta = tf.tensor1d(a, 'float32');
            const tb = tf.tensor1d(b, 'float32');
            const ts = tf.scalar(s, 'float32');
            return [ops[op](ta, tb), ops[op](ta, ts), ops[op](ts, tb)].map((t) => t.dataSync());
          }),
        );
        expect(firstDifference(both!, a.map((x, i) => reference[op](x, b[i]!)))).toBeUndefined();
        expect(firstDifference(right!, a.map((x) => reference[op](x, s)))).toBeUndefined();
        expect(firstDifference(left!, b.map((y) => reference[op](s, y)))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it.each([...UNARY_OPS])('%s gives the bits of the float32 reference', (op) => {
    fc.assert(
      fc.property(fc.array(fc.float(), { minLength: 1, maxLength: 200 }), (a) => {
        const got = onBackend(name, () => tf.tidy(() => ops[op](tf.tensor1d(a, 'float32')).dataSync()));
        expect(firstDifference(got, a.map((x) => reference[op](x)))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('min and max propagate a NaN in either operand and order -0 below +0, as Math.min and Math.max', () => {
    const a = specials.flatMap((x) => specials.map(() => x));
    const b = specials.flatMap(() => specials);
    const [min, max] = onBackend(name, () =>
      tf.tidy(() => {
        const ta = tf.tensor1d(a, 'float32');
        const tb = tf.tensor1d(b, 'float32');
        return [ops.min(ta, tb).dataSync(), ops.max(ta, tb).dataSync()];
      }),
    );
    expect(firstDifference(min!, a.map((x, i) => Math.min(x, b[i]!)))).toBeUndefined();
    expect(firstDifference(max!, a.map((x, i) => Math.max(x, b[i]!)))).toBeUndefined();
  });

  it('literals are float32 scalars rounded to nearest', () => {
    const v = onBackend(name, () => tf.tidy(() => ops.literal(0.1).dataSync()));
    expect(Array.from(v)).toEqual([Math.fround(0.1)]);
  });
});
