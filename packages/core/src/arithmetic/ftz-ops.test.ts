import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS, UNARY_OPS } from '../ops.js';
import { numberOps, referenceF32, referenceF32Ftz, referenceF32For } from '../backends/reference.js';
import { Optimizer } from '../optimizer/optimizer.js';
import { FLOAT32_MIN_NORMAL, checkArithmetic, flushSubnormal, float32Rounding, isSubnormal32 } from './float32-arithmetic.js';
import { ftzOps } from './ftz-ops.js';

const ftz = ftzOps({});
const ieee = numberOps(Math.fround, {});
const float32 = fc.float({ noDefaultInfinity: false });
const normalOrZero = float32.filter((x) => !isSubnormal32(x));

describe('flushSubnormal', () => {
  it('turns subnormals into zeros of their sign and leaves every other value alone', () => {
    expect(Object.is(flushSubnormal(1e-40), 0)).toBe(true);
    expect(Object.is(flushSubnormal(-1e-45), -0)).toBe(true);
    expect(flushSubnormal(FLOAT32_MIN_NORMAL)).toBe(FLOAT32_MIN_NORMAL);
    for (const x of [0, -0, 1, -3.5, Infinity, -Infinity]) expect(Object.is(flushSubnormal(x), x)).toBe(true);
    expect(flushSubnormal(NaN)).toBeNaN();
  });

  it('rounds to float32 before flushing a result', () => {
    const write = float32Rounding('ftz');
    expect(write(FLOAT32_MIN_NORMAL * (1 - 2 ** -30))).toBe(FLOAT32_MIN_NORMAL); // rounds up to the smallest normal
    expect(Object.is(write(-(2 ** -130)), -0)).toBe(true);
    expect(float32Rounding('ieee')(2 ** -130)).toBe(2 ** -130);
  });
});

describe('ftzOps', () => {
  it('reads subnormal operands as zero and writes subnormal results as zero', () => {
    expect(ftz.add(1e-40, 1)).toBe(1);
    expect(ftz.add(1e-40, 1e-40)).toBe(0);
    expect(Object.is(ftz.mul(-(2 ** -100), 2 ** -30), -0)).toBe(true); // IEEE: -2^-130, a subnormal
    expect(ftz.div(1e-40, 1e-40)).toBeNaN(); // 0 / 0
    expect(ftz.div(1, 1e-40)).toBe(Infinity);
    expect(ftz.sqrt(1e-40)).toBe(0); // IEEE: about 1e-20
    expect(ftz.max(1e-40, 0)).toBe(0);
    expect(Object.is(ftz.neg(1e-40), -0)).toBe(true);
  });

  it('rounds literals and scalars to float32 and flushes them', () => {
    expect(ftz.literal(1e-40)).toBe(0);
    expect(ftzOps({ s: 7e-46 }).scalar('s')).toBe(0);
    expect(ftzOps({ s: 0.1 }).scalar('s')).toBe(Math.fround(0.1));
    expect(() => ftz.scalar('missing')).toThrow(/missing per-step scalar 'missing'/);
  });

  it('never produces a subnormal', () => {
    fc.assert(
      fc.property(float32, float32, (a, b) => {
        for (const op of BINARY_OPS) expect(isSubnormal32(ftz[op](a, b))).toBe(false);
        for (const op of UNARY_OPS) expect(isSubnormal32(ftz[op](a))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('equals IEEE float32 whenever operands and the IEEE result are normal or zero', () => {
    fc.assert(
      fc.property(normalOrZero, normalOrZero, (a, b) => {
        for (const op of BINARY_OPS) {
          const want = ieee[op](a, b);
          if (!isSubnormal32(want)) expect(Object.is(ftz[op](a, b), want) || (Number.isNaN(want) && Number.isNaN(ftz[op](a, b)))).toBe(true);
        }
        for (const op of UNARY_OPS) {
          const want = ieee[op](a);
          if (!isSubnormal32(want)) expect(Object.is(ftz[op](a), want) || Number.isNaN(want)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('reference-f32 under either arithmetic', () => {
  it('picks the oracle of a declaration and rejects unknown names', () => {
    expect(referenceF32For('ieee')).toBe(referenceF32);
    expect(referenceF32For('ftz')).toBe(referenceF32Ftz);
    expect(checkArithmetic('ftz', 'arithmetic')).toBe('ftz');
    expect(() => checkArithmetic('fast', 'entries[0].arithmetic')).toThrow(/entries\[0\]\.arithmetic: expected one of ieee, ftz, got "fast"/);
  });

  it('steps a rule with subnormal parameters read as zero', () => {
    const run = (backend: typeof referenceF32) => {
      const opt = new Optimizer('sgd', { lr: 0.5 }, { backend });
      const params = { w: { shape: [3], data: Float32Array.of(1e-40, 1, 2 ** -120) } };
      const grads = { w: { shape: [3], data: Float32Array.of(0, 1e-40, 2 ** -7) } };
      return opt.step(grads, opt.init(params), params).params.w!.data;
    };
    expect(Array.from(run(referenceF32))).toEqual([Math.fround(1e-40), 1, Math.fround(2 ** -120 - 2 ** -8)]);
    expect(Array.from(run(referenceF32Ftz))).toEqual([0, 1, Math.fround(2 ** -120 - 2 ** -8)]);
  });
});
