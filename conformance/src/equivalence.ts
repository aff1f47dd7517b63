/**
 * Equivalence mode: property-based inputs run on a backend and on `reference-f32` computing in the
 * backend's declared arithmetic, compared in float32 ulps. A backend must give 0 ulp: the same
 * bits, under its own declaration.
 *
 * @module
 */
import fc from 'fast-check';
import { builtinRules, getRule, referenceF32, referenceF32For, seededUniform, type Backend, type Float32Arithmetic } from '@stablegrad/core';
import { hyperArbitrary } from '@stablegrad/core/testing';
import { accumulate, emptyComparison, flushNote, type ArithmeticComparison } from './arithmetic-compare.js';
import type { ResultRow } from './result.js';
import { runTrajectory, type TrajectorySpec } from './trajectory.js';

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
  /** The backend's declared float32 arithmetic (default `ieee`). */
  readonly arithmetic?: Float32Arithmetic;
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

/** The trajectory of one case: its inputs, with every slot read after every step. */
function specFor(rule: string, c: Case): TrajectorySpec {
  const next = seededUniform(c.seed);
  const names = c.sizes.map((_, i) => `t${i}`);
  const shapes = Object.fromEntries(names.map((n, i) => [n, [c.sizes[i]!]]));
  const init = Object.fromEntries(names.map((n, i) => [n, fill(c, c.sizes[i]!, next)]));
  const grads = Array.from({ length: c.steps }, () => Object.fromEntries(names.map((n, i) => [n, fill(c, c.sizes[i]!, next)])));
  return { rule, hyper: c.hyper, dtype: 'float32', shapes, init, grads, slots: true };
}

/** Runs one case on `backend` and on the reference(s), and compares every output of every step. */
async function compareCase(rule: string, c: Case, backend: Backend<any>, arithmetic: Float32Arithmetic): Promise<ArithmeticComparison> {
  const spec = specFor(rule, c);
  const got = await runTrajectory(backend, spec);
  const declared = await runTrajectory(referenceF32For(arithmetic), spec);
  const ieee = arithmetic === 'ieee' ? undefined : await runTrajectory(referenceF32, spec);
  const acc = emptyComparison();
  declared.forEach((step, k) => {
    for (const [name, want] of Object.entries(step)) accumulate(acc, arithmetic, got[k]![name]!.data, want.data, ieee?.[k]![name]!.data);
  });
  return acc;
}

/**
 * Checks every rule on `backend` against `reference-f32` computing in the backend's declared
 * arithmetic (`options.arithmetic`), with property-based inputs: shapes from 1 to `maxSize`
 * elements, magnitudes from subnormal to about 1e30, zeros of both signs, random hyperparameters
 * in range, one to four steps. A row per rule; it fails when some input gives more than
 * `ulpBound` ulps, and its reason then shows fast-check's shrunk counterexample. Under `ftz` the
 * row counts, in `flushed`, the elements that differ from strict IEEE only through flushing.
 */
export async function checkEquivalence(backend: Backend<any>, ulpBound = 0, options: EquivalenceOptions = {}): Promise<ResultRow[]> {
  const rules = options.rules ?? Object.keys(builtinRules);
  const arithmetic = options.arithmetic ?? 'ieee';
  const rows: ResultRow[] = [];
  for (const rule of rules) {
    const base = { set: `equivalence:${rule}`, kind: 'equivalence' as const, rule, dtype: 'float32' as const, backend: backend.id, arithmetic };
    if (!backend.dtypes.includes('float32')) {
      rows.push({ ...base, status: 'skipped', reason: `computes in ${backend.dtypes.join(', ')} only; equivalence is a float32 check` });
      continue;
    }
    let maxUlp = 0;
    let flushed = 0;
    let elements = 0;
    let failing = false;
    let thrown: unknown;
    const details = await fc.check(
      fc.asyncProperty(caseArb(rule, options.maxSize ?? 100_000), async (c) => {
        let r: ArithmeticComparison;
        try {
          r = await compareCase(rule, c, backend, arithmetic);
        } catch (e) {
          thrown = e;
          throw e;
        }
        maxUlp = Math.max(maxUlp, r.maxUlp);
        if (!failing) {
          flushed += r.flushed;
          elements += r.elements;
        }
        failing ||= r.maxUlp > ulpBound;
        return r.maxUlp <= ulpBound;
      }),
      { numRuns: options.numRuns ?? 20, seed: options.seed ?? 11 },
    );
    const counts = arithmetic === 'ftz' ? { flushed } : {};
    const note = flushNote({ flushed, elements, maxUlp });
    if (details.failed) {
      const example = `counterexample ${JSON.stringify(details.counterexample?.[0])}`;
      const why = thrown === undefined ? example : `${example} threw: ${(thrown as Error).message}`;
      rows.push({ ...base, status: 'failed', maxUlp, ...counts, reason: `more than ${ulpBound} ulp under ${arithmetic} arithmetic: ${why}` });
      continue;
    }
    const notes = [ulpBound > 0 ? `documented bound ${ulpBound} ulp` : undefined, note].filter(Boolean);
    rows.push({ ...base, status: 'passed', maxUlp, ...counts, ...(notes.length > 0 ? { reason: notes.join('; ') } : {}) });
  }
  return rows;
}
