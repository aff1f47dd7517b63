/**
 * Equivalence mode: property-based inputs run on a backend and on `reference-f32`, compared in
 * float32 ulps. A strict backend must give 0 ulp: the same bits.
 *
 * @module
 */
import fc from 'fast-check';
import { Optimizer, builtinRules, getRule, referenceF32, seededUniform, ulpDistance, type Backend, type HostTensor } from '@stablegrad/core';
import { hyperArbitrary } from '@stablegrad/core/testing';
import type { ResultRow } from './result.js';

/** Options of {@link checkEquivalence}. */
export interface EquivalenceOptions {
  /** Property runs per rule (default 20). */
  readonly numRuns?: number;
  /** fast-check seed, for reproducible inputs (default 11). */
  readonly seed?: number;
  /** Largest tensor size drawn (default 100000). */
  readonly maxSize?: number;
  /** Rules to check (default: every built-in rule). */
  readonly rules?: readonly string[];
}

/** One drawn input: a rule configuration, tensor sizes, value distribution and step count. */
interface Case {
  readonly hyper: Readonly<Record<string, number | boolean>>;
  readonly sizes: readonly number[];
  readonly seed: number;
  /** Magnitudes are `2^e` with `e` uniform in `[minExp, maxExp]`: -149 reaches subnormals, 100 is about 1.3e30. */
  readonly minExp: number;
  readonly maxExp: number;
  /** Fraction of elements set to `+0` or `-0`. */
  readonly zeros: number;
  readonly steps: number;
}

function caseArb(rule: string, maxSize: number): fc.Arbitrary<Case> {
  const size = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 64 }), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: maxSize }), weight: 1 });
  return fc
    .record({
      hyper: hyperArbitrary(getRule(rule)),
      sizes: fc.array(size, { minLength: 1, maxLength: 3 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      a: fc.integer({ min: -149, max: 100 }),
      b: fc.integer({ min: -149, max: 100 }),
      zeros: fc.constantFrom(0, 0.05, 0.5),
      steps: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ a, b, ...rest }) => ({ ...rest, minExp: Math.min(a, b), maxExp: Math.max(a, b) }));
}

function fill(c: Case, size: number, next: () => number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const sign = next() < 0.5 ? -1 : 1;
    out[i] = next() < c.zeros ? sign * 0 : sign * 2 ** (c.minExp + next() * (c.maxExp - c.minExp));
  }
  return out;
}

/** Runs one case on both backends; returns the largest ulp distance over every output of every step. */
function maxUlpFor(rule: string, c: Case, backend: Backend<any>): number {
  const next = seededUniform(c.seed);
  const names = c.sizes.map((_, i) => `t${i}`);
  const init = names.map((_, i) => fill(c, c.sizes[i]!, next));
  const grads = Array.from({ length: c.steps }, () => names.map((_, i) => fill(c, c.sizes[i]!, next)));
  const sides = [referenceF32, backend].map((b) => {
    const opt = new Optimizer(rule, c.hyper, { backend: b, dtype: 'float32' });
    const up = (arrs: Float32Array[]) =>
      Object.fromEntries(names.map((n, i) => [n, b.fromHost({ shape: [arrs[i]!.length], data: arrs[i]! }, 'float32')]));
    let params = up(init);
    let state = opt.init(params);
    const trace: HostTensor[] = [];
    for (const g of grads) {
      ({ params, state } = opt.step(up(g), state, params));
      for (const n of names) {
        trace.push(b.toHost(params[n]));
        for (const s of opt.compiled.slots) trace.push(b.toHost(state.slots[n]![s]));
      }
    }
    return trace;
  });
  let worst = 0;
  sides[0]!.forEach((ref, k) => {
    const got = sides[1]![k]!.data;
    for (let i = 0; i < ref.data.length; i++) {
      const d = ulpDistance(got[i]!, ref.data[i]!);
      if (d > worst) worst = d;
    }
  });
  return worst;
}

/**
 * Checks every rule on `backend` against `reference-f32` with property-based inputs: shapes from 1
 * to `maxSize` elements, magnitudes from subnormal to about 1e30, zeros of both signs, random
 * hyperparameters in range, one to four steps. A row per rule; it fails when some input gives
 * more than `ulpBound` ulps, and its reason then shows fast-check's shrunk counterexample.
 */
export function checkEquivalence(backend: Backend<any>, ulpBound = 0, options: EquivalenceOptions = {}): ResultRow[] {
  const rules = options.rules ?? Object.keys(builtinRules);
  return rules.map((rule): ResultRow => {
    const base = { set: `equivalence:${rule}`, kind: 'equivalence' as const, rule, dtype: 'float32' as const, backend: backend.id };
    if (!backend.dtypes.includes('float32')) {
      return { ...base, status: 'skipped', reason: `computes in ${backend.dtypes.join(', ')} only; equivalence is a float32 check` };
    }
    let maxUlp = 0;
    let thrown: unknown;
    const details = fc.check(
      fc.property(caseArb(rule, options.maxSize ?? 100_000), (c) => {
        let d: number;
        try {
          d = maxUlpFor(rule, c, backend);
        } catch (e) {
          thrown = e;
          throw e;
        }
        maxUlp = Math.max(maxUlp, d);
        return d <= ulpBound;
      }),
      { numRuns: options.numRuns ?? 20, seed: options.seed ?? 11 },
    );
    if (details.failed) {
      const example = `counterexample ${JSON.stringify(details.counterexample?.[0])}`;
      const why = thrown === undefined ? example : `${example} threw: ${(thrown as Error).message}`;
      return { ...base, status: 'failed', maxUlp, reason: `more than ${ulpBound} ulp: ${why}` };
    }
    return { ...base, status: 'passed', maxUlp, ...(ulpBound > 0 ? { reason: `documented bound ${ulpBound} ulp` } : {}) };
  });
}
